/* find_deadlock.c - looplab insights: threads that wait for each other's
** locks, drawn as their cycle.
**
** At the trace's end (where a deadlock stops the run), each thread that
** waits for a lock with no timeout points at the thread holding it; a
** cycle of such waits can never end. The finding keeps the cycle, step by
** step (who waits for which lock, where, and where its holder took it), for
** the report and for the window, which draws it. A thread waiting for a
** lock it holds itself (a Lock taken twice) is a cycle of one.
*/
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "insight/insight_int.h"
#include "insight/lock_graph.h"

typedef struct step_names {
    char lock[96];
} step_names;

static int report(lpin__run *run, const lpin__lock_graph *g, const lpin__cycle_ref *c)
{
    lpin__draft d = {.kind = LPIN_DEADLOCK, .t1 = g->end};
    step_names names[LPIN_MAX_NAMES];
    const lpin__lthread *first = &g->threads[c->thread[0]];
    uint32_t file = lpin__loc_file(first->wait_at);
    lpin__text sentence = {.len = 0};
    for (size_t k = 0; k < c->len; k++) {
        const lpin__lthread *th = &g->threads[c->thread[k]];
        const lpin__lthread *next = &g->threads[c->thread[(k + 1) % c->len]];
        const lpin__lock *lock = &g->locks[th->waits_for];
        char quoted[96], wait_at[160], held_at[160];
        lpin__lock_name(run, g, th->waits_for, false, names[k].lock, sizeof names[k].lock);
        lpin__lock_name(run, g, th->waits_for, true, quoted, sizeof quoted);
        lpin__place(run, th->wait_at, file, wait_at, sizeof wait_at);
        lpin__place(run, lock->held_at, file, held_at, sizeof held_at);
        const char *who = lpin__thread_name(run, th->thread);
        if (next == th)
            lpin__text_add(&sentence, "%s waits for %s (%s), which it holds itself (took it at %s)",
                           who, quoted, wait_at, held_at);
        else
            lpin__text_add(&sentence, "%s%s waits for %s (%s), which %s holds (took it at %s)",
                           k ? "; " : "", who, quoted, wait_at, lpin__thread_name(run, next->thread),
                           held_at);
        d.cycle[k] = (lpin_cycle_step){
            .thread = th->thread,
            .who = (char *)who,
            .lock = names[k].lock,
            .wait_line = lpin__loc_line(th->wait_at),
            .held_line = lpin__loc_line(lock->held_at),
        };
        lpin__draft_thread(&d, th->thread);
        if (th->wait_since >= d.t0) { /* the cycle closed with the last wait */
            d.t0 = th->wait_since;
            d.event = th->wait_event;
        }
    }
    d.cycle_len = c->len;
    lpin__text_add(&sentence, c->len == 1 ? ": it can never go on (a Lock is not reentrant)."
                                          : ": none of them can ever go on.");
    d.file_sid = file;
    d.line = lpin__loc_line(first->wait_at);
    const char *fix = c->len == 1
                          ? "Do not take a Lock you already hold: use threading.RLock, or release "
                            "it before calling code that takes it."
                          : "Take the locks in one order everywhere, or hold one lock at a time "
                            "(copy what you need, release, then take the next).";
    return lpin__add(run, &d, sentence.buf, fix);
}

int lpin__find_deadlock(lpin__run *run)
{
    lpin__lock_graph g;
    int rc = lpin__lock_graph_build(run, &g);
    if (rc != LP_OK)
        return rc;
    for (size_t i = 0; rc == LP_OK && i < g.thread_count; i++) {
        lpin__cycle_ref cycle;
        /* each cycle once: from its first thread (the lowest number) */
        if (lpin__deadlock_cycle(&g, i, &cycle) && cycle.thread[0] == i)
            rc = report(run, &g, &cycle);
    }
    lpin__lock_graph_free(run, &g);
    return rc;
}
