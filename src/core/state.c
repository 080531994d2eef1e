/* state.c - looplab core: applying trace records to lp_state. */
#include "core/state.h"

#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "core/loop.h" /* the purge rule and the clock resolution of _run_once */
#include "core/status.h"

void lp_state_init(lp_state *state, lp_allocator alloc)
{
    memset(state, 0, sizeof *state);
    state->alloc = alloc;
    lp_u32map_init(&state->handle_index, alloc);
    lp_u32map_init(&state->job_index, alloc);
    lp_u32map_init(&state->task_index, alloc);
    lp_thread_table_init(&state->threads, alloc);
    lp_heap_init(&state->timer_heap, alloc);
    state->loops[0] = 1; /* loop 0 */
}

void lp_state_follow_loops(lp_state *state, const uint64_t loops[4])
{
    memcpy(state->loops, loops, sizeof state->loops);
}

void lp_state_free(lp_state *state)
{
    lp_free(&state->alloc, state->ready);
    lp_free(&state->alloc, state->handles);
    lp_free(&state->alloc, state->jobs);
    lp_free(&state->alloc, state->pools);
    lp_free(&state->alloc, state->lane_job);
    lp_free(&state->alloc, state->tasks);
    lp_u32map_free(&state->handle_index);
    lp_u32map_free(&state->job_index);
    lp_u32map_free(&state->task_index);
    lp_thread_table_free(&state->threads);
    lp_heap_free(&state->timer_heap);
    lp_state_init(state, state->alloc);
}

/* Copies `count` items of `size` bytes into a fresh block of `cap` items. */
static int dup_array(const lp_allocator *a, void **dst, const void *src, size_t count, size_t cap,
                     size_t size)
{
    *dst = NULL;
    if (!cap)
        return LP_OK;
    *dst = a->realloc(a->user, NULL, cap * size);
    if (!*dst)
        return LP_E_NOMEM;
    if (count)
        memcpy(*dst, src, count * size);
    return LP_OK;
}

int lp_state_copy(lp_state *dst, const lp_state *src)
{
    *dst = *src;
    dst->ready = NULL;
    dst->handles = NULL;
    dst->jobs = NULL;
    dst->pools = NULL;
    dst->lane_job = NULL;
    dst->tasks = NULL;
    lp_u32map_init(&dst->handle_index, src->alloc);
    lp_u32map_init(&dst->job_index, src->alloc);
    lp_u32map_init(&dst->task_index, src->alloc);
    lp_thread_table_init(&dst->threads, src->alloc);
    lp_heap_init(&dst->timer_heap, src->alloc);
    const lp_allocator *a = &src->alloc;
    /* The ready queue is copied compacted: its live part moves to index 0. */
    size_t ready_len = lp_state_ready_count(src);
    int rc = dup_array(a, (void **)&dst->ready, src->ready ? src->ready + src->ready_head : NULL,
                       ready_len, ready_len, sizeof(uint32_t));
    dst->ready_head = 0;
    dst->ready_end = dst->ready_cap = ready_len;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->handles, src->handles, src->handle_count,
                       src->handle_count, sizeof(lp_state_handle));
    dst->handle_cap = src->handle_count;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->jobs, src->jobs, src->job_count, src->job_count,
                       sizeof(lp_state_job));
    dst->job_cap = src->job_count;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->pools, src->pools, src->pool_count, src->pool_count,
                       sizeof(lp_state_pool));
    dst->pool_cap = src->pool_count;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->lane_job, src->lane_job, src->lane_total, src->lane_total,
                       sizeof(uint32_t));
    dst->lane_cap = src->lane_total;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->tasks, src->tasks, src->task_count, src->task_count,
                       sizeof(lp_state_task));
    dst->task_cap = src->task_count;
    if (rc == LP_OK)
        rc = dup_array(a, (void **)&dst->timer_heap.items, src->timer_heap.items,
                       src->timer_heap.count, src->timer_heap.count, sizeof(lp_heap_entry));
    dst->timer_heap.count = dst->timer_heap.capacity = rc == LP_OK ? src->timer_heap.count : 0;
    if (rc == LP_OK)
        rc = lp_u32map_copy(&dst->handle_index, &src->handle_index);
    if (rc == LP_OK)
        rc = lp_u32map_copy(&dst->job_index, &src->job_index);
    if (rc == LP_OK)
        rc = lp_u32map_copy(&dst->task_index, &src->task_index);
    if (rc == LP_OK)
        rc = lp_thread_table_copy(&dst->threads, &src->threads);
    if (rc != LP_OK)
        lp_state_free(dst);
    return rc;
}

