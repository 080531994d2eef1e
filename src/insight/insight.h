/* insight.h - looplab insights: what went wrong in a run, read from its trace.
**
** A reader of the trace that does what a senior engineer would: it finds the
** patterns that make asyncio programs slow or wrong (a blocked loop, waits
** made one after another that could overlap, a coroutine never awaited, a
** task exception never retrieved, a cancellation swallowed, a task starving
** the others, jobs queued for a worker, threads slowed by the GIL) and says,
** for each, where (file:line), when (a span of virtual time), who (tasks,
** threads), what it cost (seconds) and what to do instead.
**
** Findings come from the trace alone (plus the program's source lines, to
** name a call and to tell dependent waits apart), so `looplab run
** --insights` and the window, which read the same trace, never disagree.
**
** Ownership: lpin_analyze fills an lpin_report that owns every finding and
** string in it; lpin_report_free releases them.
*/
#ifndef LPIN_INSIGHT_H
#define LPIN_INSIGHT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/trace.h"

/* XX(NAME, id for tools, heading) */
#define LPIN_KINDS(XX)                                                            \
    XX(BLOCKED, "blocked_loop", "The loop was blocked")                         \
    XX(SEQUENTIAL, "one_at_a_time", "One thing at a time")                      \
    XX(NEVER_AWAITED, "never_awaited", "A coroutine was never awaited")         \
    XX(NEVER_RETRIEVED, "exception_never_retrieved", "A task exception was never retrieved") \
    XX(TASK_DROPPED, "task_dropped", "A task was made and thrown away")          \
    XX(CANCEL_SWALLOWED, "cancellation_swallowed", "A cancellation was swallowed") \
    XX(STARVATION, "starvation", "One task kept the loop to itself")            \
    XX(POOL_QUEUE, "waiting_for_a_worker", "Jobs waited for a free worker")     \
    XX(GIL, "gil_contention", "Threads shared the GIL")                         \
    XX(LOCK_HELD, "lock_held_across_await", "A lock was held across a slow await") \
    XX(LOCK_ORDER, "lock_order_inversion", "Locks taken in orders that can deadlock") \
    XX(DEADLOCK, "deadlock", "A deadlock: threads wait in a cycle for locks")

typedef enum lpin_kind {
#define LPIN__KIND_ENUM(name, id, heading) LPIN_##name,
    LPIN_KINDS(LPIN__KIND_ENUM)
#undef LPIN__KIND_ENUM
    LPIN__KIND_COUNT
} lpin_kind;

/* The id tools read ("blocked_loop") and the heading people read. */
const char *lpin_kind_id(lpin_kind kind);
const char *lpin_kind_heading(lpin_kind kind);

#define LPIN_MAX_NAMES 8 /* tasks or threads named by one finding */

/* One step of a deadlock's cycle: `who` waits (at wait_line) for `lock`,
** which the next step's thread holds (it took it at held_line). The last
** step's lock is held by the first step's thread. Lines are in the
** finding's file. */
typedef struct lpin_cycle_step {
    uint32_t thread;     /* its job serial (0: the loop thread) */
    char    *who;        /* its name ("asyncio_0"); owned */
    char    *lock;       /* the lock's name (the variable it was made into); owned */
    uint32_t wait_line;  /* where `who` waits for `lock` */
    uint32_t held_line;  /* where the lock's holder took it */
} lpin_cycle_step;

typedef struct lpin_finding {
    lpin_kind kind;
    char    *file;        /* where, as the trace names it (NULL: unknown); owned */
    uint32_t line;        /* 0 = unknown */
    double   t0, t1;      /* the span of virtual time it covers */
    double   cost;        /* seconds it cost (0 when it is a mistake, not a delay) */
    size_t   event;       /* the trace record where it starts: the moment to jump to */
    char    *summary;     /* one sentence: what happened, with its numbers; owned */
    char    *fix;         /* one line: what to do instead; owned */
    uint32_t task_ids[LPIN_MAX_NAMES];   /* tasks involved (TASK_NEW's subject) */
    char    *tasks[LPIN_MAX_NAMES];      /* their labels, as the window shows them; owned */
    size_t   task_count;
    uint32_t thread_ids[LPIN_MAX_NAMES]; /* threads involved (their job serials) */
    char    *threads[LPIN_MAX_NAMES];    /* their names ("asyncio_0"); owned */
    size_t   thread_count;
    lpin_cycle_step cycle[LPIN_MAX_NAMES]; /* DEADLOCK: its cycle, in order */
    size_t   cycle_len;
} lpin_finding;

typedef struct lpin_report {
    lpin_finding *findings; /* ordered by cost, highest first, then by time; owned */
    size_t        count, cap;
    lp_allocator  alloc;
} lpin_report;

/* Source lines, for naming a blocking call and for telling whether one wait
** uses the result of another. `line` returns line `n` (1-based) of `path`
** without its newline, or NULL when unknown; the text must stay valid until
** lpin_analyze returns. A NULL function means no source. */
typedef struct lpin_source {
    const char *(*line)(void *user, const char *path, uint32_t n);
    void *user;
} lpin_source;

/* Reads the trace and fills `report` (initialised here). Returns LP_OK or
** LP_E_NOMEM (the report is then empty). */
int lpin_analyze(const lp_trace *trace, const lpin_source *source, lp_allocator alloc,
                 lpin_report *report);

void lpin_report_free(lpin_report *report);

/* The report for people: one paragraph per finding, most costly first. */
void lpin_write_text(const lpin_report *report, FILE *out);

/* The report for tools: one JSON object {"findings": [...]}. */
void lpin_write_json(const lpin_report *report, FILE *out);

#endif
