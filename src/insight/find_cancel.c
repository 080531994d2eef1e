/* find_cancel.c - looplab insights: a cancellation that did not take.
**
** task.cancel() throws CancelledError into the task at its next step; the
** task is meant to let it through (cleaning up on the way). One that
** catches it and goes on (`except BaseException`, a bare `except`, or
** `except CancelledError` without `raise`) finishes with a result or another
** exception while cancel() requests are still counted on it: TASK_DONE
** carries task.cancelling(). asyncio.timeout and TaskGroup take their own
** requests back with uncancel(), so the count does not flag them; but in
** 3.11 a TaskGroup whose child fails while its parent already waits in
** `__aexit__` cancels the parent and never takes it back, so a cancel that
** reaches a task waiting there is the TaskGroup's, not the program's.
*/
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

typedef struct cancel_seen {
    bool     requested;   /* a cancel() was accepted */
    double   when;        /* the first one's time */
    uint32_t by;          /* the task that asked, 0 = a callback */
    size_t   event;
    uint32_t file, line;  /* where the task waited when it was asked */
    uint32_t last_file, last_line; /* its last suspension */
    uint32_t chain;       /* its last await chain's description (sid) */
} cancel_seen;

static int report(lpin__run *run, uint32_t task, const cancel_seen *c, const lp_transition *done)
{
    char who[64], by[64], late[32];
    lpin__task_label(run, task, who, sizeof who);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence, "%s was asked to cancel at t = %.3f", who, c->when);
    if (c->by) {
        lpin__task_label(run, c->by, by, sizeof by);
        lpin__text_add(&sentence, " by %s", by);
    }
    lpin__seconds(done->time - c->when, late, sizeof late);
    lpin__text_add(&sentence, ", caught the CancelledError and went on: it ended %s %s later "
                              "instead of being cancelled, and whoever waited for it was not told.",
                   done->outcome == LP_TASK_EXCEPTION ? "with an exception" : "normally", late);
    lpin__draft d = {.kind = LPIN_CANCEL_SWALLOWED,
                     .file_sid = c->file,
                     .line = c->line,
                     .t0 = c->when,
                     .t1 = done->time,
                     .cost = 0.0,
                     .event = c->event};
    lpin__draft_task(&d, task);
    lpin__draft_task(&d, c->by);
    return lpin__add(run, &d, sentence.buf,
                     "Let CancelledError through: catch `Exception` rather than `BaseException` "
                     "or a bare `except`, and re-raise after cleaning up (`except "
                     "asyncio.CancelledError: ...; raise`).");
}

int lpin__find_cancel(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    cancel_seen *seen = NULL;
    size_t cap = 0;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        if (t.kind != LP_TR_TASK_CANCEL && t.kind != LP_TR_TASK_DONE && t.kind != LP_TR_TASK_AT &&
            t.kind != LP_TR_TASK_WAITS)
            continue;
        uint32_t task = t.task;
        if (task >= (1u << 24))
            continue;
        if (lp_grow_zeroed(&run->alloc, (void **)&seen, &cap, (size_t)task + 1, sizeof *seen) != LP_OK) {
            rc = LP_E_NOMEM;
            break;
        }
        cancel_seen *c = &seen[task];
        if (t.kind == LP_TR_TASK_AT) {
            c->last_file = t.file_sid;
            c->last_line = t.line;
            c->chain = 0;
        } else if (t.kind == LP_TR_TASK_WAITS) {
            c->chain = t.sid;
        } else if (t.kind == LP_TR_TASK_CANCEL) {
            bool by_task_group = strstr(lpin__str(run, c->chain), "TaskGroup.__aexit__") != NULL;
            if (!c->requested && !by_task_group) {
                c->requested = true;
                c->when = t.time;
                c->by = t.other;
                c->event = i;
                c->file = c->last_file;
                c->line = c->last_line;
            }
        } else if (t.outcome != LP_TASK_CANCELLED && t.count > 0 && c->requested &&
                   !lpin__task_internal(run, task)) {
            rc = report(run, task, c, &t);
        }
    }
    lp_free(&run->alloc, seen);
    return rc;
}
