/* lanes.c - looplab core: pools, jobs and the wake-up queue. */
#include "core/lanes.h"

#include <string.h>

#include "core/assert.h"
#include "core/status.h"

/* ---- the wake-up queue: a binary min-heap on (time, seq) ----
** Unlike the timer heap this order is total (seq is unique), so any correct
** heap gives the same order: first by time, then first set first. */

static bool wakeup_before(const lp__wakeup *a, const lp__wakeup *b)
{
    return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static int wakeup_push(lp_loop *loop, lp__wakeup w)
{
    int rc = lp_grow(&loop->alloc, (void **)&loop->wakeups, &loop->wakeup_cap,
                     loop->wakeup_count + 1, sizeof(lp__wakeup));
    if (rc != LP_OK)
        return rc;
    size_t pos = loop->wakeup_count++;
    while (pos > 0) {
        size_t parent = (pos - 1) / 2;
        if (!wakeup_before(&w, &loop->wakeups[parent]))
            break;
        loop->wakeups[pos] = loop->wakeups[parent];
        pos = parent;
    }
    loop->wakeups[pos] = w;
    return LP_OK;
}

static lp__wakeup wakeup_pop(lp_loop *loop)
{
    lp__wakeup *h = loop->wakeups;
    lp__wakeup top = h[0];
    lp__wakeup last = h[--loop->wakeup_count];
    size_t n = loop->wakeup_count, pos = 0;
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
static void drop_stale_wakeups(lp_loop *loop)
{
    while (loop->wakeup_count) {
        const lp__wakeup *top = &loop->wakeups[0];
        const lp__job *job = &loop->jobs[top->job_slot];
        if (job->state == LP__JOB_WAKING && job->wake_seq == top->seq)
            return;
        wakeup_pop(loop);
    }
}

bool lp_loop_next_wakeup(const lp_loop *loop, double *time)
{
    drop_stale_wakeups((lp_loop *)loop);
    if (!loop->wakeup_count)
        return false;
    if (time)
        *time = loop->wakeups[0].time;
    return true;
}

/* ---- jobs ---- */

static lp__job *job_get(const lp_loop *loop, lp_id id)
{
    uint32_t slot = lp_id_slot(id);
    if (slot >= loop->job_count)
        return NULL;
    lp__job *job = &loop->jobs[slot];
    if (job->generation != lp_id_generation(id) || job->state == LP__JOB_FREE)
        return NULL;
    return job;
}

static int set_wakeup(lp_loop *loop, uint32_t slot, double time)
{
    lp__wakeup w = {time, ++loop->next_wakeup_seq, slot};
    int rc = wakeup_push(loop, w);
    if (rc != LP_OK)
        return rc;
    loop->jobs[slot].wake_seq = w.seq;
    loop->jobs[slot].state = LP__JOB_WAKING;
    return LP_OK;
}

/* Gives `lane` of `pool` to the job in `slot`; it starts at the current time. */
static int start_on_lane(lp_loop *loop, uint16_t pool, uint32_t lane, uint32_t slot)
{
    lp__job *job = &loop->jobs[slot];
    int rc = set_wakeup(loop, slot, loop->now);
    if (rc != LP_OK)
        return rc;
    loop->pools[pool].lane_job[lane] = slot + 1;
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

int lp_loop_pool_new(lp_loop *loop, uint32_t lanes, uint16_t *pool)
{
    if (lanes == 0)
        return LP_E_INVAL;
    if (loop->pool_count >= LP_MAX_POOLS)
        return LP_E_FULL;
    int rc = lp_grow(&loop->alloc, (void **)&loop->pools, &loop->pool_cap, loop->pool_count + 1,
                     sizeof(lp__pool));
    if (rc != LP_OK)
        return rc;
    uint32_t *lane_job = loop->alloc.realloc(loop->alloc.user, NULL, lanes * sizeof(uint32_t));
    if (!lane_job)
        return LP_E_NOMEM;
    memset(lane_job, 0, lanes * sizeof(uint32_t));
    lp__pool *p = &loop->pools[loop->pool_count];
    p->lane_count = lanes;
    p->lane_job = lane_job;
    lp_ring_init(&p->queued, loop->alloc);
    *pool = (uint16_t)loop->pool_count++;
    lp__loop_emit(loop, LP_EV_POOL_NEW, 0, *pool, lanes);
    return LP_OK;
}

static int alloc_job_slot(lp_loop *loop, uint32_t *slot)
{
    if (loop->job_free) {
        *slot = loop->job_free - 1;
        loop->job_free = loop->jobs[*slot].next_free;
        return LP_OK;
    }
    if (loop->job_count >= UINT32_MAX)
        return LP_E_FULL;
    int rc = lp_grow(&loop->alloc, (void **)&loop->jobs, &loop->job_cap, loop->job_count + 1,
                     sizeof(lp__job));
    if (rc != LP_OK)
        return rc;
    *slot = (uint32_t)loop->job_count++;
    loop->jobs[*slot].generation = 1;
    return LP_OK;
}

static void free_job_slot(lp_loop *loop, uint32_t slot)
{
    lp__job *job = &loop->jobs[slot];
    job->state = LP__JOB_FREE;
    job->fn = NULL;
    job->ctx = NULL;
    job->wake_seq = 0;
    job->generation = job->generation + 1 ? job->generation + 1 : 1;
    job->next_free = loop->job_free;
    loop->job_free = slot + 1;
}

int lp_loop_job_submit(lp_loop *loop, uint16_t pool, lp_callback_fn fn, void *ctx, lp_id *id)
{
    if (pool >= loop->pool_count || !fn)
        return LP_E_INVAL;
    uint32_t slot;
    int rc = alloc_job_slot(loop, &slot);
    if (rc != LP_OK)
        return rc;
    lp__job *job = &loop->jobs[slot];
    job->fn = fn;
    job->ctx = ctx;
    job->serial = ++loop->next_job_serial;
    job->pool = pool;
    job->state = LP__JOB_QUEUED;
    job->wake_seq = 0;
    lp__pool *p = &loop->pools[pool];
    uint32_t lane = 0;
    if (free_lane(p, &lane))
        rc = start_on_lane(loop, pool, lane, slot);
    else
        rc = lp_ring_push(&p->queued, slot);
    if (rc != LP_OK) {
        free_job_slot(loop, slot);
        return rc;
    }
    lp__loop_emit(loop, LP_EV_JOB_SUBMIT, job->serial, pool, 0);
    if (job->state == LP__JOB_WAKING)
        lp__loop_emit(loop, LP_EV_JOB_START, job->serial, pool, lane);
    if (id)
        *id = lp_id_make(slot, job->generation);
    return LP_OK;
}

static lp__job *active_job(lp_loop *loop, lp_id id)
{
    lp__job *job = job_get(loop, id);
    if (job && job->state == LP__JOB_ACTIVE)
        return job;
    return NULL;
}

int lp_loop_job_sleep_until(lp_loop *loop, lp_id id, double when)
{
    lp__job *job = active_job(loop, id);
    if (!job)
        return LP_E_INVAL;
    if (when < loop->now)
        when = loop->now;
    int rc = set_wakeup(loop, lp_id_slot(id), when);
    if (rc == LP_OK)
        lp__loop_emit_when(loop, LP_EV_JOB_SLEEP, job->serial, job->pool, when);
    return rc;
}

int lp_loop_job_park(lp_loop *loop, lp_id id)
{
    lp__job *job = active_job(loop, id);
    if (!job)
        return LP_E_INVAL;
    job->state = LP__JOB_PARKED;
    job->wake_seq = 0;
    lp__loop_emit(loop, LP_EV_JOB_PARK, job->serial, job->pool, 0);
    return LP_OK;
}

int lp_loop_job_wake(lp_loop *loop, lp_id id)
{
    lp__job *job = job_get(loop, id);
    if (!job)
        return LP_E_STALE;
    if (job->state != LP__JOB_PARKED && job->state != LP__JOB_WAKING)
        return LP_E_INVAL;
    int rc = set_wakeup(loop, lp_id_slot(id), loop->now);
    if (rc == LP_OK)
        lp__loop_emit_when(loop, LP_EV_JOB_SLEEP, job->serial, job->pool, loop->now);
    return rc;
}

int lp_loop_job_finish(lp_loop *loop, lp_id id)
{
    lp__job *job = active_job(loop, id);
    if (!job)
        return LP_E_INVAL;
    uint16_t pool = job->pool;
    uint32_t lane = job->lane;
    void *ctx = job->ctx;
    lp__loop_emit(loop, LP_EV_JOB_END, job->serial, pool, lane);
    free_job_slot(loop, lp_id_slot(id));
    lp__pool *p = &loop->pools[pool];
    p->lane_job[lane] = 0;
    int rc = LP_OK;
    if (lp_ring_count(&p->queued)) {
        uint32_t next = lp_ring_pop(&p->queued);
        rc = start_on_lane(loop, pool, lane, next);
        if (rc == LP_OK)
            lp__loop_emit(loop, LP_EV_JOB_START, loop->jobs[next].serial, pool, lane);
        else
            (void)lp_ring_push(&p->queued, next); /* cannot fail: a slot was just freed */
    }
    if (loop->release)
        loop->release(loop->user, ctx);
    return rc;
}

int lp_loop_job_lane(const lp_loop *loop, lp_id id, uint32_t *lane)
{
    const lp__job *job = job_get(loop, id);
    if (!job)
        return LP_E_STALE;
    if (job->state == LP__JOB_QUEUED)
        return LP_E_INVAL;
    *lane = job->lane;
    return LP_OK;
}

uint32_t lp_loop_job_serial(const lp_loop *loop, lp_id id)
{
    const lp__job *job = job_get(loop, id);
    return job ? job->serial : 0;
}

/* Runs one job from its wake-up until it waits or ends. */
static void run_job(lp_loop *loop, uint32_t slot)
{
    lp__job *job = &loop->jobs[slot];
    lp_id id = lp_id_make(slot, job->generation);
    job->state = LP__JOB_ACTIVE;
    job->wake_seq = 0;
    lp__loop_emit(loop, LP_EV_JOB_WAKE, job->serial, job->pool, job->lane);
    lp_id outer = loop->current_job;
    loop->current_job = id;
    job->fn(loop, job->ctx);
    loop->current_job = outer;
    /* The contract: the callback left the job sleeping, parked or finished. */
    LP_ASSERT(!(job_get(loop, id) && job_get(loop, id)->state == LP__JOB_ACTIVE));
}

size_t lp__lanes_run_due(lp_loop *loop, double deadline, size_t max_events, bool stop_when_ready)
{
    size_t ran = 0;
    double when;
    while ((max_events == 0 || ran < max_events) && lp_loop_next_wakeup(loop, &when) &&
           when <= deadline) {
        lp__wakeup w = wakeup_pop(loop);
        if (w.time > loop->now) {
            double before = loop->now;
            loop->now = w.time;
            lp__loop_emit_when(loop, LP_EV_CLOCK, 0, 0, before);
        }
        run_job(loop, w.job_slot);
        ran++;
        if (stop_when_ready && lp_loop_ready_count(loop))
            break;
    }
    return ran;
}

void lp__lanes_close(lp_loop *loop)
{
    for (size_t i = 0; i < loop->job_count; i++) {
        lp__job *job = &loop->jobs[i];
        if (job->state != LP__JOB_FREE && loop->release)
            loop->release(loop->user, job->ctx);
    }
    for (size_t i = 0; i < loop->pool_count; i++) {
        lp_free(&loop->alloc, loop->pools[i].lane_job);
        lp_ring_free(&loop->pools[i].queued);
    }
    lp_free(&loop->alloc, loop->jobs);
    lp_free(&loop->alloc, loop->pools);
    lp_free(&loop->alloc, loop->wakeups);
}
