/* scene_insights.c - looplab ui: the INSIGHTS panel (what went wrong in the
** run, from src/insight), its count in the top bar, and each finding's span
** marked on the timeline (once the replay has reached it).
**
** The panel lists every finding whole (heading, where, when, cost, what
** happened, the fix), wrapped, never cut; a finding is a clickable block
** (tag INSIGHT, id = its number) that jumps to its moment. The count in the
** top bar is tag INSIGHT, id 0, and opens the panel. In a lesson the panel
** lists only the findings the replay has reached (a lesson's question may
** be about a later one) and says how many more are to come; while a
** question waits for its answer it lists none (it may be about one). The
** count in the top bar and the marks on the timeline follow the same rule:
** in a lesson they never show a finding the panel does not list.
*/
#include <stdio.h>
#include <string.h>

#include "ui/scene_int.h"

#define INSIGHT_COLOR 0xf0a23bu /* amber: a warning, not an error */

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

/* "blocked_sleep.py:14 · t = 0.010 → 0.310 · cost 0.300 s" */
static void where_when(const lpin_finding *f, char *out, size_t n)
{
    size_t len = 0;
    if (f->file)
        len += (size_t)snprintf(out + len, n - len, "%s:%u  \xC2\xB7  ", base_name(f->file),
                                (unsigned)f->line);
    if (len < n && f->t1 > f->t0)
        len += (size_t)snprintf(out + len, n - len, "t = %.3f \xE2\x86\x92 %.3f", f->t0, f->t1);
    else if (len < n)
        len += (size_t)snprintf(out + len, n - len, "t = %.3f", f->t0);
    if (len < n && f->cost > 0.0)
        snprintf(out + len, n - len, "  \xC2\xB7  cost %.3f s", f->cost);
}

/* Whether the panel lists finding f (one of v->insights) now: always, but
** in a lesson only once the replay has reached its first record and the end
** of its span (the rule of app/lessoncheck.h: lpapp_finding_happened), and
** not before the question that is about it (lpui_narration_hold). */
static bool in_lesson(const lpui_frame *f)
{
    return f->n && f->n->title[0] && f->a && f->m;
}

static bool listed(const lpui_frame *f, const lpin_finding *x)
{
    if (!in_lesson(f))
        return true;
    if (f->n->nchoices > 0 && f->n->answered == 0)
        return false; /* a question waits for its answer */
    size_t applied = f->a->applied;
    size_t number = (size_t)(x - f->v->insights->findings) + 1;
    for (size_t i = 0; i < f->n->nheld; i++)
        if (f->n->held[i] == number && applied < f->n->held_from[i])
            return false; /* a question to come is about it */
    return applied > 0 && x->event < applied &&
           lp_trace_at(&f->m->trace, applied - 1)->time >= x->t1 - 1e-9;
}

size_t lpui_scene_insight_nth(const lpui_frame *f, size_t k)
{
    const lpin_report *r = f->v->insights;
    for (size_t i = 0; r && k > 0 && i < r->count; i++)
        if (listed(f, &r->findings[i]) && --k == 0)
            return i + 1;
    return 0;
}

/* How many findings the panel lists now. */
static size_t listed_count(const lpui__sc *sc, const lpin_report *r)
{
    size_t n = 0;
    for (size_t i = 0; r && i < r->count; i++)
        n += listed(sc->f, &r->findings[i]);
    return n;
}

void lpui__insights_chip(lpui__sc *sc, lpui_rect *title)
{
    const lpin_report *r = sc->f->v->insights;
    size_t count = listed_count(sc, r);
    if (count == 0)
        return;
    float s = sc->s;
    char text[64];
    snprintf(text, sizeof text, "\xE2\x9A\x91 %zu insight%s  \xC2\xB7  I", count,
             count == 1 ? "" : "s");
    float w = lpui__measure(sc, LPUI_FONT_SMALL, text) + 14 * s;
    bool short_form = w > title->w / 2;
    if (short_form) { /* a narrow window: the count alone (its tooltip says the rest) */
        snprintf(text, sizeof text, "\xE2\x9A\x91 %zu", count);
        w = lpui__measure(sc, LPUI_FONT_SMALL, text) + 14 * s;
    }
    if (w > title->w / 2)
        return; /* no room: the key still opens the panel */
    float h = lpui__font_h(sc, LPUI_FONT_SMALL) + 6 * s;
    lpui_rect chip = lpui_rect_make(title->x + title->w - w, title->y + title->h - h, w, h);
    bool hot = lpui_rect_hit(chip, sc->f->v->mouse_x, sc->f->v->mouse_y);
    lpui__tag(lpui__rect(sc, chip, hot ? 0x3a2c14 : 0x2a2112, 255, INSIGHT_COLOR, 1, 4 * s),
              LPUI_TAG_INSIGHT, 0);
    lpui__text(sc, chip.x + 7 * s, chip.y + 3 * s, LPUI_FONT_SMALL, INSIGHT_COLOR, text, 0);
    if (short_form) { /* the whole of it on hover, as any shortened text */
        char whole[160];
        snprintf(whole, sizeof whole, "%s insight%s: what went wrong, and where (I)", text,
                 count == 1 ? "" : "s");
        lpui_cmds_set_full(sc->out, &sc->out->items[sc->out->count - 1], whole);
    }
    title->w -= w + 8 * s;
}

