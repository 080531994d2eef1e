/* scene.c - looplab ui: the frame's drawing helpers and its entry point. */
#include "ui/scene_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const float lpui_speeds[LPUI_SPEEDS] = {0.25f, 0.5f, 1.0f, 2.0f, 4.0f, 8.0f, 16.0f};
const float lpui_rates[LPUI_SPEEDS] = {10, 30, 100, 300, 1000, 3000, 10000};

double lpui_ease(double t)
{
    if (t <= 0)
        return 0;
    if (t >= 1)
        return 1;
    return t < 0.5 ? 2 * t * t : 1 - 2 * (1 - t) * (1 - t);
}

void lpui_narration_set(lpui_narration *n, const char *title, const char *subtitle,
                        const char *text, double checkpoint)
{
    snprintf(n->title, sizeof n->title, "%s", title ? title : "");
    snprintf(n->subtitle, sizeof n->subtitle, "%s", subtitle ? subtitle : "");
    snprintf(n->text, sizeof n->text, "%s", text ? text : "");
    n->checkpoint = checkpoint;
    n->line = 0;
    n->nchoices = n->answered = n->right = 0;
    n->nheld = 0;
}

void lpui_narration_hold(lpui_narration *n, size_t number, size_t from)
{
    if (n->nheld < sizeof n->held / sizeof n->held[0]) {
        n->held[n->nheld] = number;
        n->held_from[n->nheld++] = from;
    }
}

void lpui_narration_ask(lpui_narration *n, const char *const *choices, size_t count, size_t answered,
                        size_t right)
{
    if (count > 9)
        count = 9;
    for (size_t i = 0; i < count; i++)
        snprintf(n->choices[i], sizeof n->choices[i], "%s", choices[i] ? choices[i] : "");
    n->nchoices = count;
    n->answered = answered;
    n->right = right;
}

lpui_cmd *lpui__rect(lpui__sc *sc, lpui_rect r, uint32_t bg, uint8_t bg_a, uint32_t border,
                     float width, float radius)
{
    lpui_cmd *c = lpui_cmds_push(sc->out, LPUI_CMD_RECT, r, NULL);
    if (c) {
        c->bg = lpui_rgba(bg, bg_a);
        c->fg = lpui_rgba(border, width > 0 ? 255 : 0);
        c->width = width;
        c->radius = radius;
    }
    return c;
}

void lpui__tag(lpui_cmd *c, lpui_tag tag, uint32_t id)
{
    if (c) {
        c->tag = (uint8_t)tag;
        c->tag_id = id;
    }
}

void lpui__pattern(lpui__sc *sc, lpui_rect r, lpui_pattern p, lpui_color color)
{
    lpui_cmd *c = lpui_cmds_push(sc->out, LPUI_CMD_PATTERN, r, NULL);
    if (c) {
        c->pattern = (uint8_t)p;
        c->fg = color;
        c->width = sc->s;
    }
}

void lpui__shape(lpui__sc *sc, lpui_rect r, uint32_t task)
{
    lpui_cmd *c = lpui_cmds_push(sc->out, LPUI_CMD_SHAPE, r, NULL);
    if (c) {
        c->pattern = (uint8_t)lpui_task_shape(task);
        c->fg = lpui_task_color(task);
        c->tag_id = task;
    }
}

void lpui__line(lpui__sc *sc, float x0, float y0, float x1, float y1, lpui_color color, float w)
{
    lpui_cmd *c = lpui_cmds_push(sc->out, LPUI_CMD_LINE, lpui_rect_make(x0, y0, x1 - x0, y1 - y0),
                                 NULL);
    if (c) {
        c->fg = color;
        c->width = w;
    }
}

float lpui__measure(lpui__sc *sc, lpui_font font, const char *text)
{
    const lpui_metrics *mx = sc->f->mx;
    return mx->measure(mx->user, font, text);
}

float lpui__advance(lpui__sc *sc, lpui_font font)
{
    /* the difference of two runs cancels the last glyph's overhang, which
    ** makes one character measure wider than its advance at some sizes */
    static const char *const one = "0", *const many = "0000000000000000000000000000000000000000";
    return (lpui__measure(sc, font, many) - lpui__measure(sc, font, one)) / 39.0f;
}

float lpui__font_h(lpui__sc *sc, lpui_font font)
{
    return sc->f->mx->height[font];
}

