/* lanes.h - looplab core: worker lanes for simulated threads, in lockstep.
**
** A pool has N lanes (the default executor has 8, ThreadPoolExecutor(max_
** workers=N) has N). A submitted job takes the lowest free lane, or waits in
** the pool's FIFO until one frees. A job's code runs only at wake-ups: its
** start, and the end of each wait. Wake-ups are ordered by (time, order set)
** and run during the loop's poll, before timers due at the same time, or
** during a blocking span of the loop thread (lp_lanes_block). This is the
** lockstep model of DESIGN.md: one thread runs at a time, in virtual time.
**
** Contract for a job's callback: it runs the job until the job waits or ends,
** and before returning it calls exactly one of lp_lanes_sleep_until,
** lp_lanes_park or lp_lanes_finish for that job.
**
** The lanes are shared by every loop of a program (threads outlive loops);
** a loop polls them (loop.h) and the loop thread blocks on them.
*/
#ifndef LP_LANES_H
#define LP_LANES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/ids.h"
#include "core/ring.h"
#include "core/trace.h"

#define LP_MAX_POOLS 65535

typedef struct lp_lanes lp_lanes;
typedef void (*lp_job_fn)(lp_lanes *lanes, void *ctx);

typedef enum lp__job_state {
    LP__JOB_FREE,
    LP__JOB_QUEUED,  /* waiting for a free lane */
    LP__JOB_WAKING,  /* a wake-up is set (start or end of a sleep) */
    LP__JOB_ACTIVE,  /* its callback is running now */
    LP__JOB_PARKED,  /* waits for lp_lanes_wake from another thread */
} lp__job_state;

typedef struct lp__job {
    lp_job_fn      fn;
    void          *ctx;
    uint64_t       wake_seq;    /* seq of the valid wake-up, 0 = none */
    uint32_t       generation;
    uint32_t       serial;      /* trace number */
    uint32_t       next_free;   /* free-list link (slot + 1) */
    uint32_t       lane;        /* lane held, valid once started */
    uint16_t       pool;
    uint8_t        state;       /* lp__job_state */
} lp__job;

typedef struct lp__pool {
    uint32_t  lane_count;
    uint32_t *lane_job;         /* job slot + 1 holding each lane, 0 = free; owned */
    lp_ring   queued;           /* job slots waiting for a lane, FIFO */
} lp__pool;

typedef struct lp__wakeup {
    double   time;
    uint64_t seq;               /* order set: breaks ties, first set first */
    uint32_t job_slot;
} lp__wakeup;

typedef struct lp_lanes_desc {
    lp_allocator alloc;                       /* zero: the C library's */
    lp_clock    *clock;                       /* shared with the loops; required */
    lp_trace    *trace;                       /* borrowed; NULL: no tracing */
    void (*release)(void *user, void *ctx);   /* NULL: job contexts need no release */
    void        *user;
} lp_lanes_desc;

/* Every thread other than the loop thread, in lockstep: pools, their lanes
** and jobs, and the wake-ups of the jobs, ordered by (time, order set). */
struct lp_lanes {
    lp_clock   *clock;             /* borrowed, shared */
    lp__job    *jobs;              /* slot table; owned */
    size_t      job_count;
    size_t      job_cap;
    uint32_t    job_free;          /* free-list head (slot + 1) */
    lp__pool   *pools;             /* owned */
    size_t      pool_count;
    size_t      pool_cap;
    lp__wakeup *wakeups;           /* min-heap on (time, seq); owned */
    size_t      wakeup_count;
    size_t      wakeup_cap;
    uint64_t    next_wakeup_seq;
    lp_id       current_job;       /* the job whose code runs now, or NONE */
    struct lp__run *run;           /* the lp_lanes_run_due in progress, or NULL */
    bool        blocked;           /* the loop thread is in lp_lanes_block */
    lp_trace   *trace;             /* borrowed, may be NULL */
    int         trace_status;      /* first trace append error, sticky */
    void (*release)(void *user, void *ctx);
    void       *user;
    lp_allocator alloc;
};

