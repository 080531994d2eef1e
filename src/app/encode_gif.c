/*
** encode_gif.c: an animated GIF through giflib, with one palette for the
** whole clip made by libimagequant (see encode.h).
**
** The palette: the caller shows the encoder sample frames first (spread
** over the clip); libimagequant picks up to 255 colours from all of them,
** index 255 is kept for "transparent". Each pixel then takes the palette
** entry nearest to its colour (squared distance in RGB, the lowest index on
** a tie; no dithering: the window is flat colours and text), remembered per
** colour, so a frame costs a lookup per changed pixel.
** Each frame after the first stores only the box of pixels that changed,
** the unchanged ones in it transparent, and is left in place (disposal
** "do not dispose"); a frame that changed nothing is one transparent pixel,
** so the GIF has exactly one image per frame. Delays are hundredths of a
** second, spread so that frame i starts at round(100 i / fps).
*/
#include "app/encode.h"

#include <gif_lib.h>
#include <libimagequant.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRANSPARENT 255

typedef struct gif_enc {
    GifFileType   *gif;
    liq_attr      *liq;
    liq_histogram *hist;
    GifColorType   pal[256];
    int            ncolors;     /* palette entries in use (0 = not made yet) */
    uint8_t       *lut;         /* colour (24 bits) -> index; owned */
    uint8_t       *known;       /* one bit per colour: lut holds it; owned */
    uint32_t      *prev_px;     /* the last frame's colours (0xRRGGBB); owned */
    uint8_t       *prev_ix;     /* ... and indices; owned */
    uint8_t       *cur_ix;      /* this frame's indices; owned */
    uint8_t       *line;        /* one row to write; owned */
    uint8_t       *rgba;        /* a sample frame as RGBA for libimagequant; owned */
    long           frames;
} gif_enc;

static void gif_message(char *err, size_t n, const char *what, int code)
{
    const char *why = GifErrorString(code);
    snprintf(err, n, "%s: %s", what, why ? why : "giflib error");
}

static int gif_sample(lpapp_encoder *e, const uint8_t *bgra, int pitch, char *err, size_t n)
{
    gif_enc *g = e->impl;
    int w = e->opts.w, h = e->opts.h;
    for (int y = 0; y < h; y++) {
        const uint8_t *s = bgra + (size_t)y * (size_t)pitch;
        uint8_t *d = g->rgba + (size_t)y * (size_t)w * 4;
        for (int x = 0; x < w; x++, s += 4, d += 4) {
            d[0] = s[2];
            d[1] = s[1];
            d[2] = s[0];
            d[3] = 255; /* the frame is opaque: what a viewer sees */
        }
    }
    liq_image *img = liq_image_create_rgba(g->liq, g->rgba, w, h, 0);
    liq_error rc = img ? liq_histogram_add_image(g->hist, g->liq, img) : LIQ_OUT_OF_MEMORY;
    if (img)
        liq_image_destroy(img);
    if (rc != LIQ_OK) {
        snprintf(err, n, "cannot make the GIF's palette (libimagequant error %d)", (int)rc);
        return -1;
    }
    return 0;
}

/* The palette from the samples; the screen header and the loop extension. */
static int start_file(lpapp_encoder *e, char *err, size_t n)
{
    gif_enc *g = e->impl;
    liq_result *res = NULL;
    if (liq_histogram_quantize(g->hist, g->liq, &res) != LIQ_OK || !res) {
        snprintf(err, n, "cannot make the GIF's palette (no sample frame?)");
        return -1;
    }
    const liq_palette *p = liq_get_palette(res);
    g->ncolors = p->count > 0 ? (int)p->count : 1;
    if (g->ncolors > TRANSPARENT)
        g->ncolors = TRANSPARENT;
    memset(g->pal, 0, sizeof g->pal);
    for (int i = 0; i < g->ncolors && i < (int)p->count; i++)
        g->pal[i] = (GifColorType){p->entries[i].r, p->entries[i].g, p->entries[i].b};
    for (int i = g->ncolors; i < 256; i++)
        g->pal[i] = g->pal[0]; /* unused: copies of entry 0 (a tie never picks them) */
    liq_result_destroy(res);

    ColorMapObject *map = GifMakeMapObject(256, g->pal);
    if (!map) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    EGifSetGifVersion(g->gif, true);
    int rc = EGifPutScreenDesc(g->gif, e->opts.w, e->opts.h, 8, 0, map);
    GifFreeMapObject(map);
    if (rc != GIF_OK) {
        gif_message(err, n, "cannot write the GIF", g->gif->Error);
        return -1;
    }
    /* NETSCAPE2.0: loop forever */
    static const GifByteType loop[3] = {1, 0, 0};
    if (EGifPutExtensionLeader(g->gif, APPLICATION_EXT_FUNC_CODE) != GIF_OK ||
        EGifPutExtensionBlock(g->gif, 11, "NETSCAPE2.0") != GIF_OK ||
        EGifPutExtensionBlock(g->gif, 3, loop) != GIF_OK || EGifPutExtensionTrailer(g->gif) != GIF_OK) {
        gif_message(err, n, "cannot write the GIF", g->gif->Error);
        return -1;
    }
    return 0;
}