float lpui__text(lpui__sc *sc, float x, float y, lpui_font font, uint32_t color,
                 const char *text, float max_w)
{
    if (!text || !*text)
        return 0;
    float w = lpui__measure(sc, font, text);
    char buf[1024];
    const char *shown = text;
    if (max_w > 0 && w > max_w) {
        /* the longest prefix (whole UTF-8 characters) that fits with "…" */
        size_t len = strlen(text);
        if (len > sizeof buf - 4)
            len = sizeof buf - 4;
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi + 1) / 2;
            while (mid > 0 && ((unsigned char)text[mid] & 0xC0) == 0x80)
                mid--;
            memcpy(buf, text, mid);
            memcpy(buf + mid, "\xE2\x80\xA6", 4);
            if (mid > lo && lpui__measure(sc, font, buf) <= max_w)
                lo = mid;
            else
                hi = mid > lo ? mid - 1 : lo;
        }
        if (lo == 0 && lpui__measure(sc, font, "\xE2\x80\xA6") > max_w)
            return 0; /* not even a bare "…" (still the whole text on hover) fits */
        memcpy(buf, text, lo);
        memcpy(buf + lo, "\xE2\x80\xA6", 4);
        shown = buf;
        w = lpui__measure(sc, font, buf);
    }
    lpui_cmd *c = lpui_cmds_push(sc->out, LPUI_CMD_TEXT, lpui_rect_make(x, y, w, lpui__font_h(sc, font)),
                                 shown);
    if (c) {
        c->font = (uint8_t)font;
        c->fg = lpui_rgba(color, 255);
        if (shown != text)
            lpui_cmds_set_full(sc->out, c, text);
    }
    return w;
}

void lpui__clip(lpui__sc *sc, lpui_rect r)
{
    lpui_cmds_push(sc->out, LPUI_CMD_CLIP, r, NULL);
}

void lpui__unclip(lpui__sc *sc)
{
    lpui_cmds_push(sc->out, LPUI_CMD_CLIP, lpui_rect_make(0, 0, 0, 0), NULL);
}

lpui_rect lpui__panel(lpui__sc *sc, lpui_rect r, const char *title, const char *right)
{
    float s = sc->s;
    lpui__tag(lpui__rect(sc, r, LPUI_C_PANEL, 255, LPUI_C_LINE, 1, 8 * s), LPUI_TAG_PANEL, 0);
    float hh = sc->f->L->header;
    lpui__rect(sc, lpui_rect_make(r.x + 1, r.y + 1, r.w - 2, hh - 1), LPUI_C_HEADER, 255, 0, 0,
               7 * s);
    lpui__line(sc, r.x, r.y + hh, r.x + r.w, r.y + hh, lpui_rgba(LPUI_C_LINE, 255), 1);
    float ty = r.y + (hh - lpui__font_h(sc, LPUI_FONT_BOLD)) / 2;
    float tw = lpui__text(sc, r.x + 12 * s, ty, LPUI_FONT_BOLD, 0xcfd5df, title, r.w / 2);
    if (right && *right) {
        float max = r.w - tw - 36 * s;
        float rw = lpui__measure(sc, LPUI_FONT_SMALL, right);
        if (rw > max)
            rw = max;
        lpui__text(sc, r.x + r.w - 12 * s - rw, r.y + (hh - lpui__font_h(sc, LPUI_FONT_SMALL)) / 2,
                   LPUI_FONT_SMALL, LPUI_C_MUTED, right, max);
    }
    return lpui_rect_make(r.x, r.y + hh, r.w, r.h - hh);
}

void lpui__state_box(lpui__sc *sc, lpui_rect r, lpui_tstate st, lpui_color c)
{
    float s = sc->s;
    uint32_t rgb = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    switch (st) {
    case LPUI_T_RUNNING:
        lpui__rect(sc, r, rgb, 255, 0, 0, 3 * s);
        break;
    case LPUI_T_READY:
        lpui__rect(sc, r, LPUI_C_CARD, 255, rgb, 1.5f * s, 3 * s);
        lpui__pattern(sc, lpui_rect_inset(r, 1, 1), LPUI_PAT_STRIPES, c);
        break;
    case LPUI_T_WAITING:
        lpui__rect(sc, r, rgb, 18, rgb, 1.5f * s, 3 * s);
        break;
    case LPUI_T_BLOCKED:
        lpui__rect(sc, r, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 2 * s, 3 * s);
        lpui__pattern(sc, lpui_rect_inset(r, 1, 1), LPUI_PAT_HATCH, lpui_rgba(LPUI_C_ALERT, 255));
        break;
    case LPUI_T_FAILED:
        lpui__rect(sc, r, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 1.5f * s, 3 * s);
        break;
    case LPUI_T_CANCELLED:
        lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_DIM, 1, 3 * s);
        lpui__pattern(sc, lpui_rect_inset(r, 1, 1), LPUI_PAT_DOTS, lpui_rgba(LPUI_C_MUTED, 255));
        break;
    case LPUI_T_COMPUTING: /* amber stripes; lane rows draw their share */
        lpui__rect(sc, r, 0xe8b04a, 230, 0xe8b04a, 1, 2 * s);
        lpui__pattern(sc, lpui_rect_inset(r, 1, 1), LPUI_PAT_STRIPES, lpui_rgba(0x8a5a10, 255));
        break;
    case LPUI_T_DONE: /* a thin line through the middle */
        lpui__rect(sc, lpui_rect_make(r.x, r.y + r.h / 2 - s, r.w, 2 * s), rgb, 140, 0, 0, 0);
        break;
    default: /* new: dashed-looking outline */
        lpui__rect(sc, r, LPUI_C_PANEL, 255, LPUI_C_LINE2, 1, 3 * s);
        lpui__pattern(sc, lpui_rect_inset(r, 1, 1), LPUI_PAT_DOTS, lpui_rgba(LPUI_C_DIM, 255));
        break;
    }
}

