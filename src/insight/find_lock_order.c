/* find_lock_order.c - looplab insights: threads took locks in orders that
** form a cycle (the Linux kernel's lockdep idea).
**
** From the lock graph (lock_graph.h): an edge A -> B says a thread holding
** A asked for B. A cycle of such edges, each of another thread (A -> B in
** one, B -> A in another; or A -> B, B -> C, C -> A in three), means that if
** those threads reach those lines at the same time, each holds a lock the
** next one waits for: a deadlock, found even in a run that got away with
** it. Not when two of the edges' threads held one common other lock
** meanwhile (a gate: they cannot both be there at once). When the run did
** deadlock on those locks, the deadlock finding says it instead. One
** finding per set of locks; cycles of up to LPIN_MAX_NAMES locks.
*/
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "insight/insight_int.h"
#include "insight/lock_graph.h"

#define MAX_FOUND 64        /* findings of this kind in one run, at most */
#define MAX_STEPS 200000u   /* edges tried in all: the search gives up after */

typedef struct search {
    lpin__run             *run;
    const lpin__lock_graph *g;
    size_t   path[LPIN_MAX_NAMES]; /* edge indices */
    size_t   len;
    uint16_t found[MAX_FOUND][LPIN_MAX_NAMES]; /* lock sets said, sorted */
    size_t   found_len[MAX_FOUND];
    size_t   found_count;
    unsigned steps;
    int      rc;
} search;

/* Whether the two edges' threads both held one other lock meanwhile. */
static bool gated(const lpin__edge *x, const lpin__edge *y)
{
    for (size_t i = 0; i < x->gate_count; i++)
        for (size_t k = 0; k < y->gate_count; k++)
            if (x->gates[i] == y->gates[k])
                return true;
    return false;
}

/* Whether edge e can follow the path: another thread than every edge on it,
** a lock not yet on it (but the first: that closes the cycle), and no gate
** shared with any of them. */
static bool fits(const search *s, const lpin__edge *e)
{
    for (size_t i = 0; i < s->len; i++) {
        const lpin__edge *p = &s->g->edges[s->path[i]];
        if (p->thread == e->thread || (i > 0 && p->a == e->b) || gated(p, e))
            return false;
    }
    return true;
}

/* Whether the run ended with threads stuck in a cycle on every lock of `locks`. */
static bool deadlocked_on(const lpin__lock_graph *g, const uint16_t *locks, size_t n)
{
    for (size_t i = 0; i < g->thread_count; i++) {
        lpin__cycle_ref cycle;
        if (!lpin__deadlock_cycle(g, i, &cycle))
            continue;
        size_t have = 0;
        for (size_t m = 0; m < n; m++)
            for (size_t k = 0; k < cycle.len; k++)
                if (g->threads[cycle.thread[k]].waits_for == locks[m]) {
                    have++;
                    break;
                }
        if (have == n)
            return true;
    }
    return false;
}

/* The path's locks, sorted: the cycle's identity. */
static size_t lock_set(const search *s, uint16_t *out)
{
    for (size_t i = 0; i < s->len; i++) {
        uint16_t v = s->g->edges[s->path[i]].a;
        size_t k = i;
        for (; k > 0 && out[k - 1] > v; k--)
            out[k] = out[k - 1];
        out[k] = v;
    }
    return s->len;
}

static const char *const COUNT[] = {"", "one", "two", "three", "four", "five", "six", "seven", "eight"};

static int report(search *s)
{
    const lpin__lock_graph *g = s->g;
    lpin__run *run = s->run;
    const lpin__edge *last = &g->edges[s->path[s->len - 1]];
    uint32_t file = lpin__loc_file(last->at_b);
    lpin__text sentence = {.len = 0};
    lpin__draft d = {.kind = LPIN_LOCK_ORDER, .file_sid = file, .line = lpin__loc_line(last->at_b)};
    d.t0 = g->edges[s->path[0]].time;
    for (size_t i = 0; i < s->len; i++) {
        const lpin__edge *e = &g->edges[s->path[i]];
        char a[96], b[96], at_a[160], at_b[160];
        lpin__lock_name(run, g, e->a, true, a, sizeof a);
        lpin__lock_name(run, g, e->b, true, b, sizeof b);
        lpin__place(run, e->at_a, file, at_a, sizeof at_a);
        lpin__place(run, e->at_b, file, at_b, sizeof at_b);
        lpin__text_add(&sentence, "%s%s takes %s (%s) then %s (%s)", i ? "; " : "",
                       lpin__thread_name(run, e->thread), a, at_a, b, at_b);
        lpin__draft_thread(&d, e->thread);
        if (e->time < d.t0)
            d.t0 = e->time;
        if (e->time >= d.t1) { /* the moment the cycle was complete */
            d.t1 = e->time;
            d.event = e->event;
        }
    }
    lpin__text_add(&sentence, ": %s threads that do this at the same time wait for each other "
                              "forever. This run got away with it; another may not.",
                   COUNT[s->len]);
    lpin__text fix = {.len = 0};
    lpin__text_add(&fix, "Take the locks in one order everywhere (");
    for (size_t i = 0; i < s->len; i++) {
        char a[96];
        lpin__lock_name(run, g, g->edges[s->path[i]].a, true, a, sizeof a);
        lpin__text_add(&fix, "%s%s", i ? " before " : "", a);
    }
    lpin__text_add(&fix, "), or hold one lock at a time.");
    return lpin__add(run, &d, sentence.buf, fix.buf);
}

/* A cycle closed: said once per set of locks, unless the run deadlocked on it. */
static void closed(search *s)
{
    uint16_t set[LPIN_MAX_NAMES];
    size_t n = lock_set(s, set);
    for (size_t f = 0; f < s->found_count; f++)
        if (s->found_len[f] == n && memcmp(s->found[f], set, n * sizeof set[0]) == 0)
            return;
    if (s->found_count == MAX_FOUND)
        return;
    memcpy(s->found[s->found_count], set, n * sizeof set[0]);
    s->found_len[s->found_count++] = n;
    if (!deadlocked_on(s->g, set, n))
        s->rc = report(s);
}

/* Extends the path from its last edge's lock with edges after the first
** (each cycle is found from its earliest edge). */
static void extend(search *s)
{
    const lpin__lock_graph *g = s->g;
    const lpin__edge *first = &g->edges[s->path[0]];
    uint16_t at = g->edges[s->path[s->len - 1]].b;
    for (size_t k = s->path[0] + 1; k < g->edge_count && s->rc == LP_OK; k++) {
        const lpin__edge *e = &g->edges[k];
        if (e->a != at || !fits(s, e) || ++s->steps > MAX_STEPS)
            continue;
        s->path[s->len++] = k;
        if (e->b == first->a)
            closed(s);
        else if (s->len < LPIN_MAX_NAMES)
            extend(s);
        s->len--;
    }
}

int lpin__find_lock_order(lpin__run *run)
{
    search *s = run->alloc.realloc(run->alloc.user, NULL, sizeof *s);
    if (!s)
        return LP_E_NOMEM;
    memset(s, 0, sizeof *s);
    s->run = run;
    lpin__lock_graph g;
    s->rc = lpin__lock_graph_build(run, &g);
    if (s->rc == LP_OK) {
        s->g = &g;
        for (size_t i = 0; i < g.edge_count && s->rc == LP_OK; i++) {
            s->path[0] = i;
            s->len = 1;
            extend(s);
        }
        lpin__lock_graph_free(run, &g);
    }
    int rc = s->rc;
    lp_free(&run->alloc, s);
    return rc;
}
