/* draw_sdl.c - looplab ui: the command list drawn with SDL (see draw_sdl.h). */
#include "ui/draw_sdl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lpui_text_entry {
    uint64_t     hash;     /* 0 = empty slot */
    char        *text;     /* owned */
    uint8_t      font;
    int          w, h;
    SDL_Texture *tex;      /* rendered on first draw; owned */
};

static const char *const FONT_FILES[LPUI_FONT_COUNT] = {
    "DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSansMono-Bold.ttf",
    "DejaVuSans.ttf", "DejaVuSansMono-Bold.ttf",
};
static const float FONT_PX[LPUI_FONT_COUNT] = {13.0f, 13.0f, 12.5f, 12.5f, 11.0f, 22.0f};

static void cache_clear(lpui_sdl *d)
{
    for (size_t i = 0; i < d->cache_cap; i++) {
        if (d->cache[i].hash) {
            free(d->cache[i].text);
            if (d->cache[i].tex)
                SDL_DestroyTexture(d->cache[i].tex);
        }
    }
    if (d->cache)
        memset(d->cache, 0, d->cache_cap * sizeof *d->cache);
    d->cache_count = 0;
}

static void close_fonts(lpui_sdl *d)
{
    for (int i = 0; i < LPUI_FONT_COUNT; i++) {
        if (d->fonts[i])
            TTF_CloseFont(d->fonts[i]);
        d->fonts[i] = NULL;
    }
}

static int open_fonts(lpui_sdl *d)
{
    for (int i = 0; i < LPUI_FONT_COUNT; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", d->font_dir, FONT_FILES[i]);
        int px = (int)lroundf(FONT_PX[i] * d->scale);
        d->fonts[i] = TTF_OpenFont(path, px < 6 ? 6 : px);
        if (!d->fonts[i]) {
            close_fonts(d);
            return -1;
        }
        TTF_SetFontHinting(d->fonts[i], TTF_HINTING_LIGHT);
        d->line_h[i] = (float)TTF_FontHeight(d->fonts[i]);
    }
    return 0;
}

int lpui_sdl_init(lpui_sdl *d, SDL_Renderer *ren, const char *font_dir, float scale)
{
    memset(d, 0, sizeof *d);
    d->ren = ren;
    d->scale = scale;
    snprintf(d->font_dir, sizeof d->font_dir, "%s", font_dir);
    d->cache_cap = 8192;
    d->cache = calloc(d->cache_cap, sizeof *d->cache);
    if (!d->cache) {
        SDL_SetError("out of memory");
        return -1;
    }
    if (open_fonts(d) != 0) {
        free(d->cache);
        d->cache = NULL;
        return -1;
    }
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    return 0;
}

void lpui_sdl_free(lpui_sdl *d)
{
    cache_clear(d);
    free(d->cache);
    close_fonts(d);
    memset(d, 0, sizeof *d);
}

int lpui_sdl_set_scale(lpui_sdl *d, float scale)
{
    if (fabsf(scale - d->scale) < 0.001f)
        return 0;
    cache_clear(d);
    close_fonts(d);
    d->scale = scale;
    return open_fonts(d);
}

static uint64_t hash_text(uint8_t font, const char *s)
{
    uint64_t h = 1469598103934665603ull ^ font;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h ? h : 1;
}

/* The cache entry of (font, text), measured; NULL when out of memory. */
static lpui_text_entry *entry(lpui_sdl *d, uint8_t font, const char *text)
{
    uint64_t h = hash_text(font, text);
    size_t mask = d->cache_cap - 1, i = (size_t)h & mask;
    for (;; i = (i + 1) & mask) {
        lpui_text_entry *e = &d->cache[i];
        if (!e->hash)
            break;
        if (e->hash == h && e->font == font && strcmp(e->text, text) == 0)
            return e;
    }
    if (d->cache_count * 4 >= d->cache_cap * 3) { /* full: start again */
        cache_clear(d);
        return entry(d, font, text);
    }
    lpui_text_entry *e = &d->cache[i];
    size_t n = strlen(text) + 1;
    e->text = malloc(n);
    if (!e->text)
        return NULL;
    memcpy(e->text, text, n);
    e->hash = h;
    e->font = font;
    e->tex = NULL;
    if (TTF_SizeUTF8(d->fonts[font], text, &e->w, &e->h) != 0)
        e->w = e->h = 0;
    d->cache_count++;
    return e;
}

