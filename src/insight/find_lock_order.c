/* find_lock_order.c - looplab insights: two threads took two locks in
** opposite orders (the Linux kernel's lockdep idea).
**
** From the lock graph (lock_graph.h): an edge A -> B says a thread holding
** A asked for B. Edges A -> B and B -> A of two different threads mean that
** if both threads reach those lines at the same time, each holds the lock
** the other waits for: a deadlock, found even in a run that got away with
** it. Not when both held a common third lock meanwhile (a gate: only one of
** them can be there at a time). When the run did deadlock on those two
** locks, the deadlock finding says it instead. One finding per pair of locks.
*/
#include <stdio.h>

#include "core/status.h"
#include "insight/insight_int.h"
#include "insight/lock_graph.h"

#define MAX_PAIRS 64 /* findings of this kind in one run, at most */

/* Whether the two edges' threads both held one other lock meanwhile. */
static bool gated(const lpin__edge *x, const lpin__edge *y)
{
    for (size_t i = 0; i < x->gate_count; i++)
        for (size_t k = 0; k < y->gate_count; k++)
            if (x->gates[i] == y->gates[k])
                return true;
    return false;
}

/* Whether the run ended with threads stuck on both locks in one cycle. */
static bool deadlocked_on(const lpin__lock_graph *g, uint16_t a, uint16_t b)
{
    for (size_t i = 0; i < g->thread_count; i++) {
        lpin__cycle_ref cycle;
        if (!lpin__deadlock_cycle(g, i, &cycle))
            continue;
        bool has_a = false, has_b = false;
        for (size_t k = 0; k < cycle.len; k++) {
            uint16_t lock = g->threads[cycle.thread[k]].waits_for;
            has_a = has_a || lock == a;
            has_b = has_b || lock == b;
        }
        if (has_a && has_b)
            return true;
    }
    return false;
}

static int report(lpin__run *run, const lpin__lock_graph *g, const lpin__edge *x, const lpin__edge *y)
{
    char a[96], b[96], at_xa[160], at_xb[160], at_ya[160], at_yb[160];
    lpin__lock_name(run, g, x->a, true, a, sizeof a);
    lpin__lock_name(run, g, x->b, true, b, sizeof b);
    uint32_t file = lpin__loc_file(y->at_b);
    lpin__place(run, x->at_a, file, at_xa, sizeof at_xa);
    lpin__place(run, x->at_b, file, at_xb, sizeof at_xb);
    lpin__place(run, y->at_a, file, at_ya, sizeof at_ya);
    lpin__place(run, y->at_b, file, at_yb, sizeof at_yb);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence,
                   "%s takes %s (%s) then %s (%s); %s takes %s (%s) then %s (%s): two threads "
                   "that do this at the same time wait for each other forever. This run got away "
                   "with it; another may not.",
                   lpin__thread_name(run, x->thread), a, at_xa, b, at_xb,
                   lpin__thread_name(run, y->thread), b, at_ya, a, at_yb);
    lpin__text fix = {.len = 0};
    lpin__text_add(&fix, "Take the locks in one order everywhere (%s before %s), or hold one "
                         "lock at a time.", a, b);
    lpin__draft d = {.kind = LPIN_LOCK_ORDER, .file_sid = file, .line = lpin__loc_line(y->at_b),
                     .t0 = x->time, .t1 = y->time, .event = y->event};
    lpin__draft_thread(&d, x->thread);
    lpin__draft_thread(&d, y->thread);
    return lpin__add(run, &d, sentence.buf, fix.buf);
}

int lpin__find_lock_order(lpin__run *run)
{
    lpin__lock_graph g;
    int rc = lpin__lock_graph_build(run, &g);
    if (rc != LP_OK)
        return rc;
    uint32_t done[MAX_PAIRS]; /* pairs of locks said: low id | high id << 16 */
    size_t done_count = 0;
    for (size_t i = 0; rc == LP_OK && i < g.edge_count; i++) {
        const lpin__edge *x = &g.edges[i];
        uint32_t pair = x->a < x->b ? (uint32_t)x->a | (uint32_t)x->b << 16 : (uint32_t)x->b | (uint32_t)x->a << 16;
        bool said = false;
        for (size_t j = 0; j < done_count && !said; j++)
            said = done[j] == pair;
        for (size_t k = i + 1; !said && rc == LP_OK && k < g.edge_count; k++) {
            const lpin__edge *y = &g.edges[k];
            if (y->a != x->b || y->b != x->a || y->thread == x->thread || gated(x, y))
                continue;
            if (done_count == MAX_PAIRS)
                break;
            done[done_count++] = pair;
            said = true;
            if (!deadlocked_on(&g, x->a, x->b))
                rc = report(run, &g, x, y);
        }
    }
    lpin__lock_graph_free(run, &g);
    return rc;
}
