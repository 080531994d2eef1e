/* player.c - looplab ui: cursor, stepping and playing (see player.h). */
#include "ui/player.h"

#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "ui/scene.h"

bool lpui_player_shown(const lp_event *ev)
{
    switch (lp_interp_step_task(ev) ? LP_EV_TASK_STEP : ev->kind) {
    case LP_EV_CALL_SOON: case LP_EV_CALL_AT: case LP_EV_TIMER_DUE: case LP_EV_CANCEL:
    case LP_EV_TASK_STEP: case LP_EV_TASK_WAIT: case LP_EV_TASK_DONE: case LP_EV_TASK_CANCEL:
    case LP_EV_TIMEOUT: case LP_EV_BLOCK_BEGIN: case LP_EV_BLOCK_END: case LP_EV_OUTPUT:
    case LP_EV_JOB_START: case LP_EV_JOB_WAKE: case LP_EV_JOB_SLEEP: case LP_EV_JOB_END:
    case LP_EV_CLOCK: case LP_EV_TASK_NEW:
        return true;
    default:
        return false;
    }
}

static const lp_event *next_event(const lpui_player *p)
{
    return p->a.applied < p->limit ? lp_trace_at(&p->m->trace, p->a.applied) : NULL;
}

/* Makes b = a + the next event, if there is one. */
static int prepare_b(lpui_player *p)
{
    if (p->has_b) {
        lp_state_free(&p->b);
        p->has_b = false;
    }
    const lp_event *ev = next_event(p);
    if (!ev)
        return LP_OK;
    int rc = lp_state_copy(&p->b, &p->a);
    if (rc != LP_OK)
        return rc;
    rc = lp_replay_apply_next(&p->m->replay, &p->b); /* skips a refused record */
    if (rc != LP_OK) {
        lp_state_free(&p->b);
        return rc;
    }
    p->has_b = true;
    return LP_OK;
}

int lpui_player_init(lpui_player *p, const lpui_model *m)
{
    memset(p, 0, sizeof *p);
    p->m = m;
    p->speed = 2; /* 1x */
    p->stop_at = SIZE_MAX;
    p->hold = -1;
    p->limit = m->replay.live.applied;
    lp_state_init(&p->a, lp_allocator_default());
    lp_state_init(&p->b, lp_allocator_default());
    return prepare_b(p);
}

void lpui_player_free(lpui_player *p)
{
    lp_state_free(&p->a);
    if (p->has_b)
        lp_state_free(&p->b);
    p->has_b = false;
}

int lpui_player_seek(lpui_player *p, size_t index)
{
    if (index > p->limit)
        index = p->limit;
    p->frac = 0;
    p->stop_at = SIZE_MAX;
    p->hold = -1;
    if (index == p->a.applied)
        return LP_OK;
    if (p->has_b && index == p->a.applied + 1) { /* the common case: one forward */
        lp_state t = p->a;
        p->a = p->b;
        p->b = t;
        lp_state_free(&p->b);
        p->has_b = false;
        return prepare_b(p);
    }
    lp_state fresh;
    int rc = lp_replay_state_at(&p->m->replay, index, &fresh);
    if (rc != LP_OK)
        return rc;
    lp_state_free(&p->a);
    p->a = fresh;
    return prepare_b(p);
}

int lpui_player_seek_time(lpui_player *p, double t)
{
    int rc = lpui_player_seek(p, lpui_model_index_after(p->m, t));
    if (rc == LP_OK && t > p->a.time && p->a.applied < p->limit) /* between two events: show t */
        p->hold = t;
    return rc;
}

int lpui_player_step(lpui_player *p, int dir)
{
    const lp_trace *tr = &p->m->trace;
    size_t i = p->a.applied;
    if (dir > 0) {
        if (p->stop_at != SIZE_MAX) /* a step under way: finish it first */
            i = p->stop_at;
        while (i < p->limit && !lpui_player_shown(lp_trace_at(tr, i)))
            i++;
        if (i >= p->limit)
            return lpui_player_seek(p, p->limit);
        int rc = p->stop_at != SIZE_MAX ? lpui_player_seek(p, p->stop_at) : LP_OK;
        /* jump over the bookkeeping, then animate the shown event */
        if (rc == LP_OK)
            rc = lpui_player_seek(p, i);
        p->stop_at = i + 1;
        p->playing = false;
        return rc;
    }
    p->playing = false;
    if (i == 0)
        return lpui_player_seek(p, 0);
    i--; /* the event that brought us here */
    while (i > 0 && !lpui_player_shown(lp_trace_at(tr, i - 1)))
        i--;
    if (i > 0)
        i--; /* before the previous shown event */
    while (i > 0 && !lpui_player_shown(lp_trace_at(tr, i)))
        i--;
    return lpui_player_seek(p, lpui_player_shown(lp_trace_at(tr, i)) ? i + 1 : 0);
}