static float measure(void *user, lpui_font font, const char *text)
{
    lpui_sdl *d = user;
    lpui_text_entry *e = entry(d, (uint8_t)font, text);
    return e ? (float)e->w : 0;
}

void lpui_sdl_metrics(lpui_sdl *d, lpui_metrics *out)
{
    out->measure = measure;
    out->user = d;
    for (int i = 0; i < LPUI_FONT_COUNT; i++)
        out->height[i] = d->line_h[i];
}

/* ---- primitives ---- */

static SDL_Vertex vert(float x, float y, lpui_color c)
{
    SDL_Vertex v = {{x, y}, {c.r, c.g, c.b, c.a}, {0, 0}};
    return v;
}

/* A convex polygon as a triangle fan from its first point. */
static void fill_poly(lpui_sdl *d, const SDL_FPoint *pts, int n, lpui_color c)
{
    SDL_Vertex v[64];
    int idx[192], k = 0;
    if (n > 64)
        n = 64;
    for (int i = 0; i < n; i++)
        v[i] = vert(pts[i].x, pts[i].y, c);
    for (int i = 1; i + 1 < n; i++) {
        idx[k++] = 0;
        idx[k++] = i;
        idx[k++] = i + 1;
    }
    SDL_RenderGeometry(d->ren, NULL, v, n, idx, k);
}