/* ---- records kept by serial: an unordered array plus an index map ---- */

static int record_add(lp_state *s, void **items, size_t *count, size_t *cap, size_t size,
                      lp_u32map *index, uint32_t serial, const void *record)
{
    if (lp_u32map_get(index, serial, NULL))
        return LP_E_INVAL;
    int rc = lp_grow(&s->alloc, items, cap, *count + 1, size);
    if (rc == LP_OK)
        rc = lp_u32map_put(index, serial, (uint32_t)*count);
    if (rc != LP_OK)
        return rc;
    memcpy((char *)*items + *count * size, record, size);
    (*count)++;
    return LP_OK;
}

/* Removes by moving the last record into the hole. */
static int record_remove(void *items, size_t *count, size_t size, lp_u32map *index, uint32_t serial)
{
    uint32_t at;
    if (!lp_u32map_get(index, serial, &at))
        return LP_E_INVAL;
    lp_u32map_remove(index, serial);
    size_t last = *count - 1;
    if (at != last) {
        memcpy((char *)items + at * size, (char *)items + last * size, size);
        uint32_t moved_serial;
        memcpy(&moved_serial, (char *)items + at * size, sizeof moved_serial);
        lp_u32map_put(index, moved_serial, at); /* replaces an entry: no allocation */
    }
    *count = last;
    return LP_OK;
}

static lp_state_handle *handle_at(lp_state *s, uint32_t serial)
{
    uint32_t at;
    return lp_u32map_get(&s->handle_index, serial, &at) ? &s->handles[at] : NULL;
}

static lp_state_job *job_at(lp_state *s, uint32_t serial)
{
    uint32_t at;
    return lp_u32map_get(&s->job_index, serial, &at) ? &s->jobs[at] : NULL;
}

const lp_state_handle *lp_state_handle_find(const lp_state *state, uint32_t serial)
{
    return handle_at((lp_state *)state, serial);
}

const lp_state_job *lp_state_job_find(const lp_state *state, uint32_t serial)
{
    return job_at((lp_state *)state, serial);
}

static lp_state_task *task_at(lp_state *s, uint32_t id)
{
    uint32_t at;
    return lp_u32map_get(&s->task_index, id, &at) ? &s->tasks[at] : NULL;
}

const lp_state_task *lp_state_task_find(const lp_state *state, uint32_t id)
{
    return task_at((lp_state *)state, id);
}

static int add_handle(lp_state *s, uint32_t serial, lp_state_where where, double when)
{
    lp_state_handle h = {serial, (uint8_t)where, false, when};
    return record_add(s, (void **)&s->handles, &s->handle_count, &s->handle_cap, sizeof h,
                      &s->handle_index, serial, &h);
}

static int remove_handle(lp_state *s, uint32_t serial)
{
    return record_remove(s->handles, &s->handle_count, sizeof(lp_state_handle), &s->handle_index,
                         serial);
}

/* ---- the ready FIFO ---- */

static int ready_push(lp_state *s, uint32_t serial)
{
    if (s->ready_end == s->ready_cap && s->ready_head > 0) {
        size_t len = lp_state_ready_count(s);
        memmove(s->ready, s->ready + s->ready_head, len * sizeof(uint32_t));
        s->ready_head = 0;
        s->ready_end = len;
    }
    int rc = lp_grow(&s->alloc, (void **)&s->ready, &s->ready_cap, s->ready_end + 1,
                     sizeof(uint32_t));
    if (rc != LP_OK)
        return rc;
    s->ready[s->ready_end++] = serial;
    return LP_OK;
}

/* RUN and SKIP take the oldest ready handle of the loop that runs. With one
** loop that is the head; when a program made several loops, handles of a
** loop that is not running may sit in front, so search from the head. */
static int ready_pop(lp_state *s, uint32_t serial)
{
    size_t at = s->ready_head;
    while (at < s->ready_end && s->ready[at] != serial)
        at++;
    if (at == s->ready_end)
        return LP_E_INVAL;
    memmove(s->ready + s->ready_head + 1, s->ready + s->ready_head,
            (at - s->ready_head) * sizeof(uint32_t));
    s->ready_head++;
    return remove_handle(s, serial);
}

