/* scene_chrome.c - looplab ui: the top bar (title, buttons, clock) and the
** tooltips (what a button does, the whole of a shortened text). */
#include <stdio.h>
#include <string.h>

#include "ui/scene_int.h"

/* What each button does, shown when the mouse rests on it. */
static const char *const BUTTON_TIPS[LPUI_BTN_COUNT] = {
    "Open a Python file (Ctrl+O)", "The lessons and your recent files (L)", "Run the file again (R)",
    "One event back (\xE2\x86\x90)", "Play / pause (Space)", "One event forward (\xE2\x86\x92)",
    "Slower (-)", "Faster (+)", "Previous lesson (PgUp)", "Next lesson (PgDn)", "The keys (F1 or ?)",
    "Export the run as a video (Ctrl+E)",
};

static void button(lpui__sc *sc, lpui_button b, const char *label, const char *key, bool primary)
{
    lpui_rect r = sc->f->L->buttons[b];
    float s = sc->s;
    bool hot = lpui_rect_hit(r, sc->f->v->mouse_x, sc->f->v->mouse_y);
    lpui_cmd *c = lpui__rect(sc, r, primary ? 0x25303f : hot ? 0x232a36 : LPUI_C_PANEL2, 255,
                             primary ? 0x4b5b72 : LPUI_C_LINE2, 1, 6 * s);
    lpui__tag(c, LPUI_TAG_BUTTON, (uint32_t)b);
    float th = lpui__font_h(sc, LPUI_FONT_UI);
    float kw = key ? lpui__measure(sc, LPUI_FONT_SMALL, key) + 8 * s : 0;
    float lw = lpui__measure(sc, primary ? LPUI_FONT_BOLD : LPUI_FONT_UI, label);
    if (lw + kw + 6 * s > r.w - 12 * s)
        kw = 0; /* too narrow for the key hint */
    float x = r.x + (r.w - lw - (kw ? kw + 6 * s : 0)) / 2;
    if (x < r.x + 4 * s)
        x = r.x + 4 * s;
    x += lpui__text(sc, x, r.y + (r.h - th) / 2, primary ? LPUI_FONT_BOLD : LPUI_FONT_UI,
                    LPUI_C_TEXT, label, r.w - 8 * s) +
         6 * s;
    if (kw) {
        float kh = lpui__font_h(sc, LPUI_FONT_SMALL);
        lpui_rect kr = lpui_rect_make(x, r.y + (r.h - kh) / 2 - 2 * s, kw, kh + 4 * s);
        lpui__rect(sc, kr, 0x20252e, 255, 0x4a5262, 1, 3 * s);
        lpui__text(sc, x + 4 * s, kr.y + 2 * s, LPUI_FONT_SMALL, 0xc9d0dc, key, 0);
    }
}

