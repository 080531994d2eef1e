/* state.h - looplab core: the loop's state as the trace describes it.
**
** lp_state is what a reader of the trace knows at one event: the clock, the
** ready queue in order, the timers, what runs, the jobs on each lane and
** whether the loop thread is blocked. It is built only from trace records
** (lp_state_apply), never from the live loop, so the window can show any
** moment of a recorded run. Snapshots of it (replay.h) make seeking fast.
**
** A program may run several event loops (a thread's asyncio.run beside the
** main thread's, a run_forever thread): a state follows the ready queue,
** timers and iterations of a set of loops (`loops`, by the records' flags;
** loop 0, the first made, by default), meant to be the loops of one thread,
** which never run at the same time, and skips the handle records of the
** others, as a reader of that thread's loop would see them. Tasks of every
** loop are kept, each with its loop, and so are the threads and the lanes,
** which all loops share.
*/
#ifndef LP_STATE_H
#define LP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/heap.h"
#include "core/thread_state.h"
#include "core/trace.h"
#include "core/u32map.h"

typedef enum lp_state_where { LP_STATE_READY = 1, LP_STATE_TIMER = 2 } lp_state_where;

typedef enum lp_state_job_status {
    LP_JOB_QUEUED = 1,   /* waiting for a lane */
    LP_JOB_STARTING,     /* has a lane, its first run is pending */
    LP_JOB_RUNNING,      /* its code runs now */
    LP_JOB_SLEEPING,     /* waits until `until` */
    LP_JOB_PARKED,       /* waits for another thread */
} lp_state_job_status;

typedef struct lp_state_handle {
    uint32_t serial;
    uint8_t  where;      /* lp_state_where */
    bool     cancelled;
    double   when;       /* deadline, for timers */
} lp_state_handle;

typedef struct lp_state_job {
    uint32_t serial;
    uint16_t pool;
    uint8_t  status;     /* lp_state_job_status */
    uint32_t lane;       /* once started */
    double   until;      /* for LP_JOB_SLEEPING */
} lp_state_job;

/* A task as the trace tells it (TASK_* records, recorded by src/py). Tasks
** are kept once made, done ones too, so the window can list them all. */
typedef enum lp_state_task_status {
    LP_TASK_NEW = 1,     /* made, its first step not run yet */
    LP_TASK_RUNNING,     /* a step of it runs now */
    LP_TASK_SUSPENDED,   /* stopped at an await (file/line), waits on `wait_kind` */
    LP_TASK_FINISHED,    /* done; `outcome` says how (lp_task_outcome) */
} lp_state_task_status;

typedef struct lp_state_task {
    uint32_t id;          /* the task's number (TASK_NEW's subject), first field */
    uint8_t  loop;        /* the loop it belongs to (TASK_NEW's flags) */
    uint32_t name_sid;    /* "Task-1" */
    uint32_t coro_sid;    /* "main()" */
    uint32_t parent;      /* the task that made it, 0 = none */
    uint8_t  status;      /* lp_state_task_status */
    uint8_t  outcome;     /* lp_task_outcome, once finished */
    uint8_t  wait_kind;   /* lp_wait_kind, while suspended */
    bool     cancel_requested; /* cancel() was accepted, not yet delivered */
    uint32_t cancelled_by;/* the task that cancelled it, 0 = none or not a task */
    uint32_t wait_sid;    /* the await chain and what it waits on ("main > sleep : sleep") */
    uint32_t file_sid;    /* where it stopped last (0 = unknown) */
    uint32_t line;
    uint32_t steps;       /* steps run so far */
    uint32_t handle;      /* handle serial of its current or last step */
    double   since;       /* time of its last status change */
    double   timeout_at;  /* time a timeout of it last fired, -1 = never */
} lp_state_task;

typedef struct lp_state_pool {
    uint32_t lane_count;
    uint32_t first_lane; /* index of its lane 0 in lane_job */
} lp_state_pool;

