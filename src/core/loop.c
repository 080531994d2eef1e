/* loop.c - looplab core: handles, timers and the iteration of the loop.
**
** lp_loop_run_once follows BaseEventLoop._run_once (CPython 3.11,
** Lib/asyncio/base_events.py) phase by phase; each phase is one static
** function below, named for what it does:
**   purge_cancelled  drop cancelled timers (rebuild the heap when many are)
**   compute_deadline how long the poll may wait: 0 if anything is ready
**   poll             run due worker wake-ups; move the clock to the deadline
**   collect_due      move timers due before now + resolution to ready
**   run_ready        run the ntodo callbacks that were ready at this point
*/
#include "core/loop.h"

#include <math.h>
#include <string.h>

#include "core/assert.h"
#include "core/status.h"

enum lp__handle_where { LP__FREE, LP__IN_READY, LP__IN_HEAP, LP__DROPPED };

/* ---- trace ---- */

void lp__loop_emit(lp_loop *loop, lp_event_kind kind, uint32_t subject, uint16_t small,
                   uint64_t arg_bits)
{
    if (!loop->trace)
        return;
    lp_event ev;
    ev.time = loop->clock->now;
    ev.subject = subject;
    ev.kind = (uint8_t)kind;
    ev.flags = loop->number;
    ev.small = small;
    ev.arg.u64 = arg_bits;
    int rc = lp_trace_append(loop->trace, &ev);
    if (rc != LP_OK && loop->trace_status == LP_OK)
        loop->trace_status = rc;
}

void lp__loop_emit_when(lp_loop *loop, lp_event_kind kind, uint32_t subject, uint16_t small,
                        double when)
{
    uint64_t bits;
    memcpy(&bits, &when, sizeof bits);
    lp__loop_emit(loop, kind, subject, small, bits);
}

/* ---- the handle slot table ---- */

static int alloc_handle(lp_loop *loop, lp_callback_fn fn, void *ctx, uint32_t *slot)
{
    if (loop->handle_free) {
        *slot = loop->handle_free - 1;
        loop->handle_free = loop->handles[*slot].next_free;
    } else {
        if (loop->handle_count >= UINT32_MAX)
            return LP_E_FULL;
        int rc = lp_grow(&loop->alloc, (void **)&loop->handles, &loop->handle_cap,
                         loop->handle_count + 1, sizeof(lp__handle));
        if (rc != LP_OK)
            return rc;
        *slot = (uint32_t)loop->handle_count++;
        loop->handles[*slot].generation = 1;
    }
    lp__handle *h = &loop->handles[*slot];
    h->fn = fn;
    h->ctx = ctx;
    h->when = 0.0;
    h->serial = ++loop->clock->next_handle_serial;
    h->cancelled = false;
    h->where = LP__DROPPED;
    return LP_OK;
}

/* Returns a slot to the free list; its ids become stale. */
static void free_handle(lp_loop *loop, uint32_t slot)
{
    lp__handle *h = &loop->handles[slot];
    h->where = LP__FREE;
    h->fn = NULL;
    h->ctx = NULL;
    h->generation = h->generation + 1 ? h->generation + 1 : 1;
    h->next_free = loop->handle_free;
    loop->handle_free = slot + 1;
}

static lp__handle *handle_get(const lp_loop *loop, lp_id id)
{
    uint32_t slot = lp_id_slot(id);
    if (slot >= loop->handle_count)
        return NULL;
    lp__handle *h = &loop->handles[slot];
    if (h->where == LP__FREE || h->generation != lp_id_generation(id))
        return NULL;
    return h;
}

static void release_ctx(lp_loop *loop, void *ctx)
{
    if (loop->release)
        loop->release(loop->user, ctx);
}

/* Keeps room in the ready queue for every handle plus one more: then moving
** timers to ready (collect_due) can never fail for want of memory. */
static int reserve_ready(lp_loop *loop)
{
    return lp_ring_reserve(&loop->ready, lp_ring_count(&loop->ready) + loop->timers.count + 1);
}

/* ---- public scheduling calls ---- */

int lp_loop_init(lp_loop *loop, const lp_loop_desc *desc)
{
    memset(loop, 0, sizeof *loop);
    loop->alloc = lp_allocator_or_default(desc ? &desc->alloc : NULL);
    loop->clock = &loop->own_clock;
    if (desc) {
        if (desc->clock)
            loop->clock = desc->clock;
        loop->lanes = desc->lanes;
        loop->trace = desc->trace;
        loop->release = desc->release;
        loop->user = desc->user;
        loop->number = desc->number;
    }
    loop->time_limit = (double)INFINITY;
    lp_ring_init(&loop->ready, loop->alloc);
    lp_heap_init(&loop->timers, loop->alloc);
    return LP_OK;
}