/* ---- jobs and lanes ---- */

static uint32_t *lane_slot(lp_state *s, uint16_t pool, uint32_t lane)
{
    if (pool >= s->pool_count || lane >= s->pools[pool].lane_count)
        return NULL;
    return &s->lane_job[s->pools[pool].first_lane + lane];
}

/* More lanes than this in one trace is a corrupt trace (each lane is a
** thread), not a reason to allocate gigabytes. */
#define MAX_LANES_TOTAL ((uint64_t)1 << 24)

static int add_pool(lp_state *s, uint16_t pool, uint64_t lanes)
{
    if (pool != s->pool_count || lanes == 0 || lanes > MAX_LANES_TOTAL - s->lane_total)
        return LP_E_INVAL;
    int rc = lp_grow(&s->alloc, (void **)&s->pools, &s->pool_cap, s->pool_count + 1,
                     sizeof(lp_state_pool));
    if (rc == LP_OK)
        rc = lp_grow(&s->alloc, (void **)&s->lane_job, &s->lane_cap, s->lane_total + lanes,
                     sizeof(uint32_t));
    if (rc != LP_OK)
        return rc;
    s->pools[s->pool_count].lane_count = (uint32_t)lanes;
    s->pools[s->pool_count].first_lane = (uint32_t)s->lane_total;
    memset(s->lane_job + s->lane_total, 0, lanes * sizeof(uint32_t));
    s->lane_total += lanes;
    s->pool_count++;
    return LP_OK;
}

static int apply_job(lp_state *s, const lp_transition *tr)
{
    if (tr->kind == LP_TR_JOB_SUBMITTED) {
        lp_state_job j = {tr->job, tr->pool, LP_JOB_QUEUED, 0, 0.0};
        if (tr->pool >= s->pool_count)
            return LP_E_INVAL;
        return record_add(s, (void **)&s->jobs, &s->job_count, &s->job_cap, sizeof j,
                          &s->job_index, tr->job, &j);
    }
    lp_state_job *job = job_at(s, tr->job);
    if (!job)
        return LP_E_INVAL;
    switch (tr->kind) {
    case LP_TR_JOB_STARTED: {
        uint32_t *lane = tr->count <= UINT32_MAX ? lane_slot(s, job->pool, tr->lane) : NULL;
        if (!lane || *lane)
            return LP_E_INVAL;
        *lane = job->serial;
        job->lane = tr->lane;
        job->status = LP_JOB_STARTING;
        return LP_OK;
    }
    case LP_TR_JOB_RUNS:
        job->status = LP_JOB_RUNNING;
        s->running_job = job->serial;
        return LP_OK;
    case LP_TR_JOB_SLEEPS:
        job->status = LP_JOB_SLEEPING;
        job->until = tr->when;
        if (s->running_job == job->serial)
            s->running_job = 0;
        return LP_OK;
    case LP_TR_JOB_PARKED:
        job->status = LP_JOB_PARKED;
        s->running_job = 0;
        return LP_OK;
    case LP_TR_JOB_ENDED: {
        uint32_t *lane = lane_slot(s, job->pool, job->lane);
        if (lane)
            *lane = 0;
        s->running_job = 0;
        return record_remove(s->jobs, &s->job_count, sizeof(lp_state_job), &s->job_index,
                             tr->job);
    }
    default:
        return LP_E_INVAL;
    }
}

/* ---- tasks (records from src/py) ---- */

/* A step of the running task ended, whatever the record that says so. */
static void step_ended(lp_state *s, lp_state_task *t)
{
    if (s->running_task == t->id)
        s->running_task = 0;
}

