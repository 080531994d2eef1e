/* layout.c - looplab ui: panel and card geometry (see layout.h). */
#include "ui/layout.h"

float lpui_layout_scale(float w, float h, float dpi)
{
    /* a window smaller than 1600x900 squeezes (down to 0.8); a larger one
    ** shows more at the same size, not the same layout drawn larger */
    float sw = w / 1600.0f, sh = h / 900.0f;
    float s = sw < sh ? sw : sh;
    if (s < 0.8f)
        s = 0.8f;
    if (s > 1.0f)
        s = 1.0f;
    return s * (dpi > 0 ? dpi : 1.0f);
}

/* Splits `r` at x = r.x + w (a column of width w, then the rest after gap). */
static lpui_rect take_left(lpui_rect *r, float w, float gap)
{
    lpui_rect left = lpui_rect_make(r->x, r->y, w, r->h);
    r->x += w + gap;
    r->w -= w + gap;
    return left;
}

static lpui_rect take_top(lpui_rect *r, float h, float gap)
{
    lpui_rect top = lpui_rect_make(r->x, r->y, r->w, h);
    r->y += h + gap;
    r->h -= h + gap;
    return top;
}

static void layout_top_bar(lpui_layout *L, float s)
{
    static const float widths[LPUI_BTN_COUNT] = {74, 92, 84, 72, 92, 72, 34, 34, 34, 34, 64, 78};
    lpui_rect bar = lpui_rect_inset(L->top, 12 * s, 11 * s);
    float total = 0;
    for (int i = 0; i < LPUI_BTN_COUNT; i++)
        total += widths[i] * s + 6 * s;
    /* "t = 99999.999 s" and "event 10000000 / 10000000"; a narrow window keeps
    ** room for the title (its clock's status line shows whole on hover) */
    float clock_w = bar.w >= 1400 * s ? 390 * s : 300 * s;
    float title_w = bar.w - total - clock_w - 24 * s;
    if (title_w < 240 * s) { /* narrow window: the buttons shrink (to 3/4) to leave the title room */
        float k = (bar.w - clock_w - 24 * s - 240 * s) / total;
        if (k < 0.75f)
            k = 0.75f;
        for (int i = 0; i < LPUI_BTN_COUNT; i++)
            L->buttons[i].w = widths[i] * s * k;
        title_w = bar.w - total * k - clock_w - 24 * s;
        if (title_w < 60 * s) { /* narrower still than the layout is made for */
            k = (bar.w - clock_w - 24 * s - 60 * s) / total;
            for (int i = 0; i < LPUI_BTN_COUNT; i++)
                L->buttons[i].w = widths[i] * s * k;
            title_w = 60 * s;
        }
    } else {
        for (int i = 0; i < LPUI_BTN_COUNT; i++)
            L->buttons[i].w = widths[i] * s;
    }
    float gap = L->buttons[0].w / (widths[0] * s) * 6 * s;
    L->title = take_left(&bar, title_w, 12 * s);
    for (int i = 0; i < LPUI_BTN_COUNT; i++) {
        float w = L->buttons[i].w;
        L->buttons[i] = take_left(&bar, w, gap);
        if (i == LPUI_BTN_NEXT_LESSON)
            L->clock = take_left(&bar, clock_w, 12 * s);
    }
}

static void layout_loop(lpui_layout *L, float s)
{
    lpui_rect body = L->loop;
    take_top(&body, L->header, 0);
    body = lpui_rect_inset(body, 12 * s, 8 * s);
    float label = 18 * s;
    take_top(&body, label, 0);
    L->running = take_top(&body, 96 * s, 6 * s);
    take_top(&body, label, 0);
    L->ready = take_top(&body, 60 * s, 6 * s);
    take_top(&body, label, 0);
    float gap = 10 * s;
    float w = body.w - 2 * gap;
    L->timers = take_left(&body, w * 0.27f, gap);
    L->waiting = take_left(&body, w * 0.33f, gap);
    L->lanes = body;
    L->card_h = 46 * s;
}

void lpui_layout_compute(lpui_layout *L, float w, float h, float s)
{
    float m = 12 * s;
    L->scale = s;
    L->window = lpui_rect_make(0, 0, w, h);
    L->header = 30 * s;
    L->line = 19 * s;
    L->lane_h = 34 * s;
    lpui_rect rest = L->window;
    L->top = take_top(&rest, 60 * s, 0);
    layout_top_bar(L, s);
    rest = lpui_rect_inset(rest, m, m);
    float side_w = rest.w * 0.23f;
    lpui_rect side = lpui_rect_make(rest.x + rest.w - side_w, rest.y, side_w, rest.h);
    rest.w -= side_w + m;
    float tl_h = rest.h * 0.30f;
    if (tl_h < 150 * s)
        tl_h = 150 * s;
    L->timeline = lpui_rect_make(rest.x, rest.y + rest.h - tl_h, rest.w, tl_h);
    rest.h -= tl_h + m;
    L->source = take_left(&rest, rest.w * 0.375f, m);
    L->loop = rest;
    L->narration = take_top(&side, side.h * 0.45f, m);
    L->console = side;
    layout_loop(L, s);

    lpui_rect tl = L->timeline;
    take_top(&tl, L->header, 0);
    L->tl_labels = take_left(&tl, 170 * s, 0);
    L->tl_plot = lpui_rect_inset(tl, 8 * s, 0);
}

size_t lpui_layout_row(lpui_rect area, size_t n, float card_w, float min_w, float card_h,
                       float gap, lpui_rect *out, size_t max)
{
    if (n == 0 || max == 0 || area.w <= 0)
        return 0;
    float w = card_w;
    if (n * (w + gap) - gap > area.w) /* shrink the cards to fit them all */
        w = (area.w + gap) / (float)n - gap;
    if (w < min_w)
        w = min_w < area.w ? min_w : area.w;
    size_t fit = (size_t)((area.w + gap) / (w + gap));
    if (fit == 0)
        fit = 1;
    size_t shown = n < fit ? n : fit;
    if (shown > max)
        shown = max;
    float h = card_h < area.h ? card_h : area.h;
    for (size_t i = 0; i < shown; i++)
        out[i] = lpui_rect_make(area.x + (float)i * (w + gap), area.y + (area.h - h) / 2, w, h);
    return shown;
}

size_t lpui_layout_column(lpui_rect area, size_t n, float card_h, float gap, lpui_rect *out,
                          size_t max)
{
    if (n == 0 || max == 0 || area.h <= 0)
        return 0;
    float h = card_h < area.h ? card_h : area.h;
    size_t fit = (size_t)((area.h + gap) / (h + gap));
    if (fit == 0)
        fit = 1;
    size_t shown = n < fit ? n : fit;
    if (shown > max)
        shown = max;
    for (size_t i = 0; i < shown; i++)
        out[i] = lpui_rect_make(area.x, area.y + (float)i * (h + gap), area.w, h);
    return shown;
}