/* One finding's block: returns its height (drawn only when draw). number:
** its place in the report (its tag); shown: its place in the list drawn. */
static float finding(lpui__sc *sc, const lpin_finding *f, size_t number, size_t shown, lpui_rect r, bool draw,
                     bool picked)
{
    float s = sc->s;
    float pad = 10 * s;
    lpui_rect in = lpui_rect_inset(r, pad, pad);
    char heading[160], where[200];
    snprintf(heading, sizeof heading, "%zu. %s", shown, lpin_kind_heading(f->kind));
    where_when(f, where, sizeof where);
    char fix[1200];
    snprintf(fix, sizeof fix, "Fix: %s", f->fix);
    float y = in.y;
    float bold = lpui__font_h(sc, LPUI_FONT_BOLD), small = lpui__font_h(sc, LPUI_FONT_SMALL);
    if (draw) {
        lpui_cmd *box = lpui__rect(sc, r, picked ? 0x2a2416 : LPUI_C_PANEL2, 255,
                                   picked ? INSIGHT_COLOR : LPUI_C_LINE2, 1, 6 * s);
        lpui__tag(box, LPUI_TAG_INSIGHT, (uint32_t)number);
        lpui__rect(sc, lpui_rect_make(r.x, r.y, 3 * s, r.h), INSIGHT_COLOR, 255, 0, 0, 0);
        lpui__text(sc, in.x, y, LPUI_FONT_BOLD, LPUI_C_TEXT, heading, 0);
    }
    y += bold + 3 * s;
    /* the rest wraps: a finding is read whole or not at all */
    float big = 4096 * s;
    lpui_rect line = lpui_rect_make(in.x, y, in.w, draw ? big : 0);
    float h = draw ? lpui__wrap(sc, line, LPUI_FONT_SMALL, LPUI_C_MUTED, where)
                   : lpui__wrap_height(sc, in.w, LPUI_FONT_SMALL, where);
    y += h + 4 * s;
    line = lpui_rect_make(in.x, y, in.w, big);
    /* `code` in the summary and the fix is drawn in the code font, as the
    ** lessons draw it, not with its backticks */
    h = draw ? lpui__wrap_code(sc, line, LPUI_FONT_UI, LPUI_C_TEXT, f->summary)
             : lpui__wrap_code_height(sc, in.w, LPUI_FONT_UI, f->summary);
    y += h + 4 * s;
    line = lpui_rect_make(in.x, y, in.w, big);
    h = draw ? lpui__wrap_code(sc, line, LPUI_FONT_SMALL, 0x9fd3a0, fix)
             : lpui__wrap_code_height(sc, in.w, LPUI_FONT_SMALL, fix);
    y += h;
    (void)small;
    return y - r.y + pad;
}