static int apply_task(lp_state *s, const lp_transition *tr)
{
    if (tr->kind == LP_TR_TASK_MADE) {
        lp_state_task t = {
            .id = tr->task,
            .loop = tr->loop,
            .name_sid = tr->sid,
            .coro_sid = tr->coro_sid,
            .status = LP_TASK_NEW,
            .since = tr->time,
            .timeout_at = -1.0,
        };
        if (tr->task == 0)
            return LP_E_INVAL;
        return record_add(s, (void **)&s->tasks, &s->task_count, &s->task_cap, sizeof t,
                          &s->task_index, tr->task, &t);
    }
    lp_state_task *t = task_at(s, tr->task);
    if (!t)
        return tr->task == 0 ? LP_OK : LP_E_INVAL; /* 0: not inside a task */
    switch (tr->kind) {
    case LP_TR_TASK_PARENT:
        t->parent = tr->other;
        break;
    case LP_TR_TASK_STEPPED:
        t->cancel_requested = false; /* this step throws the CancelledError in */
        t->status = LP_TASK_RUNNING;
        t->handle = tr->handle;
        t->steps++;
        t->since = tr->time;
        if (lp_state_follows(s, t->loop)) /* another loop's step runs in its own thread */
            s->running_task = t->id;
        break;
    case LP_TR_TASK_AT:
        t->file_sid = tr->file_sid;
        t->line = tr->line;
        break;
    case LP_TR_TASK_WAITS:
        t->status = LP_TASK_SUSPENDED;
        t->wait_kind = tr->wait;
        t->wait_sid = tr->sid;
        t->since = tr->time;
        step_ended(s, t);
        break;
    case LP_TR_TASK_DONE:
        t->status = LP_TASK_FINISHED;
        t->outcome = tr->outcome;
        t->cancel_requested = false;
        t->since = tr->time;
        step_ended(s, t);
        break;
    case LP_TR_TASK_CANCEL:
        t->cancel_requested = true;
        t->cancelled_by = tr->other;
        break;
    case LP_TR_TASK_TIMEOUT:
        t->timeout_at = tr->time;
        break;
    case LP_TR_TASK_RENAMED:
        t->name_sid = tr->sid;
        break;
    case LP_TR_BLOCK_AT:
        s->block_task = t->id;
        break;
    default:
        return LP_E_INVAL;
    }
    return LP_OK;
}

/* ---- the timer heap mirror ---- */

static bool timer_cancelled(const lp_state *s, uint32_t serial)
{
    const lp_state_handle *h = lp_state_handle_find(s, serial);
    return h && h->cancelled;
}

/* The loop popped timer `serial` (TIMER_DUE, PURGE): with one loop it is the
** mirror's top, and heappop follows. When timers of another loop sit in the
** mirror (a program that made several loops: the trace does not say which
** loop a timer belongs to), it may be elsewhere: it is taken out there and
** the mirror counts itself inexact. */
static int heap_take(lp_state *s, uint32_t serial)
{
    lp_heap *heap = &s->timer_heap;
    if (heap->count && heap->items[0].slot == serial) {
        (void)lp_heap_pop(heap);
        return LP_OK;
    }
    for (size_t i = 0; i < heap->count; i++)
        if (heap->items[i].slot == serial) {
            (void)lp_heap_remove_at(heap, i);
            s->heap_resyncs++;
            return LP_OK;
        }
    return LP_E_INVAL;
}

/* REBUILD: the kept timers, in list order, heapified (as _run_once does). */
static void heap_rebuild(lp_state *s, uint64_t kept_expected)
{
    lp_heap *heap = &s->timer_heap;
    size_t kept = 0;
    for (size_t i = 0; i < heap->count; i++)
        if (!timer_cancelled(s, heap->items[i].slot))
            heap->items[kept++] = heap->items[i];
    heap->count = kept;
    lp_heap_heapify(heap);
    s->timer_cancelled = 0;
    if (kept != kept_expected)
        s->heap_resyncs++;
}

/* Appends `serial` to the order being built. */
static void order_put(uint32_t serial, uint32_t *out, size_t cap, size_t *count)
{
    if (*count < cap)
        out[*count] = serial;
    (*count)++;
}