void lpui__top_bar(lpui__sc *sc)
{
    const lpui_layout *L = sc->f->L;
    const lpui_view *v = sc->f->v;
    const lpui_model *m = sc->f->m;
    float s = sc->s;
    lpui__rect(sc, L->top, 0x12161c, 255, 0, 0, 0);
    lpui__line(sc, 0, L->top.h - 1, L->top.w, L->top.h - 1, lpui_rgba(LPUI_C_LINE, 255), 1);

    lpui_rect t = L->title;
    lpui_rect logo = lpui_rect_make(t.x, t.y + t.h / 2 - 9 * s, 18 * s, 18 * s);
    lpui__rect(sc, logo, 0, 0, LPUI_C_ACCENT, 2.5f * s, 9 * s);
    lpui__rect(sc, lpui_rect_inset(logo, 6 * s, 6 * s), 0xf2c641, 255, 0, 0, 3 * s);
    float bw = lpui__text(sc, t.x + 24 * s, t.y + (t.h - lpui__font_h(sc, LPUI_FONT_BOLD)) / 2,
                          LPUI_FONT_BOLD, LPUI_C_TEXT, "looplab", 0);
    float x = t.x + 36 * s + bw;
    const lpui_narration *n = sc->f->n;
    const char *file = m ? m->path : "";
    const char *slash = strrchr(file, '/');
    const char *title = n && n->title[0] ? n->title : slash ? slash + 1 : file[0] ? file : "no file open";
    char sub[600];
    snprintf(sub, sizeof sub, "%s%s%s", n && n->subtitle[0] ? n->subtitle : "",
             n && n->subtitle[0] ? "  \xC2\xB7  " : "", m ? m->path : "Ctrl+O to open a program");
    float maxw = t.x + t.w - x;
    if (v->trusted) { /* --trust: say so, always, in the alert colour (short when narrow) */
        const char *whole = "TRUSTED \xC2\xB7 safety layer off";
        const char *lifted = whole;
        float lw = lpui__measure(sc, LPUI_FONT_SMALL, lifted) + 12 * s;
        if (lw >= maxw / 2) {
            lifted = "TRUSTED";
            lw = lpui__measure(sc, LPUI_FONT_SMALL, lifted) + 12 * s;
        }
        lpui_rect badge = lpui_rect_make(t.x + t.w - lw, t.y + 2 * s, lw, lpui__font_h(sc, LPUI_FONT_SMALL) + 4 * s);
        lpui__tag(lpui__rect(sc, badge, LPUI_C_ALERT, 255, 0, 0, 3 * s), LPUI_TAG_TRUSTED, 0);
        lpui__text(sc, badge.x + 6 * s, badge.y + 2 * s, LPUI_FONT_SMALL, 0x1b1315, lifted, 0);
        if (lifted != whole) /* its whole text on hover */
            lpui_cmds_set_full(sc->out, &sc->out->items[sc->out->count - 1], whole);
        maxw -= lw + 8 * s;
    }
    lpui_rect rest = lpui_rect_make(x, t.y, maxw, t.h);
    lpui__insights_chip(sc, &rest);
    maxw = rest.w;
    lpui__text(sc, x, t.y + 2 * s, LPUI_FONT_BOLD, LPUI_C_TEXT, title, maxw);
    lpui__text(sc, x, t.y + t.h - lpui__font_h(sc, LPUI_FONT_SMALL) - 1 * s, LPUI_FONT_SMALL,
               LPUI_C_MUTED, sub, maxw);

    char speed[32];
    if (v->rate_mode)
        snprintf(speed, sizeof speed, "%g events/s", (double)lpui_rates[v->speed]);
    else
        snprintf(speed, sizeof speed, "%gx", (double)lpui_speeds[v->speed]);
    button(sc, LPUI_BTN_OPEN, "Open\xE2\x80\xA6", NULL, false);
    button(sc, LPUI_BTN_LESSONS, "Lessons", "L", false);
    button(sc, LPUI_BTN_RESTART, "Restart", "R", false);
    button(sc, LPUI_BTN_BACK, "\xE2\x97\x80 Step", "\xE2\x86\x90", false);
    button(sc, LPUI_BTN_PLAY, v->playing ? "Pause" : "\xE2\x96\xB6 Play", "Space", true);
    button(sc, LPUI_BTN_FORWARD, "Step \xE2\x96\xB6", "\xE2\x86\x92", false);
    button(sc, LPUI_BTN_SLOWER, "\xE2\x88\x92", NULL, false);
    button(sc, LPUI_BTN_FASTER, "+", NULL, false);
    button(sc, LPUI_BTN_PREV_LESSON, "\xE2\x80\xB9", NULL, false);
    button(sc, LPUI_BTN_NEXT_LESSON, "\xE2\x80\xBA", NULL, false);
    button(sc, LPUI_BTN_HELP, "? Keys", NULL, false);
    button(sc, LPUI_BTN_EXPORT, "Export\xE2\x80\xA6", NULL, false);

    lpui_rect c = L->clock;
    lpui__tag(lpui__rect(sc, c, 0x0b0e12, 255, LPUI_C_LINE2, 1, 7 * s), LPUI_TAG_CLOCK, 0);
    char clock[64];
    snprintf(clock, sizeof clock, "t = %.3f s", sc->f->now);
    float cw = lpui__text(sc, c.x + 10 * s, c.y + (c.h - lpui__font_h(sc, LPUI_FONT_BIG)) / 2,
                          LPUI_FONT_BIG, LPUI_C_TEXT, clock, c.w * 0.55f);
    char st1[64], st2[96];
    snprintf(st1, sizeof st1, "%s \xC2\xB7 %s", v->playing ? "playing" : "paused", speed);
    size_t total = m ? lp_trace_count(&m->trace) : 0;
    snprintf(st2, sizeof st2, "event %zu / %zu", sc->f->a ? sc->f->a->applied : 0, total);
    float sx = c.x + 20 * s + cw, sw = c.x + c.w - sx - 6 * s;
    float sh = lpui__font_h(sc, LPUI_FONT_SMALL);
    lpui__text(sc, sx, c.y + c.h / 2 - sh - 1 * s, LPUI_FONT_SMALL, 0xcfe3ff, st1, sw);
    lpui__text(sc, sx, c.y + c.h / 2 + 1 * s, LPUI_FONT_SMALL, LPUI_C_MUTED, st2, sw);
}

