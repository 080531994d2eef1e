/* find_starvation.c - looplab insights: one task keeping the loop to itself.
**
** Two shapes. CPU bursts between awaits: a task computes (or blocks) a
** little in each of many steps, each shorter than LPIN_SLOW so no single
** step is "the loop was blocked", while the loop never goes idle; together
** they hold the loop and timers run late. And spinning: a task steps again
** and again at one instant (`while ...: await asyncio.sleep(0)`), busy
** waiting instead of waiting on the thing itself. A streak ends when the
** loop goes idle (the clock moves outside a blocking call).
*/
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

#define SPIN_STEPS 1000 /* steps at one instant that make a busy wait */

typedef struct streak {
    unsigned holds;       /* its steps that blocked, in this streak */
    double   blocked;     /* their blocked time (steps under LPIN_SLOW only) */
    double   t0, t1;
    size_t   event;
    uint64_t at;          /* where its first burst was */
    unsigned late_timers;
    double   max_late;
    uint64_t at_now;      /* where it stopped last */
    uint64_t own_soon;    /* the last handle its own step queued */
    bool     yielded;     /* its last stop was a bare yield (sleep(0)) */
    unsigned spin;        /* yields in a row at the current instant */
    double   spin_time;
    size_t   spin_event;
    uint64_t spin_at;     /* where the first of them stopped */
} streak;

static int report_burst(lpin__run *run, uint32_t task, const streak *s)
{
    char who[64], held[32], each[32], late[32];
    lpin__task_label(run, task, who, sizeof who);
    lpin__seconds(s->blocked, held, sizeof held);
    lpin__seconds(s->blocked / s->holds, each, sizeof each);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence, "%s held the loop for %s in %u bursts of about %s between its awaits, "
                              "and the loop never went idle",
                   who, held, s->holds, each);
    if (s->late_timers) {
        lpin__seconds(s->max_late, late, sizeof late);
        lpin__text_add(&sentence, "; %u timer%s ran late meanwhile, by up to %s", s->late_timers,
                       s->late_timers == 1 ? "" : "s", late);
    }
    lpin__text_add(&sentence, ".");
    lpin__draft d = {.kind = LPIN_STARVATION,
                     .file_sid = lpin__loc_file(s->at),
                     .line = lpin__loc_line(s->at),
                     .t0 = s->t0,
                     .t1 = s->t1,
                     .cost = s->blocked,
                     .event = s->event};
    lpin__draft_task(&d, task);
    return lpin__add(run, &d, sentence.buf,
                     "Run the CPU work in a process pool (`loop.run_in_executor(ProcessPoolExecutor(), "
                     "...)`) so the loop stays free, or make each burst much shorter.");
}

static int report_spin(lpin__run *run, uint32_t task, const streak *s, uint64_t at)
{
    char who[64];
    lpin__task_label(run, task, who, sizeof who);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence, "%s stepped %u times at t = %.3f without time passing: it busy-waits, "
                              "yielding (`await asyncio.sleep(0)`) in a loop instead of waiting for "
                              "what it needs.",
                   who, s->spin, s->spin_time);
    lpin__draft d = {.kind = LPIN_STARVATION,
                     .file_sid = lpin__loc_file(at),
                     .line = lpin__loc_line(at),
                     .t0 = s->spin_time,
                     .t1 = s->spin_time,
                     .cost = 0.0,
                     .event = s->spin_event};
    lpin__draft_task(&d, task);
    return lpin__add(run, &d, sentence.buf,
                     "Await the thing itself (an asyncio.Event, a Queue, a future) instead of "
                     "polling with `asyncio.sleep(0)`.");
}

/* A run of yields at one instant has ended: a busy wait from SPIN_STEPS on. */
static int end_spin(lpin__run *run, uint32_t task, streak *s)
{
    int rc = LP_OK;
    if (s->spin >= SPIN_STEPS && !lpin__task_internal(run, task))
        rc = report_spin(run, task, s, s->spin_at);
    s->spin = 0;
    return rc;
}

