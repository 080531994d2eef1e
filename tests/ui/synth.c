/* synth.c - the synthetic trace of synth.h. */
#include "synth.h"

#include <stdlib.h>
#include <string.h>

#include "core/status.h"

typedef struct gen {
    lp_trace *t;
    double    now;
    uint32_t  next_handle;
    int       rc;
} gen;

static void emit(gen *g, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t u64)
{
    lp_event ev = {g->now, subject, (uint8_t)kind, 0, small, {.u64 = u64}};
    if (g->rc == LP_OK)
        g->rc = lp_trace_append(g->t, &ev);
}

static void emit_when(gen *g, lp_event_kind kind, uint32_t subject, double when)
{
    lp_event ev = {g->now, subject, (uint8_t)kind, 0, 0, {.when = when}};
    if (g->rc == LP_OK)
        g->rc = lp_trace_append(g->t, &ev);
}

static double delay_of(uint32_t task)
{
    return 0.1 + 0.05 * (double)(task % 7);
}

int synth_run(lp_trace *trace, uint32_t tasks, uint32_t rounds, bool finish)
{
    gen g = {trace, 0.0, 1, LP_OK};
    uint32_t name, coro, file, wait;
    lp_trace_intern(trace, "Task", 4, &name);
    lp_trace_intern(trace, "worker()", 8, &coro);
    lp_trace_intern(trace, "synth.py", 8, &file);
    lp_trace_intern(trace, "worker > sleep : sleep", 22, &wait);
    uint32_t *ready = malloc(tasks * sizeof *ready);   /* task of each ready handle, in order */
    uint32_t *handle = malloc((tasks + 1) * sizeof *handle); /* task -> its ready handle */
    uint32_t *timer = malloc((tasks + 1) * sizeof *timer);
    if (!ready || !handle || !timer) {
        free(ready);
        free(handle);
        free(timer);
        return LP_E_NOMEM;
    }
    for (uint32_t i = 1; i <= tasks; i++) {
        emit(&g, LP_EV_TASK_NEW, i, 0, name | (uint64_t)coro << 32);
        emit(&g, LP_EV_TASK_PARENT, i, 0, 0);
        handle[i] = g.next_handle++;
        emit(&g, LP_EV_CALL_SOON, handle[i], 0, 0);
        ready[i - 1] = i;
    }
    for (uint32_t r = 0; r <= rounds && g.rc == LP_OK; r++) {
        emit_when(&g, LP_EV_POLL, 0, 0.0);
        emit(&g, LP_EV_ITER, 0, 0, tasks);
        for (uint32_t k = 0; k < tasks; k++) {
            uint32_t i = ready[k];
            emit(&g, LP_EV_RUN, handle[i], 0, i); /* the run of task i's step (no TASK_STEP) */
            if (r == rounds) {
                if (finish)
                    emit(&g, LP_EV_TASK_DONE, i, LP_TASK_RESULT, 0);
                continue;
            }
            timer[i] = g.next_handle++;
            emit_when(&g, LP_EV_CALL_AT, timer[i], g.now + delay_of(i));
            emit(&g, LP_EV_TASK_SUSPEND, i, 0, (uint64_t)file << 32 | (3 + i % 5));
            emit(&g, LP_EV_TASK_WAIT, i, LP_WAIT_SLEEP, wait);
        }
        if (r == rounds)
            break;
        /* the timers fire in deadline order, one group of equal deadlines at a time */
        double start = g.now;
        uint32_t woken = 0;
        for (uint32_t step = 0; step < 7; step++) {
            double due = start + 0.1 + 0.05 * step;
            uint32_t count = 0;
            for (uint32_t i = 1; i <= tasks; i++)
                count += i % 7 == step;
            if (!count)
                continue;
            emit_when(&g, LP_EV_POLL, 0, due);
            double prev = g.now;
            g.now = due;
            emit_when(&g, LP_EV_CLOCK, 0, prev);
            for (uint32_t i = 1; i <= tasks; i++)
                if (i % 7 == step)
                    emit(&g, LP_EV_TIMER_DUE, timer[i], 0, 0);
            emit(&g, LP_EV_ITER, 0, 0, count);
            for (uint32_t i = 1; i <= tasks; i++)
                if (i % 7 == step) {
                    emit(&g, LP_EV_RUN, timer[i], 0, 0);
                    handle[i] = g.next_handle++;
                    emit(&g, LP_EV_CALL_SOON, handle[i], 0, 0);
                    ready[woken++] = i;
                }
        }
    }
    free(ready);
    free(handle);
    free(timer);
    return g.rc;
}