int lp_state_timer_order(const lp_state *s, uint32_t *out, size_t cap, size_t *count)
{
    *count = 0;
    if (s->timer_heap.count == 0)
        return LP_OK;
    lp_heap heap;
    lp_heap_init(&heap, s->alloc);
    if (dup_array(&heap.alloc, (void **)&heap.items, s->timer_heap.items, s->timer_heap.count,
                  s->timer_heap.count, sizeof(lp_heap_entry)) != LP_OK)
        return LP_E_NOMEM;
    heap.count = heap.capacity = s->timer_heap.count;
    size_t cancelled = s->timer_cancelled;
    double now = s->time;
    /* Between the poll and the run of the ready queue the loop is collecting
    ** due timers: they come out before any purge. */
    bool purge = !s->polled;
    while (heap.count) {
        if (purge && heap.count > LP_REBUILD_MIN_TIMERS &&
            (double)cancelled / (double)heap.count > LP_REBUILD_CANCELLED_FRACTION) {
            size_t kept = 0;
            for (size_t i = 0; i < heap.count; i++)
                if (!timer_cancelled(s, heap.items[i].slot))
                    heap.items[kept++] = heap.items[i];
            heap.count = kept;
            lp_heap_heapify(&heap);
            cancelled = 0;
        } else if (purge) {
            while (heap.count && timer_cancelled(s, heap.items[0].slot)) {
                (void)lp_heap_pop(&heap);
                cancelled -= cancelled > 0;
            }
        }
        purge = true;
        if (!heap.count)
            break;
        if (heap.items[0].when > now)
            now = heap.items[0].when; /* the poll waits exactly until the first deadline */
        double end_time = now + LP_CLOCK_RESOLUTION;
        do { /* the top is due (at least once: a NaN deadline of a corrupt trace too) */
            lp_heap_entry e = lp_heap_pop(&heap);
            if (!timer_cancelled(s, e.slot))
                order_put(e.slot, out, cap, count);
        } while (heap.count && heap.items[0].when < end_time);
    }
    lp_heap_free(&heap);
    return LP_OK;
}

uint32_t lp_state_next_timer(const lp_state *s)
{
    uint32_t first = 0;
    size_t count;
    if (lp_state_timer_order(s, &first, 1, &count) != LP_OK || count == 0)
        return 0;
    return first;
}

/* REBUILD drops every cancelled timer at once. */
static int drop_cancelled_timers(lp_state *s)
{
    for (size_t i = 0; i < s->handle_count;) {
        lp_state_handle *h = &s->handles[i];
        if (h->where == LP_STATE_TIMER && h->cancelled) {
            int rc = remove_handle(s, h->serial); /* moves the last record to i */
            if (rc != LP_OK)
                return rc;
        } else {
            i++;
        }
    }
    return LP_OK;
}

/* Records about a loop's handles and iterations: those of another loop than
** the one the state follows are skipped (their handles are not in it). */
static bool of_a_loop(const lp_transition *tr)
{
    switch ((lp_transition_kind)tr->kind) {
    case LP_TR_HANDLE_QUEUED:
    case LP_TR_TIMER_SET:
    case LP_TR_HANDLE_CANCELLED:
    case LP_TR_TIMER_DUE:
    case LP_TR_HANDLE_RUN:
    case LP_TR_HANDLE_SKIPPED:
    case LP_TR_TIMER_PURGED:
    case LP_TR_TIMERS_REBUILT:
    case LP_TR_ITERATION:
    case LP_TR_POLL:
        return true;
    default:
        return false;
    }
}