/* The palette entry nearest to rgb (0xRRGGBB). */
static uint8_t nearest(gif_enc *g, uint32_t rgb)
{
    if (g->known[rgb >> 3] & (1u << (rgb & 7)))
        return g->lut[rgb];
    int r = (int)(rgb >> 16), gr = (int)(rgb >> 8 & 0xff), b = (int)(rgb & 0xff);
    int best = 0;
    long best_d = -1;
    for (int i = 0; i < g->ncolors; i++) {
        long dr = r - g->pal[i].Red, dg = gr - g->pal[i].Green, db = b - g->pal[i].Blue;
        long d = dr * dr + dg * dg + db * db;
        if (best_d < 0 || d < best_d) {
            best_d = d;
            best = i;
        }
    }
    g->lut[rgb] = (uint8_t)best;
    g->known[rgb >> 3] |= (uint8_t)(1u << (rgb & 7));
    return (uint8_t)best;
}

/* Delay of frame i in hundredths, so that frame i starts at round(100 i / fps). */
static int delay_of(long i, int fps)
{
    long a = (100 * i + fps / 2) / fps, b = (100 * (i + 1) + fps / 2) / fps;
    return (int)(b - a);
}

static int put_image(gif_enc *g, int x0, int y0, int w, int h, const uint8_t *ix, int stride,
                     bool transparent, int delay, char *err, size_t n)
{
    GraphicsControlBlock gcb = {
        .DisposalMode = DISPOSE_DO_NOT,
        .UserInputFlag = false,
        .DelayTime = delay,
        .TransparentColor = transparent ? TRANSPARENT : NO_TRANSPARENT_COLOR,
    };
    GifByteType ext[4];
    size_t len = EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(g->gif, GRAPHICS_EXT_FUNC_CODE, (int)len, ext) != GIF_OK ||
        EGifPutImageDesc(g->gif, x0, y0, w, h, false, NULL) != GIF_OK) {
        gif_message(err, n, "cannot write the GIF", g->gif->Error);
        return -1;
    }
    for (int y = 0; y < h; y++) {
        memcpy(g->line, ix + (size_t)y * (size_t)stride, (size_t)w);
        if (EGifPutLine(g->gif, g->line, w) != GIF_OK) {
            gif_message(err, n, "cannot write the GIF", g->gif->Error);
            return -1;
        }
    }
    return 0;
}