/* Plain rects: opaque ones without blending (much faster in software). */
static void fill_rects(lpui_sdl *d, const SDL_FRect *r, int n, lpui_color c)
{
    SDL_SetRenderDrawBlendMode(d->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(d->ren, c.r, c.g, c.b, c.a);
    SDL_RenderFillRectsF(d->ren, r, n);
    SDL_SetRenderDrawBlendMode(d->ren, SDL_BLENDMODE_BLEND);
}

/* A rounded rect: three plain rects and four small corner fans (the
** software rasterizer walks each triangle's bounding box: keep them small). */
static void fill_round(lpui_sdl *d, lpui_rect r, float rad, lpui_color c)
{
    if (r.w <= 0 || r.h <= 0 || c.a == 0)
        return;
    if (rad > r.w / 2)
        rad = r.w / 2;
    if (rad > r.h / 2)
        rad = r.h / 2;
    if (rad < 1.5f) {
        SDL_FRect f = {r.x, r.y, r.w, r.h};
        fill_rects(d, &f, 1, c);
        return;
    }
    SDL_FRect body[3] = {{r.x + rad, r.y, r.w - 2 * rad, r.h},
                         {r.x, r.y + rad, rad, r.h - 2 * rad},
                         {r.x + r.w - rad, r.y + rad, rad, r.h - 2 * rad}};
    fill_rects(d, body, 3, c);
    const float cx[4] = {r.x + r.w - rad, r.x + rad, r.x + rad, r.x + r.w - rad};
    const float cy[4] = {r.y + rad, r.y + rad, r.y + r.h - rad, r.y + r.h - rad};
    for (int corner = 0; corner < 4; corner++) {
        SDL_FPoint pts[7];
        pts[0] = (SDL_FPoint){cx[corner], cy[corner]};
        for (int j = 0; j <= 5; j++) {
            float a = (float)(corner * 90 + j * 18) * 3.14159265f / 180.0f;
            pts[j + 1].x = cx[corner] + rad * cosf(a);
            pts[j + 1].y = cy[corner] - rad * sinf(a);
        }
        fill_poly(d, pts, 7, c);
    }
}

static void outline(lpui_sdl *d, lpui_rect r, float w, lpui_color c)
{
    if (w < 1)
        w = 1;
    SDL_FRect e[4] = {{r.x, r.y, r.w, w}, {r.x, r.y + r.h - w, r.w, w},
                      {r.x, r.y + w, w, r.h - 2 * w}, {r.x + r.w - w, r.y + w, w, r.h - 2 * w}};
    fill_rects(d, e, 4, c);
}

static void draw_rect(lpui_sdl *d, const lpui_cmd *c)
{
    lpui_rect r = c->r;
    bool border = c->fg.a > 0 && c->width > 0;
    if (c->bg.a > 0) {
        if (border && c->bg.a == 255 && r.w * r.h < 40000) { /* small: a border that follows the corners */
            fill_round(d, r, c->radius, c->fg);
            fill_round(d, lpui_rect_inset(r, c->width, c->width), c->radius - c->width, c->bg);
            return;
        }
        fill_round(d, r, c->radius, c->bg);
    }
    if (border)
        outline(d, r, c->width, c->fg);
}

static SDL_Rect to_rect(lpui_rect r)
{
    SDL_Rect s = {(int)floorf(r.x), (int)floorf(r.y), (int)ceilf(r.w), (int)ceilf(r.h)};
    return s;
}

/* Runs `body` clipped to r within the current clip. */
static void push_clip(lpui_sdl *d, lpui_rect r, SDL_Rect *saved, bool *was)
{
    *saved = d->clip;
    *was = d->clipped;
    SDL_Rect c = to_rect(r), out;
    if (d->clipped && SDL_IntersectRect(&c, &d->clip, &out))
        c = out;
    else if (d->clipped)
        c.w = c.h = 0;
    SDL_RenderSetClipRect(d->ren, &c);
}

static void pop_clip(lpui_sdl *d, const SDL_Rect *saved, bool was)
{
    SDL_RenderSetClipRect(d->ren, was ? saved : NULL);
}

static void draw_pattern(lpui_sdl *d, const lpui_cmd *c)
{
    lpui_rect r = c->r;
    if (r.w <= 0 || r.h <= 0)
        return;
    SDL_Rect saved;
    bool was;
    push_clip(d, r, &saved, &was);
    lpui_color col = c->fg;
    SDL_SetRenderDrawColor(d->ren, col.r, col.g, col.b, c->pattern == LPUI_PAT_DOTS ? 200 : 170);
    float s = c->width > 0 ? c->width : 1;
    float gap = (c->pattern == LPUI_PAT_HATCH ? 7.0f : 8.0f) * s;
    float thick = c->pattern == LPUI_PAT_STRIPES ? 3.0f * s : 1.5f * s;
    if (c->pattern == LPUI_PAT_DOTS) {
        for (float y = r.y + 2 * s; y < r.y + r.h; y += 5 * s)
            for (float x = r.x + 2 * s + fmodf(y, 10 * s) / 2; x < r.x + r.w; x += 5 * s) {
                SDL_FRect dot = {x, y, 1.5f * s, 1.5f * s};
                SDL_RenderFillRectF(d->ren, &dot);
            }
    } else {
        /* diagonal bands of `thick` one-pixel lines, gap apart */
        int lines = (int)(thick + 0.5f);
        for (int dir = 0; dir < (c->pattern == LPUI_PAT_HATCH ? 2 : 1); dir++)
            for (float o = -r.h; o < r.w; o += gap)
                for (int k = 0; k < lines; k++) {
                    float x0 = r.x + o + (float)k;
                    if (dir == 0)
                        SDL_RenderDrawLineF(d->ren, x0, r.y + r.h, x0 + r.h, r.y);
                    else
                        SDL_RenderDrawLineF(d->ren, x0, r.y, x0 + r.h, r.y + r.h);
                }
    }
    pop_clip(d, &saved, was);
}

static void draw_shape(lpui_sdl *d, const lpui_cmd *c)
{
    lpui_rect r = c->r;
    float cx = r.x + r.w / 2, cy = r.y + r.h / 2, rad = (r.w < r.h ? r.w : r.h) / 2;
    SDL_FPoint pts[20];
    int n = 0;
    switch (c->pattern) {
    case LPUI_SHAPE_CIRCLE:
        for (n = 0; n < 16; n++) {
            float a = (float)n * 6.2831853f / 16;
            pts[n] = (SDL_FPoint){cx + rad * cosf(a), cy + rad * sinf(a)};
        }
        break;
    case LPUI_SHAPE_TRIANGLE:
        pts[0] = (SDL_FPoint){cx, cy - rad};
        pts[1] = (SDL_FPoint){cx + rad, cy + rad * 0.85f};
        pts[2] = (SDL_FPoint){cx - rad, cy + rad * 0.85f};
        n = 3;
        break;
    case LPUI_SHAPE_DIAMOND:
        pts[0] = (SDL_FPoint){cx, cy - rad * 1.1f};
        pts[1] = (SDL_FPoint){cx + rad * 1.1f, cy};
        pts[2] = (SDL_FPoint){cx, cy + rad * 1.1f};
        pts[3] = (SDL_FPoint){cx - rad * 1.1f, cy};
        n = 4;
        break;
    case LPUI_SHAPE_HEXAGON:
        for (n = 0; n < 6; n++) {
            float a = (float)n * 6.2831853f / 6;
            pts[n] = (SDL_FPoint){cx + rad * cosf(a), cy + rad * sinf(a)};
        }
        break;
    default:
        pts[0] = (SDL_FPoint){cx - rad * 0.9f, cy - rad * 0.9f};
        pts[1] = (SDL_FPoint){cx + rad * 0.9f, cy - rad * 0.9f};
        pts[2] = (SDL_FPoint){cx + rad * 0.9f, cy + rad * 0.9f};
        pts[3] = (SDL_FPoint){cx - rad * 0.9f, cy + rad * 0.9f};
        n = 4;
        break;
    }
    fill_poly(d, pts, n, c->fg);
}

static void draw_line(lpui_sdl *d, const lpui_cmd *c)
{
    lpui_rect r = c->r;
    float w = c->width > 1 ? c->width : 1;
    if (r.w == 0 || r.h == 0) { /* straight: a thin rect */
        SDL_SetRenderDrawColor(d->ren, c->fg.r, c->fg.g, c->fg.b, c->fg.a);
        SDL_FRect f = r.w == 0 ? (SDL_FRect){r.x - w / 2, r.y < r.y + r.h ? r.y : r.y + r.h, w, fabsf(r.h)}
                               : (SDL_FRect){r.x < r.x + r.w ? r.x : r.x + r.w, r.y - w / 2, fabsf(r.w), w};
        SDL_RenderFillRectF(d->ren, &f);
        return;
    }
    SDL_SetRenderDrawColor(d->ren, c->fg.r, c->fg.g, c->fg.b, c->fg.a);
    SDL_RenderDrawLineF(d->ren, r.x, r.y, r.x + r.w, r.y + r.h);
}

static void draw_text(lpui_sdl *d, const lpui_cmds *cmds, const lpui_cmd *c)
{
    const char *text = lpui_cmd_text(cmds, c);
    if (!*text || c->font >= LPUI_FONT_COUNT)
        return;
    lpui_text_entry *e = entry(d, c->font, text);
    if (!e)
        return;
    if (!e->tex) {
        SDL_Color white = {255, 255, 255, 255};
        SDL_Surface *s = TTF_RenderUTF8_Blended(d->fonts[c->font], text, white);
        if (!s)
            return;
        e->tex = SDL_CreateTextureFromSurface(d->ren, s);
        SDL_FreeSurface(s);
        if (!e->tex)
            return;
    }
    SDL_SetTextureColorMod(e->tex, c->fg.r, c->fg.g, c->fg.b);
    SDL_SetTextureAlphaMod(e->tex, c->fg.a);
    SDL_Rect dst = {(int)lroundf(c->r.x), (int)lroundf(c->r.y), e->w, e->h};
    SDL_RenderCopy(d->ren, e->tex, NULL, &dst);
}

void lpui_sdl_draw(lpui_sdl *d, const lpui_cmds *cmds)
{
    d->clipped = false;
    SDL_RenderSetClipRect(d->ren, NULL);
    for (size_t i = 0; i < cmds->count; i++) {
        const lpui_cmd *c = &cmds->items[i];
        switch (c->type) {
        case LPUI_CMD_RECT:
            draw_rect(d, c);
            break;
        case LPUI_CMD_PATTERN:
            draw_pattern(d, c);
            break;
        case LPUI_CMD_SHAPE:
            draw_shape(d, c);
            break;
        case LPUI_CMD_LINE:
            draw_line(d, c);
            break;
        case LPUI_CMD_TEXT:
            draw_text(d, cmds, c);
            break;
        case LPUI_CMD_CLIP:
            d->clipped = c->r.w > 0;
            d->clip = to_rect(c->r);
            SDL_RenderSetClipRect(d->ren, d->clipped ? &d->clip : NULL);
            break;
        default:
            break;
        }
    }
    SDL_RenderSetClipRect(d->ren, NULL);
}