static int end_streak(lpin__run *run, uint32_t task, streak *s)
{
    int rc = LP_OK;
    if (s->holds >= 2 && s->blocked >= LPIN_SLOW - LPIN_EPS)
        rc = report_burst(run, task, s);
    s->holds = 0;
    s->blocked = 0.0;
    s->late_timers = 0;
    s->max_late = 0.0;
    return rc;
}

int lpin__find_starvation(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    streak *streaks = NULL;
    size_t cap = 0;
    uint32_t task = 0;         /* the task whose step runs */
    uint64_t block_at = 0;
    double hold_blocked = 0.0, begin = 0.0, hold_t0 = 0.0;
    size_t hold_event = 0;
    bool in_block = false;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        switch (t.kind) {
        case LP_TR_HANDLE_QUEUED:
            if (task && task < cap)
                streaks[task].own_soon = t.handle;
            break;
        case LP_TR_TASK_STEPPED:
            task = t.task < (1u << 24) ? t.task : 0;
            if (lp_grow_zeroed(&run->alloc, (void **)&streaks, &cap, (size_t)task + 1, sizeof *streaks) !=
                LP_OK) {
                rc = LP_E_NOMEM;
                break;
            }
            hold_blocked = 0.0;
            streak *s = &streaks[task];
            /* a bare yield (sleep(0)): the step that resumes it is one its own
            ** previous step queued, not a wake-up from a future */
            s->yielded = s->own_soon != 0 && t.handle == s->own_soon;
            s->own_soon = 0;
            if (!s->yielded || t.time != s->spin_time) {
                rc = end_spin(run, task, s);
                s->spin_time = t.time;
                s->spin_event = i;
            }
            if (s->yielded && s->spin++ == 0)
                s->spin_at = s->at_now; /* where it yielded first */
            break;
        case LP_TR_TASK_AT:
            if (t.task < cap)
                streaks[t.task].at_now = lpin__loc(t.file_sid, t.line);
            /* fall through */
        case LP_TR_TASK_DONE:
            if (task && task < cap && hold_blocked > 0.0 && hold_blocked < LPIN_SLOW - LPIN_EPS) {
                streak *held = &streaks[task];
                if (held->holds++ == 0) {
                    held->t0 = hold_t0;
                    held->event = hold_event;
                    held->at = block_at;
                }
                held->blocked += hold_blocked;
                held->t1 = t.time;
            }
            task = 0;
            hold_blocked = 0.0;
            break;
        case LP_TR_BLOCK_AT:
            if (hold_blocked == 0.0)
                block_at = lpin__loc(t.file_sid, t.line);
            break;
        case LP_TR_BLOCK_BEGIN:
            if (hold_blocked == 0.0) {
                hold_t0 = t.time;
                hold_event = i;
            }
            begin = t.time;
            in_block = true;
            break;
        case LP_TR_BLOCK_END:
            if (in_block)
                hold_blocked += t.time - begin;
            in_block = false;
            break;
        case LP_TR_CLOCK:
            if (!in_block) /* the loop waited: every streak ends */
                for (size_t k = 0; rc == LP_OK && k < cap; k++)
                    if (streaks[k].holds)
                        rc = end_streak(run, (uint32_t)k, &streaks[k]);
            break;
        case LP_TR_TIMER_DUE: {
            double when = lpin__timer_when(run, t.handle);
            double late = t.time - when;
            if (when == when && late > LPIN_EPS)
                for (size_t k = 0; k < cap; k++)
                    if (streaks[k].holds) {
                        streaks[k].late_timers++;
                        if (late > streaks[k].max_late)
                            streaks[k].max_late = late;
                    }
            break;
        }
        default:
            break;
        }
    }
    for (size_t k = 0; rc == LP_OK && k < cap; k++) {
        if (streaks[k].holds)
            rc = end_streak(run, (uint32_t)k, &streaks[k]);
        if (rc == LP_OK)
            rc = end_spin(run, (uint32_t)k, &streaks[k]);
    }
    lp_free(&run->alloc, streaks);
    return rc;
}