/* Text with `code` spans (code: true) is measured and drawn with the spans
** in the mono font and without their backticks; `in` says whether the text
** starts inside a span. */
static float measure_code(lpui__sc *sc, lpui_font font, const char *text, bool code, bool in)
{
    if (!code)
        return lpui__measure(sc, font, text);
    float w = 0;
    char seg[1024];
    for (const char *p = text;;) {
        size_t n = strcspn(p, "`");
        if (n) {
            snprintf(seg, sizeof seg, "%.*s", (int)(n < sizeof seg ? n : sizeof seg - 1), p);
            w += lpui__measure(sc, in ? LPUI_FONT_MONO : font, seg);
        }
        if (!p[n])
            return w;
        in = !in;
        p += n + 1;
    }
}

static void draw_code(lpui__sc *sc, float x, float y, lpui_font font, uint32_t color, const char *text, bool in)
{
    char seg[1024];
    float dy = (lpui__font_h(sc, font) - lpui__font_h(sc, LPUI_FONT_MONO)) / 2;
    for (const char *p = text;;) {
        size_t n = strcspn(p, "`");
        if (n) {
            snprintf(seg, sizeof seg, "%.*s", (int)(n < sizeof seg ? n : sizeof seg - 1), p);
            x += lpui__text(sc, x, in ? y + dy : y, in ? LPUI_FONT_MONO : font, in ? 0xcfe3ff : color, seg, 0);
        }
        if (!p[n])
            return;
        in = !in;
        p += n + 1;
    }
}

