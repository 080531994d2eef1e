/* lanes.h - looplab core: worker lanes for simulated threads, in lockstep.
**
** A pool has N lanes (the default executor has 8, ThreadPoolExecutor(max_
** workers=N) has N). A submitted job takes the lowest free lane, or waits in
** the pool's FIFO until one frees. A job's code runs only at wake-ups: its
** start, and the end of each wait. Wake-ups are ordered by (time, order set)
** and run during the loop's poll, before timers due at the same time, or
** during a blocking span of the loop thread (lp_loop_block). This is the
** lockstep model of DESIGN.md: one thread runs at a time, in virtual time.
**
** Contract for a job's callback: it runs the job until the job waits or ends,
** and before returning it calls exactly one of lp_loop_job_sleep_until,
** lp_loop_job_park or lp_loop_job_finish for that job.
*/
#ifndef LP_LANES_H
#define LP_LANES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/loop.h"

#define LP_MAX_POOLS 65535

typedef enum lp__job_state {
    LP__JOB_FREE,
    LP__JOB_QUEUED,  /* waiting for a free lane */
    LP__JOB_WAKING,  /* a wake-up is set (start or end of a sleep) */
    LP__JOB_ACTIVE,  /* its callback is running now */
    LP__JOB_PARKED,  /* waits for lp_loop_job_wake from another thread */
} lp__job_state;

struct lp__job {
    lp_callback_fn fn;
    void          *ctx;
    uint64_t       wake_seq;    /* seq of the valid wake-up, 0 = none */
    uint32_t       generation;
    uint32_t       serial;      /* trace number */
    uint32_t       next_free;   /* free-list link (slot + 1) */
    uint32_t       lane;        /* lane held, valid once started */
    uint16_t       pool;
    uint8_t        state;       /* lp__job_state */
};

struct lp__pool {
    uint32_t  lane_count;
    uint32_t *lane_job;         /* job slot + 1 holding each lane, 0 = free; owned */
    lp_ring   queued;           /* job slots waiting for a lane, FIFO */
};

struct lp__wakeup {
    double   time;
    uint64_t seq;               /* order set: breaks ties, first set first */
    uint32_t job_slot;
};

/* Adds a pool of `lanes` lanes (at least 1); its number goes to *pool. */
int lp_loop_pool_new(lp_loop *loop, uint32_t lanes, uint16_t *pool);

/* Submits a job; it starts (its callback first runs) at a wake-up set for
** now if a lane is free, else when one frees. The loop owns ctx from here
** (released when the job finishes or the loop closes). */
int lp_loop_job_submit(lp_loop *loop, uint16_t pool, lp_callback_fn fn, void *ctx, lp_id *job);

/* The running job waits until `when` (time.sleep in a worker). */
int lp_loop_job_sleep_until(lp_loop *loop, lp_id job, double when);

/* The running job waits with no deadline, until lp_loop_job_wake. */
int lp_loop_job_park(lp_loop *loop, lp_id job);

/* Wakes a parked or sleeping job now (a release or notify); its wake-up is
** ordered after those already set for the same time. */
int lp_loop_job_wake(lp_loop *loop, lp_id job);

/* The running job ended: its lane goes to the first queued job, if any. */
int lp_loop_job_finish(lp_loop *loop, lp_id job);

/* The lane a started job holds. LP_E_STALE for a finished job, LP_E_INVAL
** for one still queued. */
int lp_loop_job_lane(const lp_loop *loop, lp_id job, uint32_t *lane);

/* The job's trace serial, 0 if the id is stale. */
uint32_t lp_loop_job_serial(const lp_loop *loop, lp_id job);

/* Whether a wake-up is pending, and its time. */
bool lp_loop_next_wakeup(const lp_loop *loop, double *time);

/* Runs due wake-ups with time <= deadline, in order, moving the clock to each.
** Stops after max_events (0: no limit), or as soon as the ready queue is not
** empty if stop_when_ready. Returns how many ran. */
size_t lp__lanes_run_due(lp_loop *loop, double deadline, size_t max_events, bool stop_when_ready);

/* Releases every job's context and the lane memory (lp_loop_close). */
void lp__lanes_close(lp_loop *loop);

#endif