/* A box by the mouse with `text` in full (wrapped to at most 460 px). */
static void tooltip(lpui__sc *sc, const char *text)
{
    const lpui_view *v = sc->f->v;
    const lpui_rect win = sc->f->L->window;
    float s = sc->s, pad = 8 * s;
    float tw = lpui__measure(sc, LPUI_FONT_UI, text) + 1;
    float w = tw < 460 * s ? tw : 460 * s;
    if (w > win.w - 2 * pad - 4 * s)
        w = win.w - 2 * pad - 4 * s;
    float h = lpui__wrap_height(sc, w, LPUI_FONT_UI, text);
    float x = v->mouse_x + 14 * s, y = v->mouse_y + 18 * s;
    if (x + w + 2 * pad > win.w)
        x = win.w - w - 2 * pad - 2 * s;
    if (y + h + 2 * pad > win.h)
        y = v->mouse_y - h - 2 * pad - 8 * s;
    if (y < 0)
        y = 0;
    lpui_rect box = lpui_rect_make(x, y, w + 2 * pad, h + 2 * pad);
    lpui__tag(lpui__rect(sc, box, 0x0e1218, 250, 0x6b7a90, 1, 5 * s), LPUI_TAG_TOOLTIP, 0);
    lpui__wrap(sc, lpui_rect_make(x + pad, y + pad, w, h + 1), LPUI_FONT_UI, LPUI_C_TEXT, text);
}

/* What the mouse is over needs words: a button's name, or the whole of a
** shortened text. */
void lpui__hover_help(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    if (v->mouse_x <= 0 && v->mouse_y <= 0)
        return;
    if (!v->help && !v->picker && !v->chooser && !v->more)
        for (int b = 0; b < LPUI_BTN_COUNT; b++)
            if (lpui_rect_hit(sc->f->L->buttons[b], v->mouse_x, v->mouse_y)) {
                tooltip(sc, BUTTON_TIPS[b]);
                return;
            }
    for (size_t i = sc->out->count; i-- > 0;) {
        const lpui_cmd *c = &sc->out->items[i];
        if (c->type == LPUI_CMD_TEXT && lpui_rect_hit(c->r, v->mouse_x, v->mouse_y)) {
            const char *full = lpui_cmd_full(sc->out, c);
            if (full) {
                char copy[2048]; /* the list grows while the tooltip is drawn */
                snprintf(copy, sizeof copy, "%s", full);
                tooltip(sc, copy);
            }
            return;
        }
    }
}