static int gif_frame(lpapp_encoder *e, const uint8_t *bgra, int pitch, char *err, size_t n)
{
    gif_enc *g = e->impl;
    int w = e->opts.w, h = e->opts.h;
    if (g->ncolors == 0) {
        if (g->frames == 0 && gif_sample(e, bgra, pitch, err, n) != 0) /* no samples: this frame */
            return -1;
        if (start_file(e, err, n) != 0)
            return -1;
    }
    bool first = g->frames == 0;
    int x0 = w, y0 = h, x1 = -1, y1 = -1; /* the box that changed */
    for (int y = 0; y < h; y++) {
        const uint8_t *s = bgra + (size_t)y * (size_t)pitch;
        size_t row = (size_t)y * (size_t)w;
        for (int x = 0; x < w; x++, s += 4) {
            uint32_t rgb = (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0];
            size_t i = row + (size_t)x;
            if (!first && rgb == g->prev_px[i]) {
                g->cur_ix[i] = g->prev_ix[i];
                continue;
            }
            g->prev_px[i] = rgb;
            g->cur_ix[i] = nearest(g, rgb);
            if (first || g->cur_ix[i] != g->prev_ix[i]) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
        }
    }
    int delay = delay_of(g->frames, e->opts.fps);
    int rc;
    if (first) {
        rc = put_image(g, 0, 0, w, h, g->cur_ix, w, false, delay, err, n);
    } else if (x1 < 0) {
        uint8_t none = TRANSPARENT;
        rc = put_image(g, 0, 0, 1, 1, &none, 1, true, delay, err, n);
    } else {
        /* the box, unchanged pixels transparent (written into prev_ix, then swapped) */
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++) {
                size_t i = (size_t)y * (size_t)w + (size_t)x;
                if (g->cur_ix[i] == g->prev_ix[i])
                    g->prev_ix[i] = TRANSPARENT;
                else
                    g->prev_ix[i] = g->cur_ix[i];
            }
        rc = put_image(g, x0, y0, x1 - x0 + 1, y1 - y0 + 1, g->prev_ix + (size_t)y0 * (size_t)w + (size_t)x0,
                       w, true, delay, err, n);
    }
    uint8_t *t = g->prev_ix;
    g->prev_ix = g->cur_ix;
    g->cur_ix = t;
    g->frames++;
    return rc;
}

static int gif_finish(lpapp_encoder *e, char *err, size_t n)
{
    gif_enc *g = e->impl;
    int code = 0;
    if (g->ncolors == 0) {
        snprintf(err, n, "the GIF has no frame");
        return -1;
    }
    int rc = EGifCloseFile(g->gif, &code);
    g->gif = NULL;
    if (rc != GIF_OK) {
        gif_message(err, n, "cannot finish the GIF", code);
        return -1;
    }
    return 0;
}

static void gif_close(lpapp_encoder *e)
{
    gif_enc *g = e->impl;
    if (!g)
        return;
    if (g->gif) {
        int code;
        EGifCloseFile(g->gif, &code);
    }
    if (g->hist)
        liq_histogram_destroy(g->hist);
    if (g->liq)
        liq_attr_destroy(g->liq);
    free(g->lut);
    free(g->known);
    free(g->prev_px);
    free(g->prev_ix);
    free(g->cur_ix);
    free(g->line);
    free(g->rgba);
    free(g);
    e->impl = NULL;
}

static const lpapp_encoder_ops gif_ops = {gif_sample, gif_frame, gif_finish, gif_close};

int lpapp__encode_gif_open(lpapp_encoder *e, char *err, size_t n)
{
    const lpapp_encode_opts *o = &e->opts;
    if (o->w > 65535 || o->h > 65535) {
        snprintf(err, n, "a GIF is at most 65535 pixels a side");
        return -1;
    }
    gif_enc *g = calloc(1, sizeof *g);
    if (!g) {
        snprintf(err, n, "out of memory");
        return -1;
    }
    e->impl = g;
    e->ops = &gif_ops;
    size_t px = (size_t)o->w * (size_t)o->h;
    g->lut = malloc((size_t)1 << 24);
    g->known = calloc((size_t)1 << 21, 1);
    g->prev_px = calloc(px, sizeof *g->prev_px);
    g->prev_ix = calloc(px, 1);
    g->cur_ix = calloc(px, 1);
    g->line = malloc((size_t)o->w);
    g->rgba = malloc(px * 4);
    g->liq = liq_attr_create();
    g->hist = g->liq ? liq_histogram_create(g->liq) : NULL;
    if (!g->lut || !g->known || !g->prev_px || !g->prev_ix || !g->cur_ix || !g->line || !g->rgba ||
        !g->hist) {
        snprintf(err, n, "out of memory for a %dx%d GIF", o->w, o->h);
        gif_close(e);
        return -1;
    }
    liq_set_max_colors(g->liq, TRANSPARENT);
    liq_set_speed(g->liq, 3);
    int code = 0;
    g->gif = EGifOpenFileName(o->path, false, &code);
    if (!g->gif) {
        gif_message(err, n, "cannot write the GIF", code);
        gif_close(e);
        return -1;
    }
    return 0;
}
