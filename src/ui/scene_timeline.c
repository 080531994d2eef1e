/* scene_timeline.c - looplab ui: a swimlane per task and per worker lane
** over virtual time, the loop thread's frozen spans, and the cursor. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ui/scene_int.h"

/* The visible time range. */
static void time_range(lpui__sc *sc, double *t0, double *span)
{
    const lpui_view *v = sc->f->v;
    double end = sc->f->m ? sc->f->m->end_time : 1.0;
    *t0 = v->tl_span > 0 ? v->tl_start : 0;
    *span = v->tl_span > 0 ? v->tl_span : (end > 0 ? end * 1.08 : 1.0);
}

/* A "nice" tick step for about n ticks over span. */
static double tick_step(double span, int n)
{
    double raw = span / n, p = pow(10, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* A lane row is named after the thread on it at the cursor (or the last
** one it had), with what that thread does. */
static void lane_label(const lp_state *s, const lpui_model *m, uint32_t lane, char *name, size_t name_size,
                       char *sub, size_t sub_size)
{
    uint32_t job = lane < s->lane_total ? s->lane_job[lane] : 0;
    const lp_state_thread *t = job ? lp_thread_find(&s->threads, job) : NULL;
    if (!t) {
        snprintf(name, name_size, "lane %u", lane + 1);
        snprintf(sub, sub_size, "idle");
        return;
    }
    snprintf(name, name_size, "%s", lpui_model_str(m, t->name_sid));
    static const char *const kinds[] = {"thread", "pool thread", "process"};
    const char *kind = t->kind < 3 ? kinds[t->kind] : "thread";
    switch (t->status) {
    case LP_THREAD_COMPUTING:
        snprintf(sub, sub_size, "%s \xC2\xB7 computes, %.0f%% CPU", kind, t->cpu_rate * 100.0);
        break;
    case LP_THREAD_WAITING:
        snprintf(sub, sub_size, "%s \xC2\xB7 waits: %s", kind, lpui_model_str(m, t->wait_sid));
        break;
    case LP_THREAD_SLEEPING:
        snprintf(sub, sub_size, "%s \xC2\xB7 sleeps", kind);
        break;
    default:
        snprintf(sub, sub_size, "%s \xC2\xB7 %s", kind, t->status == LP_THREAD_RUNNING ? "runs" : "starting");
        break;
    }
}

static void row_label(lpui__sc *sc, const lpui_model *m, const lp_state *s, size_t row,
                      lpui_rect r)
{
    float k = sc->s;
    uint32_t task = m->row_task[row];
    char name[96], sub[96];
    float fh = lpui__font_h(sc, LPUI_FONT_BOLD);
    if (task) {
        const lp_state_task *t = lp_state_task_find(s, task);
        if (!t) { /* not made yet at the cursor */
            snprintf(sub, sizeof sub, "not made yet");
            const lp_state *end = &sc->f->m->replay.live;
            t = lp_state_task_find(end, task);
        } else {
            lpui_tstate st = lpui__tstate(sc, s, t);
            const char *tn = lpui_model_str(m, t->name_sid);
            char other[80];
            if (lpui__other_loop_words(m, t->loop, other, sizeof other))
                tn = other; /* not a task of the loop the panels show: say whose */
            if (st == LPUI_T_WAITING)
                snprintf(sub, sizeof sub, "%s \xC2\xB7 on %s", tn, lpui__wait_name(t->wait_kind));
            else
                snprintf(sub, sizeof sub, "%s \xC2\xB7 %s", tn, lpui_tstate_name(st));
        }
        if (!t)
            return;
        lpui__label(sc, t, name, sizeof name);
        bool hot = task == sc->f->v->hover_task;
        lpui__tag(lpui__rect(sc, r, hot ? 0x222a36 : 0, hot ? 255 : 0, 0, 0, 0), LPUI_TAG_TASK_ROW, task);
        lpui__shape(sc, lpui_rect_make(r.x + 12 * k, r.y + 5 * k, fh * 0.75f, fh * 0.75f), task);
    } else {
        lane_label(s, m, m->row_lane[row] - 1, name, sizeof name, sub, sizeof sub);
        lpui__rect(sc, lpui_rect_make(r.x + 12 * k, r.y + 5 * k, fh * 0.75f, fh * 0.75f), 0, 0,
                   LPUI_C_MUTED, 1, 0);
    }
    bool two = r.h >= fh * 2;
    lpui__text(sc, r.x + 18 * k + fh * 0.75f, r.y + (two ? 2 * k : (r.h - fh) / 2), LPUI_FONT_BOLD,
               LPUI_C_TEXT, name, r.w - 24 * k - fh);
    if (two)
        lpui__text(sc, r.x + 18 * k + fh * 0.75f, r.y + 2 * k + fh, LPUI_FONT_SMALL, LPUI_C_MUTED, sub,
                   r.w - 24 * k - fh);
}

void lpui__timeline_panel(lpui__sc *sc)
{
    const lpui_layout *L = sc->f->L;
    const lpui_model *m = sc->f->m;
    const lp_state *s = sc->f->a;
    float k = sc->s;
    lpui_rect body = lpui__panel(sc, L->timeline, "TIMELINE",
                                 "running = solid  \xC2\xB7  ready = stripes  \xC2\xB7  waiting = outline  "
                                 "\xC2\xB7  blocked = red hatch  \xC2\xB7  computing = amber, as tall as its CPU share  "
                                 "\xC2\xB7  done = thin line");
    if (!m || !s)
        return;
    double t0, span;
    time_range(sc, &t0, &span);
    lpui_rect plot = L->tl_plot;
    float axis_h = 18 * k, strip_h = 18 * k;
    lpui_rect lanes = lpui_rect_make(plot.x, plot.y + strip_h, plot.w, plot.h - strip_h - axis_h);
    double px = (double)plot.w / span;
#define X_OF(t) (plot.x + (float)(((t) - t0) * px))
    /* the loop thread strip: frozen spans (the main thread's, when several
    ** threads run loops) */
    lpui__text(sc, L->tl_labels.x + 14 * k, plot.y + 2 * k, LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT,
               lpui__main_runs_the_loops(m) ? "loop thread" : "main thread", L->tl_labels.w - 20 * k);
    lpui__clip(sc, plot);
    for (size_t i = 0; i < m->frozen_count; i++) {
        const lpui_segment *g = &m->frozen[i];
        float x0 = X_OF(g->t0), x1 = X_OF(g->t1);
        if (x1 < plot.x || x0 > plot.x + plot.w)
            continue;
        lpui_rect r = lpui_rect_make(x0, plot.y + 3 * k, x1 - x0 > 2 ? x1 - x0 : 2, strip_h - 6 * k);
        if (g->t0 > sc->f->now) /* not yet happened: not drawn (lesson 10 asks how long the
                                 ** freezes to come will take) */
            continue;
        /* the part already played is hatched, the rest only outlined */
        float xc0 = X_OF(sc->f->now);
        lpui_rect past = r;
        if (xc0 < r.x + r.w)
            past.w = xc0 - r.x > 2 ? xc0 - r.x : 2;
        lpui__rect(sc, r, 0, 0, 0x5a3135, 1, 2 * k);
        lpui__rect(sc, past, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 1, 2 * k);
        lpui__pattern(sc, past, LPUI_PAT_HATCH, lpui_rgba(LPUI_C_ALERT, 255));
        char lab[64];
        snprintf(lab, sizeof lab, "FROZEN %.3f \xE2\x86\x92 %.3f", g->t0, g->t1);
        float w = lpui__measure(sc, LPUI_FONT_SMALL, lab);
        if (w + 8 * k < r.w) {
            lpui__rect(sc, lpui_rect_make(r.x + (r.w - w) / 2 - 4 * k, r.y, w + 8 * k, r.h), 0x2a1214, 255, 0, 0, 2 * k);
            lpui__text(sc, r.x + (r.w - w) / 2, r.y + (r.h - lpui__font_h(sc, LPUI_FONT_SMALL)) / 2,
                       LPUI_FONT_SMALL, 0xffffff, lab, 0);
        }
    }
    lpui__unclip(sc);
    /* rows */
    float lh = sc->f->v->tl_short ? L->lane_h * 0.55f : L->lane_h;
    size_t fit = (size_t)(lanes.h / lh);
    if (fit < 1)
        fit = 1;
    size_t first = sc->f->v->tl_row;
    if (first + fit > m->row_count)
        first = m->row_count > fit ? m->row_count - fit : 0;
    float y = lanes.y;
    for (size_t row = first; row < m->row_count && row < first + fit; row++, y += lh) {
        /* the names leave room for the scroll bar */
        float bar_w = m->row_count > fit ? 12 * k : 0;
        lpui_rect label = lpui_rect_make(L->tl_labels.x, y, L->tl_labels.w - bar_w, lh);
        lpui__line(sc, body.x, y + lh, body.x + body.w, y + lh, lpui_rgba(0x1f252e, 255), 1);
        row_label(sc, m, s, row, label);
        lpui__tag(lpui__rect(sc, lpui_rect_make(plot.x, y, plot.w, lh), 0, 0, 0, 0, 0), LPUI_TAG_TL_LANE,
                  m->row_task[row]);
        lpui_color col = m->row_task[row] ? lpui_task_color(m->row_task[row]) : lpui_rgba(0xd68bbb, 255);
        lpui__clip(sc, plot);
        for (size_t i = m->row_first[row]; i < m->row_first[row + 1]; i++) {
            const lpui_segment *g = &m->segs[i];
            float x0 = X_OF(g->t0), x1 = X_OF(g->t1);
            if (x1 < plot.x - 2 || x0 > plot.x + plot.w)
                continue;
            if (g->t0 > sc->f->now) /* the future: dashed outline only */
                break;
            lpui_rect r = lpui_rect_make(x0, y + 7 * k, x1 - x0 < 2 * k ? 2 * k : x1 - x0, lh - 14 * k);
            if (g->t1 > sc->f->now && g->t0 <= sc->f->now) { /* cut at the cursor */
                float xc = X_OF(sc->f->now);
                r.w = xc - x0 < 2 * k ? 2 * k : xc - x0;
            }
            if (g->state == LPUI_T_COMPUTING) { /* its height: its share of a CPU */
                float full = r.h;
                r.h = full * (float)g->share / 100.0f;
                if (r.h < 2 * k)
                    r.h = 2 * k;
                r.y += full - r.h;
            }
            lpui__state_box(sc, r, (lpui_tstate)g->state, col);
            lpui_cmd *c = &sc->out->items[sc->out->count - 1];
            lpui__tag(c, LPUI_TAG_TL_SEGMENT, m->row_task[row]);
        }
        lpui__unclip(sc);
    }
    if (m->row_count > fit) { /* a scroll bar by the names (its tag: the rows that fit) */
        char more[64];
        snprintf(more, sizeof more, "rows %zu\xE2\x80\x93%zu of %zu", first + 1,
                 first + fit < m->row_count ? first + fit : m->row_count, m->row_count);
        lpui__text(sc, L->tl_labels.x + 12 * k, plot.y + plot.h - axis_h + 2 * k, LPUI_FONT_SMALL,
                   LPUI_C_DIM, more, L->tl_labels.w - 16 * k);
        lpui_rect track = lpui_rect_make(L->tl_labels.x + L->tl_labels.w - 9 * k, lanes.y, 8 * k,
                                         (float)fit * lh);
        lpui__tag(lpui__rect(sc, track, 0x1a1f27, 255, 0x2c3440, 1, 4 * k), LPUI_TAG_SCROLLBAR, (uint32_t)fit);
        float th = track.h * (float)fit / (float)m->row_count;
        if (th < 12 * k)
            th = 12 * k;
        float ty = track.y + (track.h - th) * (float)first / (float)(m->row_count - fit);
        lpui__rect(sc, lpui_rect_make(track.x + 1 * k, ty, track.w - 2 * k, th), 0x5a6577, 255, 0, 0, 3 * k);
    }
    /* the future, dimmed; the axis; the cursor */
    float xc = X_OF(sc->f->now);
    double step = tick_step(span, (int)(plot.w / (90 * k)) + 1);
    float ay = plot.y + plot.h - axis_h + 3 * k;
    for (double t = ceil(t0 / step) * step; t <= t0 + span + 1e-9; t += step) {
        float x = X_OF(t);
        char lab[32];
        snprintf(lab, sizeof lab, "%g", fabs(t) < 1e-12 ? 0.0 : t);
        lpui__line(sc, x, ay - 3 * k, x, ay, lpui_rgba(0x4a5262, 255), 1);
        float w = lpui__measure(sc, LPUI_FONT_SMALL, lab);
        if (x - w / 2 >= plot.x - 4 * k && x + w / 2 <= plot.x + plot.w + 4 * k)
            lpui__text(sc, x - w / 2, ay, LPUI_FONT_SMALL, LPUI_C_MUTED, lab, 0);
    }
    lpui__insights_marks(sc, lpui_rect_make(plot.x, plot.y, plot.w, plot.h - axis_h), t0, span);
    if (xc >= plot.x - 1 && xc <= plot.x + plot.w + 1) {
        lpui__tag(lpui__rect(sc, lpui_rect_make(xc - 1 * k, plot.y, 2 * k, plot.h - axis_h), 0xffffff, 255, 0, 0, 0),
                  LPUI_TAG_TL_CURSOR, 0);
        char lab[32];
        snprintf(lab, sizeof lab, "%.3f", sc->f->now);
        float w = lpui__measure(sc, LPUI_FONT_MONO_BOLD, lab) + 10 * k;
        float lx = xc - w / 2;
        if (lx + w > plot.x + plot.w)
            lx = plot.x + plot.w - w;
        lpui__rect(sc, lpui_rect_make(lx, plot.y - 1 * k, w, strip_h - 2 * k), 0xffffff, 255, 0, 0, 3 * k);
        lpui__text(sc, lx + 5 * k, plot.y + (strip_h - 2 * k - lpui__font_h(sc, LPUI_FONT_MONO_BOLD)) / 2 - 1 * k,
                   LPUI_FONT_MONO_BOLD, LPUI_C_BG, lab, 0);
    }
#undef X_OF
}