void lpui__insights_overlay(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    const lpin_report *r = v->insights;
    const lpui_layout *L = sc->f->L;
    float s = sc->s;
    lpui__tag(lpui__rect(sc, L->window, 0x000000, 150, 0, 0, 0), LPUI_TAG_OVERLAY, 0);
    float w = L->window.w * 0.62f;
    if (w < 560 * s)
        w = L->window.w - 40 * s;
    float top = L->top.h + 16 * s, bottom = L->window.h - 16 * s;
    /* as tall as its findings need, up to the window's height (then it scrolls) */
    float hint_h = lpui__font_h(sc, LPUI_FONT_SMALL) + 8 * s;
    float need = 34 * s + 16 * s + hint_h + 4 * s;
    size_t later = 0; /* in a lesson: findings the replay has not reached */
    for (size_t i = 0; r && i < r->count; i++)
        later += !listed(sc->f, &r->findings[i]);
    for (size_t i = v->insight_top; r && i < r->count; i++)
        if (listed(sc->f, &r->findings[i]))
            need += finding(sc, &r->findings[i], i + 1, i + 1, lpui_rect_make(0, 0, w - 24 * s, 0), false, false) +
                    8 * s;
    if (!r || r->count == later)
        need += 3 * lpui__font_h(sc, LPUI_FONT_UI);
    lpui_rect box = lpui_rect_make((L->window.w - w) / 2, top, w, need < bottom - top ? need : bottom - top);
    lpui_rect body = lpui__panel(sc, box, "INSIGHTS", "what went wrong, and where");
    lpui_rect in = lpui_rect_inset(body, 12 * s, 8 * s);
    float y = in.y;
    if (!r || r->count == 0) {
        lpui__wrap(sc, lpui_rect_make(in.x, y, in.w, in.h), LPUI_FONT_UI, LPUI_C_MUTED,
                   "Nothing to report: no blocked loop, no waits one after another that could "
                   "overlap, no coroutine left unawaited, no lost exception or cancellation.");
        return;
    }
    char more[200];
    if (sc->f->n && sc->f->n->nchoices > 0 && sc->f->n->answered == 0)
        snprintf(more, sizeof more, "The lesson asks a question first: answer it, and the insights show again.");
    else
        snprintf(more, sizeof more, "%zu finding%s later in this lesson: %s when the replay gets there.", later,
                 later == 1 ? "" : "s", later == 1 ? "it shows" : "they show");
    if (r->count == later) {
        lpui__wrap(sc, lpui_rect_make(in.x, y, in.w, in.h), LPUI_FONT_UI, LPUI_C_MUTED, more);
        return;
    }
    /* the list scrolls: findings before insight_top are above the view; in
    ** a lesson each is numbered by its place among those listed (the keys
    ** 1-9 take the same numbers: lpui_scene_insight_nth) */
    size_t shown = 0;
    for (size_t i = 0; i < v->insight_top && i < r->count; i++)
        shown += listed(sc->f, &r->findings[i]);
    lpui__clip(sc, lpui_rect_make(in.x, in.y, in.w, in.h - hint_h));
    for (size_t i = v->insight_top; i < r->count; i++) {
        if (!listed(sc->f, &r->findings[i]))
            continue;
        shown++;
        float h = finding(sc, &r->findings[i], i + 1, shown, lpui_rect_make(in.x, y, in.w, 0), false, false);
        if (y + h > in.y + in.h - hint_h && i > v->insight_top)
            break;
        finding(sc, &r->findings[i], i + 1, shown, lpui_rect_make(in.x, y, in.w, h), true,
                v->insight_sel == i + 1);
        y += h + 8 * s;
    }
    lpui__unclip(sc);
    char hint[300];
    if (later) /* a lesson, part way */
        snprintf(hint, sizeof hint, "%s  \xC2\xB7  click one (or its number) to jump to its moment  \xC2\xB7  I or Esc closes",
                 more);
    else
        snprintf(hint, sizeof hint, "%zu finding%s, most costly first  \xC2\xB7  click one (or 1-9) to "
                                    "jump to its moment  \xC2\xB7  wheel to scroll  \xC2\xB7  I or Esc closes",
                 r->count, r->count == 1 ? "" : "s");
    lpui__text(sc, in.x, in.y + in.h - hint_h + 4 * s, LPUI_FONT_SMALL, LPUI_C_MUTED, hint, in.w);
}

void lpui__insights_marks(lpui__sc *sc, lpui_rect plot, double t0, double span)
{
    const lpin_report *r = sc->f->v->insights;
    if (!r || span <= 0)
        return;
    float s = sc->s;
    float h = 4 * s;
    size_t applied = sc->f->a ? sc->f->a->applied : 0;
    for (size_t i = 0; i < r->count; i++) {
        const lpin_finding *f = &r->findings[i];
        /* marked from its moment on, up to the cursor: never ahead of the
        ** replay; in a lesson only once the panel lists it (a question may
        ** be about it) */
        if (f->event >= applied || f->t0 > sc->f->now || (in_lesson(sc->f) && !listed(sc->f, f)))
            continue;
        double end = f->t1 < sc->f->now ? f->t1 : sc->f->now;
        float x0 = plot.x + (float)((f->t0 - t0) / span) * plot.w;
        float x1 = plot.x + (float)((end - t0) / span) * plot.w;
        if (x1 < plot.x || x0 > plot.x + plot.w)
            continue;
        if (x0 < plot.x)
            x0 = plot.x;
        if (x1 > plot.x + plot.w)
            x1 = plot.x + plot.w;
        if (x1 - x0 < 3 * s)
            x1 = x0 + 3 * s;
        bool picked = sc->f->v->insight_sel == i + 1;
        lpui_rect band = lpui_rect_make(x0, plot.y + plot.h - h - 1 * s, x1 - x0, h);
        lpui__tag(lpui__rect(sc, band, INSIGHT_COLOR, picked ? 255 : 170, 0, 0, 1 * s),
                  LPUI_TAG_INSIGHT, (uint32_t)i + 1);
    }
}
