/* model_loops.c - looplab ui: the run's event loops, grouped by the thread
** that runs them (model.h, lpui_loop_view), from one look at every record. */
#include "ui/model_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/status.h"

void lpui__loop_scan_init(lpui__loops_seen *scan)
{
    memset(scan, 0, sizeof *scan);
}

/* The records that belong to a loop: its handles, iterations and tasks. */
static bool of_a_loop(const lp_transition *t)
{
    switch ((lp_transition_kind)t->kind) {
    case LP_TR_HANDLE_QUEUED: case LP_TR_TIMER_SET: case LP_TR_HANDLE_CANCELLED:
    case LP_TR_TIMER_DUE: case LP_TR_HANDLE_RUN: case LP_TR_HANDLE_SKIPPED:
    case LP_TR_TIMER_PURGED: case LP_TR_TIMERS_REBUILT: case LP_TR_ITERATION: case LP_TR_POLL:
    case LP_TR_TASK_MADE: case LP_TR_TASK_STEPPED: case LP_TR_TASK_AT: case LP_TR_TASK_WAITS:
    case LP_TR_TASK_DONE: case LP_TR_LOOP_RUNS:
        return true;
    default:
        return false;
    }
}

void lpui__loop_scan(lpui__loops_seen *scan, const lp_transition *t)
{
    if (!of_a_loop(t))
        return;
    uint8_t n = t->loop;
    if (!scan->seen[n]) {
        scan->seen[n] = true;
        scan->t0[n] = t->time;
    }
    scan->t1[n] = t->time;
    if (t->kind == LP_TR_LOOP_RUNS && !scan->ran[n]) {
        scan->ran[n] = true; /* the first thread that ran it: loops rarely move */
        scan->thread[n] = t->thread;
        scan->order[scan->ran_count++] = n;
    }
}

static lpui_loop_view *view_of(lpui_model *m, uint32_t thread)
{
    for (size_t i = 0; i < m->view_count; i++)
        if (m->views[i].thread == thread)
            return &m->views[i];
    lpui_loop_view *v = &m->views[m->view_count++];
    memset(v, 0, sizeof *v);
    v->thread = thread;
    return v;
}

static void add_loop(lpui_loop_view *v, const lpui__loops_seen *scan, uint8_t n)
{
    if (v->loop_count == 0 || scan->t0[n] < v->t0)
        v->t0 = scan->t0[n];
    if (v->loop_count == 0 || scan->t1[n] > v->t1)
        v->t1 = scan->t1[n];
    if (v->loop_count++ == 0)
        v->first = n;
    v->loops[n / 64] |= (uint64_t)1 << (n % 64);
}

int lpui__loop_views(lpui_model *m, const lpui__loops_seen *scan)
{
    free(m->views);
    m->view_count = 0;
    m->views = calloc(257, sizeof *m->views); /* at most one per loop, and one more */
    if (!m->views)
        return LP_E_NOMEM;
    /* the main thread's first when it ran a loop (the default view), then
    ** the others as they first ran one */
    for (size_t i = 0; i < scan->ran_count; i++)
        if (scan->thread[scan->order[i]] == 0) {
            view_of(m, 0);
            break;
        }
    for (size_t i = 0; i < scan->ran_count; i++) {
        uint8_t n = scan->order[i];
        add_loop(view_of(m, scan->thread[n]), scan, n);
    }
    /* loops with records that never ran (or a trace that does not say):
    ** with the main thread's when nothing ran, else on their own */
    for (unsigned n = 0; n < 256; n++)
        if (scan->seen[n] && !scan->ran[n])
            add_loop(view_of(m, scan->ran_count ? LPUI_LOOP_THREAD_NONE : 0), scan, (uint8_t)n);
    if (m->view_count == 0) /* nothing recorded: loop 0, in the main thread */
        add_loop(view_of(m, 0), scan, 0);
    return LP_OK;
}

bool lpui_model_view_live(const lpui_model *m, size_t i, double t)
{
    return i < m->view_count && m->views[i].t0 <= t && t <= m->views[i].t1;
}