int lp_lanes_init(lp_lanes *lanes, const lp_lanes_desc *desc);

/* Releases every job's context and all memory. */
void lp_lanes_close(lp_lanes *lanes);

/* Adds a pool of `lane_count` lanes (at least 1); its number goes to *pool. */
int lp_lanes_pool_new(lp_lanes *lanes, uint32_t lane_count, uint16_t *pool);

/* Submits a job; it starts (its callback first runs) at a wake-up set for
** now if a lane is free, else when one frees. The loop owns ctx from here
** (released when the job finishes or the loop closes). */
int lp_lanes_submit(lp_lanes *lanes, uint16_t pool, lp_job_fn fn, void *ctx, lp_id *job);

/* The running job waits until `when` (time.sleep in a worker). */
int lp_lanes_sleep_until(lp_lanes *lanes, lp_id job, double when);

/* The running job waits with no deadline, until lp_lanes_wake. */
int lp_lanes_park(lp_lanes *lanes, lp_id job);

/* Wakes a parked or sleeping job now (a release or notify); its wake-up is
** ordered after those already set for the same time. */
int lp_lanes_wake(lp_lanes *lanes, lp_id job);

/* The running job has just set its next wake-up (sleep) or parked. If the
** lp_lanes_run_due in progress would run another wake-up next, takes it
** now, as run_due would (the clock, the step, the records): its job becomes
** the running one and goes to *next (which may be `job` itself), and its
** context to *ctx; the caller hands the turn over directly (true). False:
** return from the callback, run_due decides. Saves handing every turn
** through the thread that called run_due. */
bool lp_lanes_next_turn(lp_lanes *lanes, lp_id job, lp_id *next, void **ctx);

/* The same, at `when` (not before now): a sleeping job's wake-up moves
** there (CPU work whose finishing time changed), ordered after those
** already set for that time. */
int lp_lanes_wake_at(lp_lanes *lanes, lp_id job, double when);

/* The running job ended: its lane goes to the first queued job, if any. */
int lp_lanes_finish(lp_lanes *lanes, lp_id job);

/* The lane a started job holds. LP_E_STALE for a finished job, LP_E_INVAL
** for one still queued. */
int lp_lanes_job_lane(const lp_lanes *lanes, lp_id job, uint32_t *lane);

/* The job's trace serial, 0 if the id is stale. */
uint32_t lp_lanes_job_serial(const lp_lanes *lanes, lp_id job);

/* Whether a wake-up is pending, and its time. */
bool lp_lanes_next_wakeup(const lp_lanes *lanes, double *time);

/* Runs due wake-ups with time <= deadline, in order, moving the clock to each.
** Stops after max_events (0: no limit), or as soon as *stop_when_nonzero is
** not zero (a ready count), if given. Returns how many ran. */
size_t lp_lanes_run_due(lp_lanes *lanes, double deadline, size_t max_events,
                        const size_t *stop_when_nonzero);

/* A blocking call on the loop thread (time.sleep, CPU work) until `until`:
** wake-ups due by then run, in order; no loop timer and no callback does.
** The clock ends at `until` (or stays, if `until` is in the past). Each
** wake-up, and the block itself, is a step of the clock (clock.h): over the
** step budget, nothing more runs. */
void lp_lanes_block(lp_lanes *lanes, double until);

/* lp_lanes_block in two halves, for a blocking span whose end moves while
** it lasts (CPU work on the loop thread): begin (a step; false when over
** the step budget), run wake-ups one at a time (lp_lanes_run_due), end at
** `at`. Calling begin again while blocked moves the announced end. */
bool lp_lanes_block_begin(lp_lanes *lanes, double until);
void lp_lanes_block_end(lp_lanes *lanes, double at);

#endif
