/* lock_graph.c - looplab insights: the program's threading locks, read once. */
#include "insight/lock_graph.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"

#define MAX_LOCK 0x7fffu

static int lock_at(lpin__run *run, lpin__lock_graph *g, uint32_t id, lpin__lock **out)
{
    *out = NULL;
    if (id == 0 || id > MAX_LOCK)
        return LP_OK; /* a corrupt record: ignored */
    if (lp_grow_zeroed(&run->alloc, (void **)&g->locks, &g->lock_cap, (size_t)id + 1, sizeof *g->locks) != LP_OK)
        return LP_E_NOMEM;
    *out = &g->locks[id];
    return LP_OK;
}

const lpin__lthread *lpin__lock_graph_thread(const lpin__lock_graph *g, uint32_t thread)
{
    uint32_t index;
    if (thread == UINT32_MAX || !lp_u32map_get(&g->thread_index, thread + 1, &index))
        return NULL;
    return &g->threads[index];
}

static int thread_at(lpin__run *run, lpin__lock_graph *g, uint32_t thread, lpin__lthread **out)
{
    *out = NULL;
    if (thread == UINT32_MAX)
        return LP_OK;
    uint32_t index;
    if (!lp_u32map_get(&g->thread_index, thread + 1, &index)) {
        if (lp_grow(&run->alloc, (void **)&g->threads, &g->thread_cap, g->thread_count + 1,
                    sizeof *g->threads) != LP_OK)
            return LP_E_NOMEM;
        index = (uint32_t)g->thread_count;
        if (lp_u32map_put(&g->thread_index, thread + 1, index) != LP_OK)
            return LP_E_NOMEM;
        memset(&g->threads[index], 0, sizeof g->threads[index]);
        g->threads[index].thread = thread;
        g->thread_count++;
    }
    *out = &g->threads[index];
    return LP_OK;
}

/* Thread `th` holding its locks asks for `b` at `at`: an edge from each. */
static int add_edges(lpin__run *run, lpin__lock_graph *g, const lpin__lthread *th, uint16_t b,
                     uint64_t at, double time, size_t event)
{
    for (size_t h = 0; h < th->held_count; h++) {
        uint16_t a = th->held[h].lock;
        if (a == b)
            continue;
        bool seen = false;
        for (size_t e = 0; e < g->edge_count && !seen; e++)
            seen = g->edges[e].a == a && g->edges[e].b == b && g->edges[e].thread == th->thread;
        if (seen)
            continue;
        if (lp_grow(&run->alloc, (void **)&g->edges, &g->edge_cap, g->edge_count + 1, sizeof *g->edges) != LP_OK)
            return LP_E_NOMEM;
        lpin__edge *edge = &g->edges[g->edge_count++];
        memset(edge, 0, sizeof *edge);
        edge->a = a;
        edge->b = b;
        edge->thread = th->thread;
        edge->at_a = th->held[h].at;
        edge->at_b = at;
        edge->time = time;
        edge->event = event;
        for (size_t k = 0; k < th->held_count && edge->gate_count < LPIN_GATES_MAX; k++)
            if (k != h && th->held[k].lock != b)
                edge->gates[edge->gate_count++] = th->held[k].lock;
    }
    return LP_OK;
}

static void drop_held(lpin__lthread *th, uint16_t lock)
{
    for (size_t h = th->held_count; h-- > 0;) {
        if (th->held[h].lock == lock) {
            memmove(&th->held[h], &th->held[h + 1], (th->held_count - h - 1) * sizeof th->held[0]);
            th->held_count--;
            return;
        }
    }
}

static int read_one(lpin__run *run, lpin__lock_graph *g, const lp_transition *t, size_t i)
{
    lpin__lock *lock = NULL;
    lpin__lthread *th = NULL;
    int rc = LP_OK;
    if (t->kind == LP_TR_THREAD_RESUMED) {
        /* a wait that timed out: the thread no longer waits for its lock */
        const lpin__lthread *known = lpin__lock_graph_thread(g, t->thread);
        if (known && !t->flag)
            g->threads[known - g->threads].waits_for = 0;
        return LP_OK;
    }
    if ((rc = lock_at(run, g, t->lock, &lock)) != LP_OK || !lock)
        return rc;
    if (t->kind == LP_TR_LOCK_MADE) {
        lock->made = lpin__loc(t->file_sid, t->line);
        lock->rlock = t->flag;
        return LP_OK;
    }
    uint64_t at = lpin__loc(t->file_sid, t->line);
    uint16_t id = (uint16_t)t->lock;
    switch (t->kind) {
    case LP_TR_LOCK_WAITS:
        if ((rc = thread_at(run, g, t->thread, &th)) != LP_OK || !th)
            return rc;
        th->waits_for = id;
        th->timed = t->flag;
        th->wait_at = at;
        th->wait_since = t->time;
        th->wait_event = i;
        return add_edges(run, g, th, id, at, t->time, i);
    case LP_TR_LOCK_TAKEN:
        if ((rc = thread_at(run, g, t->thread, &th)) != LP_OK || !th)
            return rc;
        th->waits_for = 0;
        if (!t->flag && (rc = add_edges(run, g, th, id, at, t->time, i)) != LP_OK)
            return rc;
        if (th->held_count < LPIN_HELD_MAX)
            th->held[th->held_count++] = (lpin__held){id, at};
        lock->held = true;
        lock->holder = t->thread;
        lock->held_at = at;
        return LP_OK;
    case LP_TR_LOCK_RELEASED: {
        /* any thread may release a Lock: it leaves its holder's list */
        const lpin__lthread *holder = lock->held ? lpin__lock_graph_thread(g, lock->holder) : NULL;
        if (holder)
            drop_held(&g->threads[holder - g->threads], id);
        lock->held = false;
        return LP_OK;
    }
    default:
        return LP_OK;
    }
}