int lpui_player_moment(lpui_player *p, int dir)
{
    const lp_trace *tr = &p->m->trace;
    double now = p->a.time;
    if (p->a.applied == 0 && p->limit)
        now = lp_trace_at(tr, 0)->time - 1;
    p->playing = false;
    if (dir > 0) {
        size_t i = lpui_model_index_after(p->m, now);
        if (i > p->limit)
            i = p->limit;
        if (i == p->a.applied && i < p->limit)
            i = lpui_model_index_after(p->m, lp_trace_at(tr, i)->time);
        return lpui_player_seek(p, i);
    }
    /* the first event at the current time; the moment before it */
    size_t lo = 0, hi = p->a.applied;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lp_trace_at(tr, mid)->time < now)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return lpui_player_seek(p, 0);
    return lpui_player_seek(p, lpui_model_index_after(p->m, lp_trace_at(tr, lo - 1)->time));
}

/* Whether ev is about task `task`. */
static bool about_task(const lpui_model *m, const lp_event *ev, uint32_t task)
{
    switch (ev->kind) {
    case LP_EV_TASK_NEW: case LP_EV_TASK_STEP: case LP_EV_TASK_SUSPEND: case LP_EV_TASK_WAIT:
    case LP_EV_TASK_DONE: case LP_EV_TASK_CANCEL: case LP_EV_TIMEOUT: case LP_EV_OUTPUT:
        return ev->subject == task;
    /* a RUN that starts a task's step names it (its handle tells it too) */
    case LP_EV_CALL_SOON: case LP_EV_CALL_AT: case LP_EV_TIMER_DUE: case LP_EV_RUN: case LP_EV_CANCEL: {
        const lpui_handle_info *h = lpui_model_handle(m, ev->subject);
        return h && h->step_task == task;
    }
    default:
        return false;
    }
}

int lpui_player_task_event(lpui_player *p, uint32_t task, int dir)
{
    const lp_trace *tr = &p->m->trace;
    p->playing = false;
    if (!task)
        return LP_OK;
    if (dir > 0) {
        for (size_t i = p->a.applied; i < p->limit; i++)
            if (about_task(p->m, lp_trace_at(tr, i), task))
                return lpui_player_seek(p, i + 1); /* just after it: its effect on screen */
        return LP_OK;
    }
    for (size_t i = p->a.applied > 1 ? p->a.applied - 1 : 0; i-- > 0;)
        if (about_task(p->m, lp_trace_at(tr, i), task))
            return lpui_player_seek(p, i + 1);
    return LP_OK;
}

/* Real seconds the next event takes at 1x (in rate mode: at this speed). */
static double event_duration(const lpui_player *p, const lp_event *ev)
{
    if (p->rate_mode && p->playing) /* a step still animates as usual */
        return 1.0 / (double)lpui_rates[p->speed];
    double d = lpui_player_shown(ev) ? 0.45 : 0.05;
    double jump = ev->time - p->a.time;
    if (jump > 0)
        d = jump < 2.5 ? (jump > d ? jump : d) : 2.5;
    return d;
}

int lpui_player_update(lpui_player *p, double dt)
{
    bool stepping = p->stop_at != SIZE_MAX;
    if (!p->playing && !stepping)
        return LP_OK;
    double speed = stepping && !p->playing ? 2.0 : p->rate_mode ? 1.0 : (double)lpui_speeds[p->speed];
    double budget = dt * speed;
    int rc = LP_OK;
    for (int guard = 0; budget > 0 && rc == LP_OK && guard < 1000000; guard++) {
        const lp_event *ev = next_event(p);
        if (!ev || (stepping && p->a.applied >= p->stop_at)) {
            if (!ev)
                p->playing = false;
            p->stop_at = SIZE_MAX;
            p->frac = 0;
            break;
        }
        double d = event_duration(p, ev);
        if (p->hold >= 0 && ev->time > p->a.time) { /* resume from the time shown */
            p->frac = (p->hold - p->a.time) / (ev->time - p->a.time);
            p->hold = -1;
        }
        double left = (1 - p->frac) * d;
        if (budget < left) {
            p->frac += budget / d;
            break;
        }
        budget -= left;
        /* past this event: apply it to a (b, the animation's target, is made
        ** once at the end, not once per event: at 16x a frame passes many) */
        if (p->has_b) {
            lp_state t = p->a;
            p->a = p->b;
            p->b = t;
            lp_state_free(&p->b);
            p->has_b = false;
        } else {
            rc = lp_replay_apply_next(&p->m->replay, &p->a);
        }
        p->frac = 0;
        p->hold = -1;
    }
    if (rc == LP_OK && !p->has_b)
        rc = prepare_b(p);
    if (p->stop_at != SIZE_MAX && p->a.applied >= p->stop_at)
        p->stop_at = SIZE_MAX;
    return rc;
}

double lpui_player_now(const lpui_player *p)
{
    const lp_event *ev = next_event(p);
    if (p->frac <= 0 && p->hold >= 0 && (!ev || p->hold < ev->time))
        return p->hold;
    if (!ev || p->frac <= 0)
        return p->a.time;
    return p->a.time + (ev->time - p->a.time) * p->frac;
}