void lp_loop_close(lp_loop *loop)
{
    while (lp_ring_count(&loop->ready)) {
        lp__handle *h = &loop->handles[lp_ring_pop(&loop->ready)];
        if (!h->cancelled)
            release_ctx(loop, h->ctx);
    }
    for (size_t i = 0; i < loop->timers.count; i++) {
        lp__handle *h = &loop->handles[loop->timers.items[i].slot];
        if (!h->cancelled)
            release_ctx(loop, h->ctx);
    }
    lp_ring_free(&loop->ready);
    lp_heap_free(&loop->timers);
    lp_free(&loop->alloc, loop->handles);
    lp_allocator alloc = loop->alloc;
    memset(loop, 0, sizeof *loop);
    loop->alloc = alloc;
    loop->clock = &loop->own_clock;
}

int lp_loop_call_soon(lp_loop *loop, lp_callback_fn fn, void *ctx, lp_id *id)
{
    if (!fn)
        return LP_E_INVAL;
    int rc = reserve_ready(loop);
    if (rc != LP_OK)
        return rc;
    uint32_t slot;
    rc = alloc_handle(loop, fn, ctx, &slot);
    if (rc != LP_OK)
        return rc;
    LP_ASSERT(lp_ring_push(&loop->ready, slot) == LP_OK); /* reserved */
    lp__handle *h = &loop->handles[slot];
    h->where = LP__IN_READY;
    lp__loop_emit(loop, LP_EV_CALL_SOON, h->serial, 0, 0);
    if (id)
        *id = lp_id_make(slot, h->generation);
    return LP_OK;
}

int lp_loop_call_at(lp_loop *loop, double when, lp_callback_fn fn, void *ctx, lp_id *id)
{
    if (!fn) /* a NaN deadline is due at once, as in asyncio (collect_due) */
        return LP_E_INVAL;
    int rc = reserve_ready(loop);
    if (rc != LP_OK)
        return rc;
    uint32_t slot;
    rc = alloc_handle(loop, fn, ctx, &slot);
    if (rc != LP_OK)
        return rc;
    lp_heap_entry entry = {when, slot};
    rc = lp_heap_push(&loop->timers, entry);
    if (rc != LP_OK) {
        free_handle(loop, slot);
        return rc;
    }
    lp__handle *h = &loop->handles[slot];
    h->when = when;
    h->where = LP__IN_HEAP;
    lp__loop_emit_when(loop, LP_EV_CALL_AT, h->serial, 0, when);
    if (id)
        *id = lp_id_make(slot, h->generation);
    return LP_OK;
}

int lp_loop_cancel(lp_loop *loop, lp_id id)
{
    lp__handle *h = handle_get(loop, id);
    if (!h)
        return LP_E_STALE;
    if (h->cancelled)
        return LP_OK;
    /* TimerHandle.cancel counts only timers still in the heap (_scheduled). */
    if (h->where == LP__IN_HEAP)
        loop->timer_cancelled_count++;
    h->cancelled = true;
    void *ctx = h->ctx;
    h->fn = NULL;
    h->ctx = NULL;
    lp__loop_emit(loop, LP_EV_CANCEL, h->serial, 0, 0);
    /* Handle.cancel drops its callback at once; so do we. */
    release_ctx(loop, ctx);
    return LP_OK;
}

lp_id lp_loop_find(const lp_loop *loop, uint32_t slot, uint32_t serial)
{
    if (slot >= loop->handle_count)
        return LP_ID_NONE;
    const lp__handle *h = &loop->handles[slot];
    if (h->where == LP__FREE || h->serial != serial)
        return LP_ID_NONE;
    return lp_id_make(slot, h->generation);
}

uint32_t lp_loop_handle_serial(const lp_loop *loop, lp_id id)
{
    const lp__handle *h = handle_get(loop, id);
    return h ? h->serial : 0;
}

/* ---- the phases of one iteration ---- */

static void purge_cancelled(lp_loop *loop)
{
    size_t sched_count = loop->timers.count;
    if (sched_count > LP_REBUILD_MIN_TIMERS &&
        (double)loop->timer_cancelled_count / (double)sched_count > LP_REBUILD_CANCELLED_FRACTION) {
        size_t kept = 0;
        for (size_t i = 0; i < sched_count; i++) {
            lp_heap_entry e = loop->timers.items[i];
            if (loop->handles[e.slot].cancelled)
                free_handle(loop, e.slot);
            else
                loop->timers.items[kept++] = e;
        }
        loop->timers.count = kept;
        lp_heap_heapify(&loop->timers);
        loop->timer_cancelled_count = 0;
        lp__loop_emit(loop, LP_EV_REBUILD, 0, 0, kept);
        return;
    }
    while (loop->timers.count && loop->handles[loop->timers.items[0].slot].cancelled) {
        loop->timer_cancelled_count--;
        lp_heap_entry e = lp_heap_pop(&loop->timers);
        lp__loop_emit(loop, LP_EV_PURGE, loop->handles[e.slot].serial, 0, 0);
        free_handle(loop, e.slot);
    }
}

/* The time the poll may wait until: now when something is ready (timeout 0),
** the earliest deadline, or +inf when there is no timer (timeout None). */
static double compute_deadline(const lp_loop *loop)
{
    double now = loop->clock->now;
    if (lp_ring_count(&loop->ready) || loop->stopping)
        return now;
    const lp_heap_entry *top = lp_heap_top(&loop->timers);
    if (top)
        return top->when > now ? top->when : now;
    return (double)INFINITY;
}