/* The bytes of p that make its next line within width w: whole words when
** they fit, else the longest run of whole characters (a path, a long word). */
static size_t fit_line(lpui__sc *sc, lpui_font font, const char *p, float w, char *line, size_t cap,
                       bool code, bool in)
{
    size_t len = 0, fit = 0;
    for (;;) {
        size_t word = strcspn(p + len, " \n");
        size_t next = len + word;
        if (next >= cap)
            break;
        memcpy(line, p, next);
        line[next] = '\0';
        if (measure_code(sc, font, line, code, in) > w)
            break;
        fit = next;
        if (p[next] != ' ')
            break;
        len = next + 1;
    }
    if (fit > 0)
        return fit;
    /* the first word alone is too wide: cut it between characters */
    size_t word = strcspn(p, " \n"), lo = 0, hi = word < cap - 1 ? word : cap - 1;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        while (mid > lo && ((unsigned char)p[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo)
            break;
        memcpy(line, p, mid);
        line[mid] = '\0';
        if (measure_code(sc, font, line, code, in) <= w)
            lo = mid;
        else
            hi = mid - 1;
    }
    if (lo == 0) { /* not even one character fits: take one anyway */
        lo = 1;
        while (p[lo] && ((unsigned char)p[lo] & 0xC0) == 0x80)
            lo++;
    }
    return lo;
}

/* Lays text out in r (draw: as commands); returns the height used. When
** the text runs out of room, its last line drawn keeps the whole text. */
static float wrap(lpui__sc *sc, lpui_rect r, lpui_font font, uint32_t color, const char *text, bool draw,
                  bool code)
{
    bool in = false; /* inside a `code` span */
    float lh = lpui__font_h(sc, font) * 1.35f;
    float y = r.y;
    char line[1024];
    const char *p = text;
    size_t last = SIZE_MAX;
    while (*p && (!draw || y + lh <= r.y + r.h + 0.5f)) {
        if (*p == '\n') { /* paragraph break */
            y += lh * (p[1] == '\n' ? 0.6f : 1.0f);
            p += p[1] == '\n' ? 2 : 1;
            continue;
        }
        size_t fit = fit_line(sc, font, p, r.w, line, sizeof line, code, in);
        memcpy(line, p, fit);
        line[fit] = '\0';
        if (draw) {
            if (code)
                draw_code(sc, r.x, y, font, color, line, in);
            else
                lpui__text(sc, r.x, y, font, color, line, 0);
            last = sc->out->count - 1;
        }
        for (size_t i = 0; code && i < fit; i++)
            in ^= line[i] == '`';
        y += lh;
        p += fit;
        while (*p == ' ')
            p++;
        if (*p == '\n' && p[1] != '\n')
            p++;
    }
    if (draw && *p && p[strspn(p, " \n")] && last < sc->out->count)
        lpui_cmds_set_full(sc->out, &sc->out->items[last], text);
    return y - r.y;
}

float lpui__wrap(lpui__sc *sc, lpui_rect r, lpui_font font, uint32_t color, const char *text)
{
    return wrap(sc, r, font, color, text, true, false);
}

float lpui__wrap_height(lpui__sc *sc, float w, lpui_font font, const char *text)
{
    return wrap(sc, lpui_rect_make(0, 0, w, 0), font, 0, text, false, false);
}

float lpui__wrap_code(lpui__sc *sc, lpui_rect r, lpui_font font, uint32_t color, const char *text)
{
    return wrap(sc, r, font, color, text, true, true);
}

float lpui__wrap_code_height(lpui__sc *sc, float w, lpui_font font, const char *text)
{
    return wrap(sc, lpui_rect_make(0, 0, w, 0), font, 0, text, false, true);
}

lpui_tstate lpui__tstate(const lpui__sc *sc, const lp_state *s, const lp_state_task *t)
{
    const uint8_t *ready = s == sc->f->b ? sc->ready_b : sc->ready_a;
    bool is_ready = ready && t->id <= sc->max_task && ready[t->id];
    return lpui_model_tstate(s, t, is_ready);
}

void lpui__label(const lpui__sc *sc, const lp_state_task *t, char *out, size_t n)
{
    lpui_model_task_label(sc->f->m, t, out, n);
}

const char *lpui__wait_name(unsigned kind)
{
    static const char *const names[] = {"a future", "sleep",     "a task",     "gather",
                                        "a queue",  "a lock",    "a semaphore", "an event",
                                        "a condition", "a worker thread", "a barrier",
                                        "a thread to finish", "work"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "something";
}

/* Marks the tasks whose step is in s's ready queue. */
static uint8_t *ready_tasks(const lpui_model *m, const lp_state *s, size_t max_task)
{
    uint8_t *r = calloc(max_task + 1, 1);
    if (!r || !s)
        return r;
    for (size_t i = s->ready_head; i < s->ready_end; i++) {
        const lpui_handle_info *h = lpui_model_handle(m, s->ready[i]);
        if (h && h->step_task && h->step_task <= max_task)
            r[h->step_task] = 1;
    }
    return r;
}

void lpui_scene_fit(lpui_layout *L, const lpui_frame *f)
{
    lpui_cmds none;
    lpui_cmds_init(&none);
    lpui__sc sc = {f, &none, L->scale, NULL, NULL, 0};
    float need = lpui__narration_need(&sc, L->narration.w);
    if (need <= 0)
        return;
    /* the side column: the narration takes what its text needs (between a
    ** quarter of the column and all but a few console lines), the console the rest */
    float gap = L->console.y - (L->narration.y + L->narration.h);
    float total = L->narration.h + gap + L->console.h;
    float lo = total * 0.25f, hi = total - gap - (L->header + 5 * L->line);
    float h = need < lo ? lo : need;
    if (h > hi)
        h = hi > lo ? hi : lo;
    L->narration.h = h;
    L->console.y = L->narration.y + h + gap;
    L->console.h = total - h - gap;
}

void lpui_scene_build(const lpui_frame *f, lpui_cmds *out)
{
    lpui__sc sc = {f, out, f->L->scale, NULL, NULL, 0};
    lpui_cmds_clear(out);
    lpui__rect(&sc, f->L->window, LPUI_C_BG, 255, 0, 0, 0);
    if (f->m && f->a) {
        for (size_t i = 0; i < f->a->task_count; i++)
            if (f->a->tasks[i].id > sc.max_task)
                sc.max_task = f->a->tasks[i].id;
        if (f->b)
            for (size_t i = 0; i < f->b->task_count; i++)
                if (f->b->tasks[i].id > sc.max_task)
                    sc.max_task = f->b->tasks[i].id;
        sc.ready_a = ready_tasks(f->m, f->a, sc.max_task);
        sc.ready_b = f->b ? ready_tasks(f->m, f->b, sc.max_task) : NULL;
    }
    lpui__top_bar(&sc);
    lpui__source_panel(&sc);
    lpui__loop_panel(&sc);
    lpui__timeline_panel(&sc);
    lpui__side_panels(&sc);
    lpui__overlays(&sc);
    free(sc.ready_a);
    free(sc.ready_b);
}