/* One transition of a record. */
static int apply_transition(lp_state *s, lp_transition tr)
{
    int rc = LP_OK;
    lp_state_handle *h;
    s->time = tr.time;
    if (of_a_loop(&tr) && !lp_state_follows(s, tr.loop))
        tr.kind = LP_TR_NONE;
    switch ((lp_transition_kind)tr.kind) {
    case LP_TR_HANDLE_QUEUED:
        rc = add_handle(s, tr.handle, LP_STATE_READY, 0.0);
        if (rc == LP_OK)
            rc = ready_push(s, tr.handle);
        break;
    case LP_TR_TIMER_SET:
        rc = add_handle(s, tr.handle, LP_STATE_TIMER, tr.when);
        if (rc == LP_OK)
            rc = lp_heap_push(&s->timer_heap, (lp_heap_entry){tr.when, tr.handle});
        break;
    case LP_TR_HANDLE_CANCELLED:
        h = handle_at(s, tr.handle);
        if (!h)
            rc = LP_E_INVAL;
        else if (!h->cancelled) {
            /* TimerHandle.cancel counts the timers still in the heap only */
            s->timer_cancelled += h->where == LP_STATE_TIMER;
            h->cancelled = true;
        }
        break;
    case LP_TR_TIMER_DUE:
        h = handle_at(s, tr.handle);
        if (!h || h->where != LP_STATE_TIMER)
            return LP_E_INVAL;
        rc = heap_take(s, tr.handle);
        if (rc != LP_OK)
            return rc;
        h->where = LP_STATE_READY;
        rc = ready_push(s, tr.handle);
        break;
    case LP_TR_HANDLE_RUN:
        rc = ready_pop(s, tr.handle);
        s->running = tr.handle;
        s->running_task = 0; /* TASK_STEPPED follows when it is a task's step */
        break;
    case LP_TR_HANDLE_SKIPPED:
        rc = ready_pop(s, tr.handle);
        s->running = 0;
        break;
    case LP_TR_ITERATION:
    case LP_TR_POLL:
        s->running = 0;
        s->running_task = 0;
        s->polled = tr.kind == LP_TR_POLL;
        break;
    case LP_TR_TIMER_PURGED:
        h = handle_at(s, tr.handle);
        if (!h || h->where != LP_STATE_TIMER)
            return LP_E_INVAL;
        rc = heap_take(s, tr.handle);
        if (rc == LP_OK) {
            s->timer_cancelled -= s->timer_cancelled > 0;
            rc = remove_handle(s, tr.handle);
        }
        break;
    case LP_TR_TIMERS_REBUILT:
        heap_rebuild(s, tr.count);
        rc = drop_cancelled_timers(s);
        break;
    case LP_TR_POOL_MADE:
        rc = add_pool(s, tr.pool, tr.count);
        break;
    case LP_TR_JOB_SUBMITTED:
    case LP_TR_JOB_STARTED:
    case LP_TR_JOB_RUNS:
    case LP_TR_JOB_SLEEPS:
    case LP_TR_JOB_PARKED:
    case LP_TR_JOB_ENDED:
        rc = apply_job(s, &tr);
        break;
    case LP_TR_BLOCK_BEGIN:
        s->blocked = true;
        s->blocked_until = tr.when;
        s->blocked_since = tr.time;
        break;
    case LP_TR_BLOCK_END:
        s->blocked = false;
        s->block_task = 0;
        s->block_file_sid = s->block_line = 0;
        s->block_cpu = false;
        break;
    case LP_TR_BLOCK_AT:
        s->block_file_sid = tr.file_sid;
        s->block_line = tr.line;
        s->block_cpu = tr.flag;
        rc = apply_task(s, &tr);
        break;
    case LP_TR_TASK_MADE:
    case LP_TR_TASK_PARENT:
    case LP_TR_TASK_STEPPED:
    case LP_TR_TASK_AT:
    case LP_TR_TASK_WAITS:
    case LP_TR_TASK_DONE:
    case LP_TR_TASK_CANCEL:
    case LP_TR_TASK_TIMEOUT:
    case LP_TR_TASK_RENAMED:
        rc = apply_task(s, &tr);
        break;
    default:
        break; /* no state to change here (output is indexed by the window; threads below) */
    }
    if (rc == LP_OK) /* the threads follow JOB_*, THREAD_* and CPU_* records */
        rc = lp_thread_table_follow(&s->threads, &tr);
    return rc;
}

int lp_state_apply(lp_state *s, const lp_event *ev)
{
    lp_transition tr[LP_INTERP_MAX];
    unsigned n = lp_interp_read_all(ev, tr);
    if (n == 0) /* a kind this version does not know changes nothing but the time */
        n = 1;
    int rc = LP_OK;
    for (unsigned k = 0; k < n && rc == LP_OK; k++)
        rc = apply_transition(s, tr[k]);
    if (rc == LP_OK)
        s->applied++;
    return rc;
}

static int cmp_handle(const void *a, const void *b)
{
    uint32_t x = ((const lp_state_handle *)a)->serial, y = ((const lp_state_handle *)b)->serial;
    return (x > y) - (x < y);
}

static int cmp_job(const void *a, const void *b)
{
    uint32_t x = ((const lp_state_job *)a)->serial, y = ((const lp_state_job *)b)->serial;
    return (x > y) - (x < y);
}

static bool task_eq(const lp_state_task *x, const lp_state_task *y)
{
    return x->id == y->id && x->loop == y->loop && x->name_sid == y->name_sid && x->coro_sid == y->coro_sid &&
           x->parent == y->parent && x->status == y->status && x->outcome == y->outcome &&
           x->wait_kind == y->wait_kind && x->cancel_requested == y->cancel_requested &&
           x->cancelled_by == y->cancelled_by && x->wait_sid == y->wait_sid &&
           x->file_sid == y->file_sid && x->line == y->line && x->steps == y->steps &&
           x->handle == y->handle && x->since == y->since && x->timeout_at == y->timeout_at;
}