int lpin__lock_graph_build(lpin__run *run, lpin__lock_graph *g)
{
    memset(g, 0, sizeof *g);
    lp_u32map_init(&g->thread_index, run->alloc);
    const lp_trace *trace = run->trace;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        g->end = t.time;
        g->last_event = i;
        if (t.kind == LP_TR_THREAD_RESUMED || (t.kind >= LP_TR_LOCK_MADE && t.kind <= LP_TR_LOCK_RELEASED))
            rc = read_one(run, g, &t, i);
    }
    if (rc != LP_OK)
        lpin__lock_graph_free(run, g);
    return rc;
}

void lpin__lock_graph_free(lpin__run *run, lpin__lock_graph *g)
{
    lp_free(&run->alloc, g->locks);
    lp_free(&run->alloc, g->threads);
    lp_free(&run->alloc, g->edges);
    lp_u32map_free(&g->thread_index);
    memset(g, 0, sizeof *g);
}

/* The `nth` (0-based) of the variables a line assigns to ("first",
** "self.lock"; "a, b = Lock(), Lock()" assigns two), and how many there
** are; 0 when the line is not an assignment to names. */
static unsigned assigned_name(const char *line, unsigned nth, char *out, size_t n)
{
    out[0] = '\0';
    const char *p = line;
    unsigned count = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        const char *start = p;
        while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
            p++;
        if (p == start || isdigit((unsigned char)*start))
            return 0;
        if (count++ == nth)
            snprintf(out, n, "%.*s", (int)(p - start), start);
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p != ',')
            break;
        p++;
    }
    if (*p == ':' && count == 1) /* an annotation: name: threading.Lock = ... */
        p = strchr(p, '=') ? strchr(p, '=') : "";
    if (*p != '=' || p[1] == '=')
        return 0;
    return count;
}

void lpin__lock_name(const lpin__run *run, const lpin__lock_graph *g, uint16_t lock, bool quote,
                     char *out, size_t n)
{
    uint64_t made = lock < g->lock_cap ? g->locks[lock].made : 0;
    const char *line = made ? lpin__source_line(run, lpin__loc_file(made), lpin__loc_line(made)) : NULL;
    /* locks made on one line are told apart by their order */
    unsigned same = 0, nth = 0;
    for (size_t k = 1; made && k < g->lock_cap; k++) {
        if (g->locks[k].made == made) {
            same++;
            if (k == lock)
                nth = same;
        }
    }
    char name[64] = "";
    unsigned names = line ? assigned_name(line, 0, name, sizeof name) : 0;
    if (names > 1 && names == same && nth > 0) { /* a, b = Lock(), Lock() */
        (void)assigned_name(line, nth - 1, name, sizeof name);
        same = 1;
    } else if (names != 1) {
        name[0] = '\0';
    }
    const char *what = g->locks && lock < g->lock_cap && g->locks[lock].rlock ? "RLock" : "lock";
    if (!*name)
        snprintf(out, n, "the %s made at line %u", what, (unsigned)lpin__loc_line(made));
    else if (same > 1)
        snprintf(out, n, "%s%s#%u%s", quote ? "`" : "", name, nth, quote ? "`" : "");
    else
        snprintf(out, n, "%s%s%s", quote ? "`" : "", name, quote ? "`" : "");
}

bool lpin__deadlock_cycle(const lpin__lock_graph *g, size_t start, lpin__cycle_ref *out)
{
    size_t path[LPIN_MAX_NAMES * 2];
    size_t len = 0, at = start;
    out->len = 0;
    for (;;) {
        for (size_t k = 0; k < len; k++) {
            if (path[k] != at)
                continue;
            if (len - k > LPIN_MAX_NAMES)
                return false;
            size_t first = k; /* the cycle: path[k..len), lowest thread number first */
            for (size_t m = k; m < len; m++)
                if (g->threads[path[m]].thread < g->threads[path[first]].thread)
                    first = m;
            for (size_t m = 0; m < len - k; m++)
                out->thread[m] = path[k + (first - k + m) % (len - k)];
            out->len = len - k;
            return true;
        }
        const lpin__lthread *th = &g->threads[at];
        if (len == sizeof path / sizeof path[0] || !th->waits_for || th->timed ||
            th->waits_for >= g->lock_cap || !g->locks[th->waits_for].held)
            return false;
        const lpin__lthread *holder = lpin__lock_graph_thread(g, g->locks[th->waits_for].holder);
        if (!holder)
            return false;
        path[len++] = at;
        at = (size_t)(holder - g->threads);
    }
}

void lpin__place(const lpin__run *run, uint64_t loc, uint32_t file, char *out, size_t n)
{
    if (lpin__loc_file(loc) == file || !*lpin__str(run, lpin__loc_file(loc)))
        snprintf(out, n, "line %u", (unsigned)lpin__loc_line(loc));
    else
        snprintf(out, n, "%s:%u", lpin__str(run, lpin__loc_file(loc)), (unsigned)lpin__loc_line(loc));
}