typedef struct lp_state {
    uint64_t  loops[4];       /* bit per loop number it follows (lp_state_follow_loops) */
    double    time;           /* the clock after the last applied event */
    size_t    applied;        /* events applied: the state is "before event #applied" */
    uint32_t  running;        /* handle serial running now, 0 = none */
    uint32_t  running_job;    /* job serial running now, 0 = none */
    bool      blocked;        /* the loop thread is in a blocking call */
    double    blocked_until;
    uint32_t *ready;          /* handle serials, ready[ready_head..ready_end) in order; owned */
    size_t    ready_head, ready_end, ready_cap;
    lp_state_handle *handles; /* ready and timer handles, unordered; owned */
    size_t    handle_count, handle_cap;
    lp_u32map handle_index;   /* serial -> index in handles */
    lp_state_job *jobs;       /* live jobs, unordered; owned */
    size_t    job_count, job_cap;
    lp_u32map job_index;      /* serial -> index in jobs */
    lp_state_pool *pools;     /* owned */
    size_t    pool_count, pool_cap;
    uint32_t *lane_job;       /* job serial on each lane of every pool, 0 = free; owned */
    size_t    lane_total, lane_cap;
    lp_state_task *tasks;     /* every task made so far, in the order made; owned */
    size_t    task_count, task_cap;
    lp_u32map task_index;     /* task id -> index in tasks */
    uint32_t  running_task;   /* task whose step runs now, 0 = none (a plain callback) */
    uint32_t  block_task;     /* task that made the blocking call (BLOCK_AT), 0 = none */
    uint32_t  block_file_sid, block_line; /* where the blocking call is */
    bool      block_cpu;      /* it is CPU work (sim.cpu), not a sleep */
    double    blocked_since;  /* when the loop thread blocked */
    lp_thread_table threads;  /* the program's threads (thread_state.h); owned */
    /* The timer heap, mirrored: the list CPython's heapq keeps, entry for
    ** entry (.slot holds the handle serial), replayed from CALL_AT (push),
    ** TIMER_DUE and PURGE (pop) and REBUILD (filter, heapify). heapq is
    ** deterministic given the pushes and pops, so no positions are recorded. */
    lp_heap   timer_heap;     /* owned */
    size_t    timer_cancelled;/* the loop's _timer_cancelled_count, mirrored */
    bool      polled;         /* the loop polled and has not run its ready queue yet:
                              ** due timers are being collected */
    size_t    heap_resyncs;   /* pops that were not at the mirror's top (timers of another loop
                              ** mixed in, see lp_state_apply); 0 = the mirror is exact */
    lp_allocator alloc;
} lp_state;

void lp_state_init(lp_state *state, lp_allocator alloc);
void lp_state_free(lp_state *state);

/* Follows the loops in `loops` (bit n: loop n, the records' flags) rather
** than loop 0 alone: call it on a state that applied nothing yet. */
void lp_state_follow_loops(lp_state *state, const uint64_t loops[4]);

static inline bool lp_state_follows(const lp_state *state, uint8_t loop)
{
    return (state->loops[loop / 64] >> (loop % 64)) & 1;
}

/* Makes dst (uninitialised) an independent copy of src. */
int lp_state_copy(lp_state *dst, const lp_state *src);

/* Advances the state over one record. Returns LP_OK, LP_E_NOMEM, or
** LP_E_INVAL when the record contradicts the state (a corrupt trace).
** Record kinds this version does not know (newer traces) are skipped. */
int lp_state_apply(lp_state *state, const lp_event *ev);

/* Same moment, same contents (handles and jobs compared as sets). */
bool lp_state_equal(const lp_state *a, const lp_state *b);

/* Records held: a measure of what copying the state costs. */
size_t lp_state_size(const lp_state *state);

static inline size_t lp_state_ready_count(const lp_state *s) { return s->ready_end - s->ready_head; }

/* The live (not cancelled) timers in the order they will fire if no timer
** is added or cancelled meanwhile: the mirrored heap popped in a copy, as
** the loop's iterations would (purge or rebuild first, then every timer due
** at the clock), so equal deadlines come out as heapq orders them. Writes up
** to `cap` serials to `out` and their number to *count (which may exceed
** cap). Returns LP_OK or LP_E_NOMEM. */
int lp_state_timer_order(const lp_state *state, uint32_t *out, size_t cap, size_t *count);

/* The serial of the timer that fires next, 0 = none (or out of memory). */
uint32_t lp_state_next_timer(const lp_state *state);

/* Lookups by serial; NULL when absent. Pointers are valid until the next apply. */
const lp_state_handle *lp_state_handle_find(const lp_state *state, uint32_t serial);
const lp_state_job *lp_state_job_find(const lp_state *state, uint32_t serial);
const lp_state_task *lp_state_task_find(const lp_state *state, uint32_t id);

#endif
