/* lock_graph.h - looplab insights: the program's threading locks, read once.
**
** One pass over the lock records (LOCK_NEW, LOCK_WAIT, LOCK_ACQUIRED,
** LOCK_RELEASED; src/py/lock.c) gives what the lock findings need:
**   - each lock: where it was made, and who holds it at the trace's end;
**   - each thread: the locks it holds and the lock it waits for at the end;
**   - the lock order, as lockdep keeps it: an edge A -> B each time a thread
**     holding A waits for or takes B (a try that cannot wait orders
**     nothing), with both lines and the other locks it held then.
** Threads are numbered as in the trace (job serials, 0 = the loop thread).
*/
#ifndef LPIN_LOCK_GRAPH_H
#define LPIN_LOCK_GRAPH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/u32map.h"
#include "insight/insight_int.h"

#define LPIN_HELD_MAX 16  /* locks one thread holds at once (more are not followed) */
#define LPIN_GATES_MAX 4  /* other held locks kept per edge */

typedef struct lpin__lock {
    uint64_t made;     /* where it was made (line | file sid << 32); 0: not seen */
    bool     rlock;
    bool     held;     /* at the trace's end */
    uint32_t holder;   /* ... by this thread */
    uint64_t held_at;  /* ... taken there */
} lpin__lock;

typedef struct lpin__held {
    uint16_t lock;
    uint64_t at;       /* where it was taken */
} lpin__held;

typedef struct lpin__lthread {
    uint32_t   thread;            /* its trace number */
    lpin__held held[LPIN_HELD_MAX];
    size_t     held_count;
    uint16_t   waits_for;         /* at the trace's end: a lock (0: none) */
    bool       timed;             /* ... with a timeout */
    uint64_t   wait_at;           /* ... there */
    double     wait_since;
    size_t     wait_event;        /* ... its LOCK_WAIT record */
} lpin__lthread;

typedef struct lpin__edge {
    uint16_t a, b;                /* held a, then waited for or took b */
    uint32_t thread;
    uint64_t at_a, at_b;          /* where it took a, where it asked for b */
    double   time;
    size_t   event;               /* the record of b's wait or take */
    uint16_t gates[LPIN_GATES_MAX]; /* other locks it held meanwhile */
    size_t   gate_count;
} lpin__edge;

typedef struct lpin__lock_graph {
    lpin__lock    *locks;    /* by id; owned */
    size_t         lock_cap;
    lpin__lthread *threads;  /* owned */
    size_t         thread_count, thread_cap;
    lp_u32map      thread_index; /* thread number + 1 -> index in threads */
    lpin__edge    *edges;    /* one per (a, b, thread), the first seen; owned */
    size_t         edge_count, edge_cap;
    double         end;      /* the trace's last time */
    size_t         last_event;
} lpin__lock_graph;

/* Builds the graph from run's trace. Returns LP_OK or LP_E_NOMEM. */
int lpin__lock_graph_build(lpin__run *run, lpin__lock_graph *g);
void lpin__lock_graph_free(lpin__run *run, lpin__lock_graph *g);

/* The thread's record, NULL if it never touched a lock. */
const lpin__lthread *lpin__lock_graph_thread(const lpin__lock_graph *g, uint32_t thread);

/* A cycle of threads, each waiting (forever) for a lock the next holds:
** indices into g->threads, the lowest thread number first. */
typedef struct lpin__cycle_ref {
    size_t thread[LPIN_MAX_NAMES];
    size_t len;
} lpin__cycle_ref;

/* The deadlock thread g->threads[start] is in or waits on at the trace's
** end, following who holds the lock each waits for. False if none (a wait
** with a timeout ends by itself; a cycle longer than LPIN_MAX_NAMES is not
** followed). */
bool lpin__deadlock_cycle(const lpin__lock_graph *g, size_t start, lpin__cycle_ref *out);

/* A place as "line 12", or "path:12" when it is not in `file` (a sid). */
void lpin__place(const lpin__run *run, uint64_t loc, uint32_t file, char *out, size_t n);

/* A lock's name for people: the variable its making line assigns
** ("first", "self.lock"; in backquotes if `quote`), else "the lock made at
** line N". */
void lpin__lock_name(const lpin__run *run, const lpin__lock_graph *g, uint16_t lock, bool quote,
                     char *out, size_t n);

#endif