/* The virtual selector.select(timeout): worker wake-ups due by the deadline
** run first, one at a time; the poll returns as soon as one of them woke
** the loop (lp_loop_wake: its self-pipe). If none did, the clock moves
** exactly to the deadline. The wake is consumed, as select drains the pipe. */
static bool poll(lp_loop *loop, double deadline)
{
    bool waiting = deadline > loop->clock->now;
    /* the poll record carries the loop's number: a reader following another
    ** thread's loop sees its callback end here, not at its next iteration */
    lp__loop_emit_when(loop, LP_EV_POLL, 0, 0, deadline);
    /* another thread's loop: its thread blocks (a thread wait in the trace) */
    if (loop->thread_wait)
        return !waiting || loop->thread_wait(loop, deadline);
    if (loop->lanes)
        lp_lanes_run_due(loop->lanes, deadline, waiting ? 0 : 1, &loop->woken);
    if (!loop->woken && isfinite(deadline) && deadline > loop->clock->now) {
        double before = lp_clock_advance(loop->clock, deadline);
        lp__loop_emit_when(loop, LP_EV_CLOCK, 0, 0, before);
    }
    loop->woken = 0;
    return true;
}

static void collect_due(lp_loop *loop)
{
    double end_time = loop->clock->now + LP_CLOCK_RESOLUTION;
    /* asyncio stops at `when >= end_time`: a NaN deadline is due at once */
    while (loop->timers.count && !(loop->timers.items[0].when >= end_time)) {
        lp_heap_entry e = lp_heap_pop(&loop->timers);
        lp__handle *h = &loop->handles[e.slot];
        h->where = LP__IN_READY;
        /* cannot fail: reserve_ready made room for every timer */
        LP_ASSERT(lp_ring_push(&loop->ready, e.slot) == LP_OK);
        lp__loop_emit(loop, LP_EV_TIMER_DUE, h->serial, 0, 0);
    }
}

static void run_ready(lp_loop *loop)
{
    size_t ntodo = lp_ring_count(&loop->ready);
    lp__loop_emit(loop, LP_EV_ITER, 0, 0, ntodo);
    loop->interrupted = false;
    for (size_t i = 0; i < ntodo && !loop->interrupted; i++) {
        uint32_t slot = lp_ring_pop(&loop->ready);
        lp__handle *h = &loop->handles[slot];
        if (h->cancelled) {
            lp__loop_emit(loop, LP_EV_SKIP, h->serial, 0, 0);
            free_handle(loop, slot);
            continue;
        }
        lp_callback_fn fn = h->fn;
        void *ctx = h->ctx;
        lp__loop_emit(loop, LP_EV_RUN, h->serial, 0, 0);
        free_handle(loop, slot);
        fn(loop, ctx);
        release_ctx(loop, ctx);
    }
}

static bool has_work(lp_loop *loop)
{
    return lp_ring_count(&loop->ready) || loop->stopping || loop->timers.count ||
           loop->thread_wait || (loop->lanes && lp_lanes_next_wakeup(loop->lanes, NULL));
}

int lp_loop_run_once(lp_loop *loop)
{
    purge_cancelled(loop);
    if (!has_work(loop))
        return LP_E_IDLE;
    double deadline = compute_deadline(loop);
    if (deadline > loop->time_limit && !loop->thread_wait) {
        /* The loop would wait past the limit: let what is due by then run,
        ** and stop unless that made a callback ready. */
        if (!lp_clock_step(loop->clock))
            return LP_E_FULL;
        lp__loop_emit_when(loop, LP_EV_POLL, 0, 0, loop->time_limit);
        loop->polling = true;
        if (loop->lanes)
            lp_lanes_run_due(loop->lanes, loop->time_limit, 0, &loop->woken);
        loop->polling = false;
        bool woken = loop->woken;
        loop->woken = 0;
        if (!woken) {
            double wakeup = deadline;
            double next;
            if (loop->lanes && lp_lanes_next_wakeup(loop->lanes, &next) && next < wakeup)
                wakeup = next;
            /* nothing is ready, no timer is set and no wake-up is pending
            ** any more: the threads that ran are stuck (a deadlock) */
            if (!isfinite(wakeup) && !loop->timers.count && !loop->stopping)
                return LP_E_IDLE;
            loop->limit_wakeup = wakeup;
            return LP_E_RANGE;
        }
    } else {
        if (!lp_clock_step(loop->clock))
            return LP_E_FULL;
        loop->polling = true;
        bool polled = poll(loop, deadline);
        loop->polling = false;
        if (!polled)
            return LP_E_INVAL;
    }
    if (loop->clock->over_budget) /* a thread's wake-up went over it */
        return LP_E_FULL;
    collect_due(loop);
    run_ready(loop);
    return LP_OK;
}

int lp_loop_run_once_in_thread(lp_loop *loop, lp_wait_fn wait)
{
    loop->thread_wait = wait;
    int rc = lp_loop_run_once(loop);
    loop->thread_wait = NULL;
    return rc;
}