/* Tasks are kept in the order made, so they compare in order. */
static bool same_tasks(const lp_state *a, const lp_state *b)
{
    if (a->task_count != b->task_count)
        return false;
    for (size_t i = 0; i < a->task_count; i++)
        if (!task_eq(&a->tasks[i], &b->tasks[i]))
            return false;
    return true;
}

static bool handle_eq(const void *a, const void *b)
{
    const lp_state_handle *x = a, *y = b;
    return x->serial == y->serial && x->where == y->where && x->cancelled == y->cancelled &&
           x->when == y->when;
}

static bool job_eq(const void *a, const void *b)
{
    const lp_state_job *x = a, *y = b;
    return x->serial == y->serial && x->pool == y->pool && x->status == y->status &&
           x->lane == y->lane && x->until == y->until;
}

/* Compares two unordered record arrays as sets: sorts copies by serial and
** compares field by field (records have padding, so no memcmp). */
static bool same_set(const void *a, const void *b, size_t count, size_t size,
                     int (*cmp)(const void *, const void *), bool (*eq)(const void *, const void *))
{
    if (count == 0)
        return true;
    char *sa = malloc(count * size), *sb = malloc(count * size);
    bool same = sa && sb;
    if (same) {
        memcpy(sa, a, count * size);
        memcpy(sb, b, count * size);
        qsort(sa, count, size, cmp);
        qsort(sb, count, size, cmp);
        for (size_t i = 0; same && i < count; i++)
            same = eq(sa + i * size, sb + i * size);
    }
    free(sa);
    free(sb);
    return same;
}

_Static_assert(sizeof(lp_state_pool) == 2 * sizeof(uint32_t), "pools compare as u32 pairs");

static bool same_u32(const uint32_t *a, const uint32_t *b, size_t count)
{
    return count == 0 || memcmp(a, b, count * sizeof(uint32_t)) == 0;
}

/* The heap mirrors compare as lists: positions matter. */
static bool same_heap(const lp_heap *a, const lp_heap *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (a->items[i].slot != b->items[i].slot || a->items[i].when != b->items[i].when)
            return false;
    return true;
}

bool lp_state_equal(const lp_state *a, const lp_state *b)
{
    size_t ready_len = lp_state_ready_count(a);
    return memcmp(a->loops, b->loops, sizeof a->loops) == 0 && a->time == b->time && a->applied == b->applied && a->running == b->running &&
           a->running_job == b->running_job && a->blocked == b->blocked &&
           (!a->blocked || a->blocked_until == b->blocked_until) &&
           ready_len == lp_state_ready_count(b) &&
           (ready_len == 0 || same_u32(a->ready + a->ready_head, b->ready + b->ready_head, ready_len)) &&
           a->handle_count == b->handle_count &&
           same_set(a->handles, b->handles, a->handle_count, sizeof(lp_state_handle), cmp_handle,
                    handle_eq) &&
           a->job_count == b->job_count &&
           same_set(a->jobs, b->jobs, a->job_count, sizeof(lp_state_job), cmp_job, job_eq) &&
           a->pool_count == b->pool_count &&
           same_u32((const uint32_t *)a->pools, (const uint32_t *)b->pools, a->pool_count * 2) &&
           a->lane_total == b->lane_total && same_u32(a->lane_job, b->lane_job, a->lane_total) &&
           a->running_task == b->running_task && a->block_task == b->block_task &&
           a->block_file_sid == b->block_file_sid && a->block_line == b->block_line &&
           a->block_cpu == b->block_cpu && same_tasks(a, b) && a->polled == b->polled &&
           a->timer_cancelled == b->timer_cancelled && a->heap_resyncs == b->heap_resyncs &&
           same_heap(&a->timer_heap, &b->timer_heap) &&
           lp_thread_table_equal(&a->threads, &b->threads);
}

size_t lp_state_size(const lp_state *state)
{
    return lp_state_ready_count(state) + state->handle_count + state->job_count +
           state->lane_total + state->task_count + state->threads.count;
}
