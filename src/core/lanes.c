/* lanes.c - looplab core: pools, jobs and the wake-up queue. */
#include "core/lanes.h"

#include <string.h>

#include "core/assert.h"
#include "core/status.h"

static void emit(lp_lanes *lanes, lp_event_kind kind, uint32_t subject, uint16_t small,
                 uint64_t arg_bits)
{
    if (!lanes->trace)
        return;
    lp_event ev = {lanes->clock->now, subject, (uint8_t)kind, 0, small, {.u64 = arg_bits}};
    int rc = lp_trace_append(lanes->trace, &ev);
    if (rc != LP_OK && lanes->trace_status == LP_OK)
        lanes->trace_status = rc;
}

static void emit_when(lp_lanes *lanes, lp_event_kind kind, uint32_t subject, uint16_t small,
                      double when)
{
    uint64_t bits;
    memcpy(&bits, &when, sizeof bits);
    emit(lanes, kind, subject, small, bits);
}

/* ---- the wake-up queue: a binary min-heap on (time, seq) ----
** Unlike the timer heap this order is total (seq is unique), so any correct
** heap gives the same order: first by time, then first set first. */

static bool wakeup_before(const lp__wakeup *a, const lp__wakeup *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static int wakeup_push(lp_lanes *lanes, lp__wakeup w)
{
    int rc = lp_grow(&lanes->alloc, (void **)&lanes->wakeups, &lanes->wakeup_cap,
                     lanes->wakeup_count + 1, sizeof(lp__wakeup));
    if (rc != LP_OK)
        return rc;
    size_t pos = lanes->wakeup_count++;
    while (pos > 0) {
        size_t parent = (pos - 1) / 2;
        if (!wakeup_before(&w, &lanes->wakeups[parent]))
            break;
        lanes->wakeups[pos] = lanes->wakeups[parent];
        pos = parent;
    }
    lanes->wakeups[pos] = w;
    return LP_OK;
}

static lp__wakeup wakeup_pop(lp_lanes *lanes)
{
    lp__wakeup *h = lanes->wakeups;
    lp__wakeup top = h[0];
    lp__wakeup last = h[--lanes->wakeup_count];
    size_t n = lanes->wakeup_count, pos = 0;
    for (;;) {
        size_t child = 2 * pos + 1;
        if (child >= n)
            break;
        if (child + 1 < n && wakeup_before(&h[child + 1], &h[child]))
            child++;
        if (!wakeup_before(&h[child], &last))
            break;
        h[pos] = h[child];
        pos = child;
    }
    if (n)
        h[pos] = last;
    return top;
}

/* Drops wake-ups that a later wake or a finish made stale. */
static void drop_stale_wakeups(lp_lanes *lanes)
{
    while (lanes->wakeup_count) {
        const lp__wakeup *top = &lanes->wakeups[0];
        const lp__job *job = &lanes->jobs[top->job_slot];
        if (job->state == LP__JOB_WAKING && job->wake_seq == top->seq)
            return;
        wakeup_pop(lanes);
    }
}

bool lp_lanes_next_wakeup(const lp_lanes *lanes, double *time)
{
    drop_stale_wakeups((lp_lanes *)lanes);
    if (!lanes->wakeup_count)
        return false;
    if (time)
        *time = lanes->wakeups[0].time;
    return true;
}

/* ---- jobs ---- */

static lp__job *job_get(const lp_lanes *lanes, lp_id id)
{
    uint32_t slot = lp_id_slot(id);
    if (slot >= lanes->job_count)
        return NULL;
    lp__job *job = &lanes->jobs[slot];
    if (job->generation != lp_id_generation(id) || job->state == LP__JOB_FREE)
        return NULL;
    return job;
}

static int set_wakeup(lp_lanes *lanes, uint32_t slot, double time)
{
    lp__wakeup w = {time, ++lanes->next_wakeup_seq, slot};
    int rc = wakeup_push(lanes, w);
    if (rc != LP_OK)
        return rc;
    lanes->jobs[slot].wake_seq = w.seq;
    lanes->jobs[slot].state = LP__JOB_WAKING;
    return LP_OK;
}

/* Gives `lane` of `pool` to the job in `slot`; it starts at the current time. */
static int start_on_lane(lp_lanes *lanes, uint16_t pool, uint32_t lane, uint32_t slot)
{
    lp__job *job = &lanes->jobs[slot];
    int rc = set_wakeup(lanes, slot, lanes->clock->now);
    if (rc != LP_OK)
        return rc;
    lanes->pools[pool].lane_job[lane] = slot + 1;
    job->lane = lane;
    return LP_OK;
}

static bool free_lane(const lp__pool *p, uint32_t *lane)
{
    for (uint32_t i = 0; i < p->lane_count; i++) {
        if (!p->lane_job[i]) {
            *lane = i;
            return true;
        }
    }
    return false;
}

int lp_lanes_pool_new(lp_lanes *lanes, uint32_t lane_count, uint16_t *pool)
{
    if (lane_count == 0)
        return LP_E_INVAL;
    if (lanes->pool_count >= LP_MAX_POOLS)
        return LP_E_FULL;
    int rc = lp_grow(&lanes->alloc, (void **)&lanes->pools, &lanes->pool_cap, lanes->pool_count + 1,
                     sizeof(lp__pool));
    if (rc != LP_OK)
        return rc;
    uint32_t *lane_job = lanes->alloc.realloc(lanes->alloc.user, NULL, lane_count * sizeof(uint32_t));
    if (!lane_job)
        return LP_E_NOMEM;
    memset(lane_job, 0, lane_count * sizeof(uint32_t));
    lp__pool *p = &lanes->pools[lanes->pool_count];
    p->lane_count = lane_count;
    p->lane_job = lane_job;
    lp_ring_init(&p->queued, lanes->alloc);
    *pool = (uint16_t)lanes->pool_count++;
    emit(lanes, LP_EV_POOL_NEW, 0, *pool, lane_count);
    return LP_OK;
}

static int alloc_job_slot(lp_lanes *lanes, uint32_t *slot)
{
    if (lanes->job_free) {
        *slot = lanes->job_free - 1;
        lanes->job_free = lanes->jobs[*slot].next_free;
        return LP_OK;
    }
    if (lanes->job_count >= UINT32_MAX)
        return LP_E_FULL;
    int rc = lp_grow(&lanes->alloc, (void **)&lanes->jobs, &lanes->job_cap, lanes->job_count + 1,
                     sizeof(lp__job));
    if (rc != LP_OK)
        return rc;
    *slot = (uint32_t)lanes->job_count++;
    lanes->jobs[*slot].generation = 1;
    return LP_OK;
}

static void free_job_slot(lp_lanes *lanes, uint32_t slot)
{
    lp__job *job = &lanes->jobs[slot];
    job->state = LP__JOB_FREE;
    job->fn = NULL;
    job->ctx = NULL;
    job->wake_seq = 0;
    job->generation = job->generation + 1 ? job->generation + 1 : 1;
    job->next_free = lanes->job_free;
    lanes->job_free = slot + 1;
}

int lp_lanes_submit(lp_lanes *lanes, uint16_t pool, lp_job_fn fn, void *ctx, lp_id *id)
{
    if (pool >= lanes->pool_count || !fn)
        return LP_E_INVAL;
    uint32_t slot;
    int rc = alloc_job_slot(lanes, &slot);
    if (rc != LP_OK)
        return rc;
    lp__job *job = &lanes->jobs[slot];
    job->fn = fn;
    job->ctx = ctx;
    job->serial = ++lanes->clock->next_job_serial;
    job->pool = pool;
    job->state = LP__JOB_QUEUED;
    job->wake_seq = 0;
    lp__pool *p = &lanes->pools[pool];
    uint32_t lane = 0;
    if (free_lane(p, &lane))
        rc = start_on_lane(lanes, pool, lane, slot);
    else
        rc = lp_ring_push(&p->queued, slot);
    if (rc != LP_OK) {
        free_job_slot(lanes, slot);
        return rc;
    }
    emit(lanes, LP_EV_JOB_SUBMIT, job->serial, pool, 0);
    if (job->state == LP__JOB_WAKING)
        emit(lanes, LP_EV_JOB_START, job->serial, pool, lane);
    if (id)
        *id = lp_id_make(slot, job->generation);
    return LP_OK;
}

static lp__job *active_job(lp_lanes *lanes, lp_id id)
{
    lp__job *job = job_get(lanes, id);
    if (job && job->state == LP__JOB_ACTIVE)
        return job;
    return NULL;
}

int lp_lanes_sleep_until(lp_lanes *lanes, lp_id id, double when)
{
    lp__job *job = active_job(lanes, id);
    if (!job)
        return LP_E_INVAL;
    if (when < lanes->clock->now)
        when = lanes->clock->now;
    int rc = set_wakeup(lanes, lp_id_slot(id), when);
    if (rc == LP_OK)
        emit_when(lanes, LP_EV_JOB_SLEEP, job->serial, job->pool, when);
    return rc;
}

int lp_lanes_park(lp_lanes *lanes, lp_id id)
{
    lp__job *job = active_job(lanes, id);
    if (!job)
        return LP_E_INVAL;
    job->state = LP__JOB_PARKED;
    job->wake_seq = 0;
    emit(lanes, LP_EV_JOB_PARK, job->serial, job->pool, 0);
    return LP_OK;
}

int lp_lanes_wake_at(lp_lanes *lanes, lp_id id, double when)
{
    lp__job *job = job_get(lanes, id);
    if (!job)
        return LP_E_STALE;
    if (job->state != LP__JOB_PARKED && job->state != LP__JOB_WAKING)
        return LP_E_INVAL;
    if (when < lanes->clock->now)
        when = lanes->clock->now;
    int rc = set_wakeup(lanes, lp_id_slot(id), when);
    if (rc == LP_OK)
        emit_when(lanes, LP_EV_JOB_SLEEP, job->serial, job->pool, when);
    return rc;
}

int lp_lanes_wake(lp_lanes *lanes, lp_id id)
{
    return lp_lanes_wake_at(lanes, id, lanes->clock->now);
}

int lp_lanes_finish(lp_lanes *lanes, lp_id id)
{
    lp__job *job = active_job(lanes, id);
    if (!job)
        return LP_E_INVAL;
    uint16_t pool = job->pool;
    uint32_t lane = job->lane;
    void *ctx = job->ctx;
    emit(lanes, LP_EV_JOB_END, job->serial, pool, lane);
    free_job_slot(lanes, lp_id_slot(id));
    lp__pool *p = &lanes->pools[pool];
    p->lane_job[lane] = 0;
    int rc = LP_OK;
    if (lp_ring_count(&p->queued)) {
        uint32_t next = lp_ring_pop(&p->queued);
        rc = start_on_lane(lanes, pool, lane, next);
        if (rc == LP_OK)
            emit(lanes, LP_EV_JOB_START, lanes->jobs[next].serial, pool, lane);
        else
            (void)lp_ring_push(&p->queued, next); /* cannot fail: a slot was just freed */
    }
    if (lanes->release)
        lanes->release(lanes->user, ctx);
    return rc;
}

int lp_lanes_job_lane(const lp_lanes *lanes, lp_id id, uint32_t *lane)
{
    const lp__job *job = job_get(lanes, id);
    if (!job)
        return LP_E_STALE;
    if (job->state == LP__JOB_QUEUED)
        return LP_E_INVAL;
    *lane = job->lane;
    return LP_OK;
}

uint32_t lp_lanes_job_serial(const lp_lanes *lanes, lp_id id)
{
    const lp__job *job = job_get(lanes, id);
    return job ? job->serial : 0;
}

/* Runs one job from its wake-up until it waits or ends. */
/* What lp_lanes_run_due is doing, for lp_lanes_next_turn. */
typedef struct lp__run {
    double        deadline;
    size_t        max_events; /* 0: no limit */
    const size_t *stop_when_nonzero;
    size_t        ran;        /* events run so far, not counting the one running */
} lp__run;

/* A wake-up of `job` is popped: it becomes the running job. */
static void wake_job(lp_lanes *lanes, lp__job *job)
{
    job->state = LP__JOB_ACTIVE;
    job->wake_seq = 0;
    emit(lanes, LP_EV_JOB_WAKE, job->serial, job->pool, job->lane);
}

static void run_job(lp_lanes *lanes, uint32_t slot)
{
    lp__job *job = &lanes->jobs[slot];
    lp_id id = lp_id_make(slot, job->generation);
    wake_job(lanes, job);
    lp_id outer = lanes->current_job;
    lanes->current_job = id;
    job->fn(lanes, job->ctx);
    lanes->current_job = outer;
    /* The contract: the callback left the job sleeping, parked or finished. */
    LP_ASSERT(!(job_get(lanes, id) && job_get(lanes, id)->state == LP__JOB_ACTIVE));
}

/* The clock moves to `when` (a wake-up's time) and counts a step; false
** when over the step budget. */
static bool step_to(lp_lanes *lanes, double when)
{
    if (when > lanes->clock->now) {
        double before = lp_clock_advance(lanes->clock, when);
        emit_when(lanes, LP_EV_CLOCK, 0, 0, before);
    }
    return lp_clock_step(lanes->clock);
}

size_t lp_lanes_run_due(lp_lanes *lanes, double deadline, size_t max_events,
                        const size_t *stop_when_nonzero)
{
    lp__run run = {deadline, max_events, stop_when_nonzero, 0};
    lp__run *outer = lanes->run;
    lanes->run = &run;
    double when;
    while ((max_events == 0 || run.ran < max_events) && lp_lanes_next_wakeup(lanes, &when) &&
           when <= deadline) {
        if (!step_to(lanes, when))
            break; /* over the step budget: the engine stops the run */
        lp__wakeup w = wakeup_pop(lanes);
        run_job(lanes, w.job_slot);
        run.ran++;
        if (stop_when_nonzero && *stop_when_nonzero)
            break;
    }
    lanes->run = outer;
    return run.ran;
}

bool lp_lanes_next_turn(lp_lanes *lanes, lp_id id, lp_id *next, void **ctx)
{
    lp__run *run = lanes->run;
    lp__job *job = job_get(lanes, id);
    if (!run || !job || lanes->current_job != id
        || (job->state != LP__JOB_WAKING && job->state != LP__JOB_PARKED))
        return false;
    /* run_due, once this callback returns, counts the event and stops or
    ** goes on to the next: do the same here */
    if (run->max_events && run->ran + 1 >= run->max_events)
        return false;
    if (run->stop_when_nonzero && *run->stop_when_nonzero)
        return false;
    double when;
    if (!lp_lanes_next_wakeup(lanes, &when) || when > run->deadline)
        return false;
    run->ran++;
    if (!step_to(lanes, when))
        return false; /* over the step budget: run_due stops the run next */
    lp__wakeup w = wakeup_pop(lanes);
    lp__job *turn = &lanes->jobs[w.job_slot];
    wake_job(lanes, turn);
    lanes->current_job = *next = lp_id_make(w.job_slot, turn->generation);
    *ctx = turn->ctx;
    return true;
}

bool lp_lanes_block_begin(lp_lanes *lanes, double until)
{
    if (!lp_clock_step(lanes->clock))
        return false; /* over the step budget: the engine stops the run */
    emit_when(lanes, LP_EV_BLOCK_BEGIN, 0, 0, until);
    lanes->blocked = true;
    return true;
}

void lp_lanes_block_end(lp_lanes *lanes, double at)
{
    if (at > lanes->clock->now) {
        double before = lp_clock_advance(lanes->clock, at);
        emit_when(lanes, LP_EV_CLOCK, 0, 0, before);
    }
    lanes->blocked = false;
    emit(lanes, LP_EV_BLOCK_END, 0, 0, 0);
}

void lp_lanes_block(lp_lanes *lanes, double until)
{
    if (!lp_lanes_block_begin(lanes, until))
        return;
    lp_lanes_run_due(lanes, until, 0, NULL);
    lp_lanes_block_end(lanes, until);
}

int lp_lanes_init(lp_lanes *lanes, const lp_lanes_desc *desc)
{
    if (!desc || !desc->clock)
        return LP_E_INVAL;
    memset(lanes, 0, sizeof *lanes);
    lanes->alloc = lp_allocator_or_default(&desc->alloc);
    lanes->clock = desc->clock;
    lanes->trace = desc->trace;
    lanes->release = desc->release;
    lanes->user = desc->user;
    return LP_OK;
}

void lp_lanes_close(lp_lanes *lanes)
{
    for (size_t i = 0; i < lanes->job_count; i++) {
        lp__job *job = &lanes->jobs[i];
        if (job->state != LP__JOB_FREE && lanes->release)
            lanes->release(lanes->user, job->ctx);
    }
    for (size_t i = 0; i < lanes->pool_count; i++) {
        lp_free(&lanes->alloc, lanes->pools[i].lane_job);
        lp_ring_free(&lanes->pools[i].queued);
    }
    lp_free(&lanes->alloc, lanes->jobs);
    lp_free(&lanes->alloc, lanes->pools);
    lp_free(&lanes->alloc, lanes->wakeups);
    lp_allocator alloc = lanes->alloc;
    memset(lanes, 0, sizeof *lanes);
    lanes->alloc = alloc;
}
