/* trace_json.c - looplab core: the trace as Chrome trace-event JSON.
**
** One pass over the records, one static function per record family:
**
**   handles  CALL_SOON, CALL_AT, TIMER_DUE, RUN, SKIP, CANCEL, PURGE
**            remembered per handle serial (when it became ready, its
**            deadline); TIMER_DUE -> instant "timer fires" on the loop track
**            (args: timer, deadline_s, late_s)
**   tasks    TASK_NEW opens the task's track (thread_name "Task-1 main()");
**            its state slices follow one another on it:
**              "ready"   TASK_NEW, or the CALL_SOON of the handle whose RUN
**                        starts the task's next step, .. that RUN
**              "step"    that RUN (or an old trace's TASK_STEP) ..
**                        TASK_SUSPEND / TASK_WAIT / TASK_DONE
**                        (zero length, unless the loop blocked during it; the
**                        same span also goes on the loop track)
**              "waiting: <TASK_WAIT's text>"  TASK_SUSPEND / TASK_WAIT .. ready
**            (zero-length ready and waiting slices are left out);
**            instants: TIMEOUT "timeout", TASK_CANCEL "cancel" (args: by),
**            TASK_DONE "done: result|exception|cancelled"; TASK_PARENT goes
**            into the args of the task's first "step" ("created by");
**            TASK_NAME renames the track (set_name, create_task(name=))
**   output   OUTPUT -> instant "stdout: <text>" on the task's track, or on the
**            loop track for subject 0 (args: text, stream)
**   loop     BLOCK_AT + BLOCK_BEGIN .. BLOCK_END -> "blocked" on the loop
**            track (args: until_s, at, cause, task); MARK -> global instant
**   threads  JOB_SUBMIT, JOB_START .. JOB_END -> "job J" on its lane's track
**            (args: job, pool, lane, submitted_s, queued_s); JOB_SLEEP or
**            JOB_PARK .. the next JOB_WAKE -> "sleeping" / "waiting" in it;
**            a thread's job is named by THREAD_NEW ("Thread-1 (worker)"),
**            a wait after THREAD_WAIT is "waiting: Queue.get()", a sleep
**            after CPU_WORK is "computing" (args: work_s)
**   loops    LOOP_RUN -> global instant "loop N runs in thread T" (args:
**            loop, thread); when a run has several loops, each task's
**            track names its loop ("Task-1 main() [loop 1]")
**   skipped  ITER, POLL (too many), CLOCK, REBUILD, POOL_NEW (nothing to draw)
**
** Every event is decided as a small record (trace_json_event.h) when it is
** known (a slice when it ends), then the events are sorted by (time, record
** that opened them, order made) and rendered in that order
** (trace_json_render.c), after the track names: a parent slice always comes
** before the slices nested in it, and slices that follow one another on a
** track keep their order, whatever a reader does with equal timestamps.
*/
#include "core/trace_json.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "core/json_buf.h"
#include "core/trace_json_event.h"
#include "core/status.h"
#include "core/u32map.h"

enum { TID_LOOP = 0 };

/* Where an event goes in the output: sorted by (ts, key), then by event
** (the order made). 32-bit indexes: a trace has less than 4 G records
** (lp_trace_json_write_with refuses more) and events. */
typedef struct order_item {
    int64_t ts;     /* nanoseconds */
    uint32_t key;   /* index of the record that opened it */
    uint32_t event; /* index in exporter.events */
} order_item;

typedef enum task_state {
    TASK_UNSEEN,
    TASK_READY,
    TASK_RUNNING,
    TASK_WAITING,
    TASK_OVER
} task_state;

typedef struct task_info {
    uint32_t number;   /* the task's trace subject: Task-<number> */
    uint32_t name_sid; /* from TASK_NEW */
    uint32_t coro_sid;
    uint32_t parent;   /* TASK_PARENT's task, 0 = none */
    bool named;        /* TASK_NEW seen */
    uint8_t state;     /* task_state */
    int64_t since;     /* when the state began, ns */
    size_t since_key;  /* the record that began it */
    uint32_t handle;   /* the running step's handle serial */
    uint32_t where_sid, where_line; /* where it last stopped, 0 = unknown */
    bool has_wait;     /* TASK_WAIT seen for this wait */
    uint8_t wait_kind; /* lp_wait_kind */
    uint32_t wait_sid;
    uint32_t steps; /* steps started */
    uint8_t loop;   /* the loop it belongs to (TASK_NEW's flags) */
} task_info;

typedef enum job_wait { JOB_RUNS, JOB_SLEEPS, JOB_PARKED } job_wait;

typedef struct job_info {
    uint32_t serial;
    uint16_t pool;
    uint32_t lane;
    uint32_t track; /* index into lanes */
    bool submitted;
    int64_t submitted_at;
    bool started; /* has a lane; the "job" slice is open */
    int64_t started_at;
    size_t start_key;
    uint8_t wait; /* job_wait */
    int64_t wait_since;
    size_t wait_key;
    double until; /* JOB_SLEEP's deadline */
    uint32_t name_sid; /* THREAD_NEW: the thread's name, 0 = none */
    uint32_t wait_sid; /* THREAD_WAIT: the call of its next wait, 0 = none */
    double cpu_work;   /* CPU_WORK: its next sleep is CPU work, 0 = none */
} job_info;

typedef struct lane_info {
    uint16_t pool;
    uint32_t lane;
} lane_info; /* its track is tid 1 + index in pid 2 */

typedef struct exporter {
    const lp_trace *trace; /* borrowed */
    lp_allocator alloc;
    int status; /* first error, sticky */
    /* output */
    lp__tj_event *events; /* in the order made; owned */
    size_t event_count, event_cap;
    order_item *order;    /* one per event; owned */
    size_t order_cap;
    lp__tj_renderer render;
    /* what the records told so far */
    task_info *tasks; /* in order of appearance; owned */
    size_t task_count, task_cap;
    lp_u32map task_index; /* task number -> index in tasks */
    uint32_t last_task, last_task_at; /* the task found last and its index: a task's
                                      ** records come in runs (step, suspend, wait) */
    job_info *jobs;       /* jobs not yet ended; owned */
    size_t job_count, job_cap;
    lp_u32map job_index; /* job serial -> index in jobs */
    lane_info *lanes;    /* lanes that ran a job, in order of first use; owned */
    lane_info *lane_order; /* the same by (pool, lane), for their names; owned */
    size_t lane_count, lane_cap;
    lp_u32map lane_index; /* lane key -> index in lanes */
    lp_u32map handle_at;  /* handle serial -> index + 1 of the record that last scheduled it */
    uint32_t ran_serial;  /* the handle RUN last, and its scheduling record + 1 */
    uint32_t ran_record;
    /* the loop thread */
    uint32_t step_task; /* task whose step runs now, 0 = none */
    int64_t step_since;
    size_t step_key;
    bool blocked;
    int64_t block_since;
    size_t block_key;
    double block_until;
    lp_transition block_at;      /* the block's BLOCK_AT, if its kind is LP_TR_BLOCK_AT */
    lp_transition next_block_at; /* a BLOCK_AT waiting for its BLOCK_BEGIN */
    /* the record being read */
    size_t index;
    int64_t now;       /* its time, ns */
    int64_t end;       /* the latest time seen, ns */
    size_t unexpected; /* records skipped because nothing matched them */
    uint64_t loops_seen[4]; /* bit per loop number that LOOP_RUN named */
    unsigned loop_count;    /* loops named: more than one, tracks say whose */
} exporter;

/* The output is written in blocks of about this many bytes. */
#define OUT_BLOCK ((size_t)1 << 20)

/* ------------------------------------------------------------------------ */
/* Events: decided here, written once sorted (trace_json_render.c)          */
/* ------------------------------------------------------------------------ */

/* A new event of `kind` on `track` (lp__tj_event) at `ts`, opened by record `key`,
** zeroed otherwise; NULL once out of memory. The pointer lasts until the
** next new_event. */
static lp__tj_event *new_event(exporter *ex, lp__tj_kind kind, uint32_t track, int64_t ts,
                               size_t key)
{
    if (ex->status == LP_OK && ex->event_count >= UINT32_MAX)
        ex->status = LP_E_NOMEM; /* more than order_item counts */
    if (ex->status == LP_OK && ex->event_count == ex->event_cap) {
        ex->status = lp_grow(&ex->alloc, (void **)&ex->events, &ex->event_cap, ex->event_count + 1,
                             sizeof *ex->events);
        if (ex->status == LP_OK) /* the order has room for every event */
            ex->status = lp_grow(&ex->alloc, (void **)&ex->order, &ex->order_cap, ex->event_cap,
                                 sizeof *ex->order);
    }
    if (ex->status != LP_OK)
        return NULL;
    lp__tj_event *e = &ex->events[ex->event_count];
    memset(e, 0, sizeof *e);
    e->kind = (uint8_t)kind;
    e->track = track;
    e->ts = ts;
    ex->order[ex->event_count] = (order_item){ts, (uint32_t)key, (uint32_t)ex->event_count};
    ex->event_count++;
    return e;
}

/* An "X" slice [start, end]. */
static lp__tj_event *new_slice(exporter *ex, lp__tj_kind kind, uint32_t track, int64_t start,
                               int64_t end, size_t key, bool unfinished)
{
    lp__tj_event *e = new_event(ex, kind, track, start, key);
    if (e) {
        e->dur = end > start ? end - start : 0;
        e->unfinished = unfinished;
    }
    return e;
}

/* An "i" instant at the current record. */
static lp__tj_event *new_instant(exporter *ex, lp__tj_kind kind, uint32_t track)
{
    return new_event(ex, kind, track, ex->now, ex->index);
}

/* ------------------------------------------------------------------------ */
/* Tables: tasks, jobs, lanes, handles                                      */
/* ------------------------------------------------------------------------ */

static uint64_t task_tid(uint32_t number)
{
    return LP__TJ_TID_TASK_BASE + (uint64_t)number;
}

static task_info *task_find(exporter *ex, uint32_t number)
{
    uint32_t i;
    if (number && number == ex->last_task)
        return &ex->tasks[ex->last_task_at];
    if (number && lp_u32map_get(&ex->task_index, number, &i)) {
        ex->last_task = number;
        ex->last_task_at = i;
        return &ex->tasks[i];
    }
    return NULL;
}

/* The task, added if new; NULL for task 0 or out of memory. The pointer
** lasts until the next task_get. */
static task_info *task_get(exporter *ex, uint32_t number)
{
    task_info *t = task_find(ex, number);
    if (t || !number || ex->status != LP_OK)
        return t;
    int rc = lp_grow(&ex->alloc, (void **)&ex->tasks, &ex->task_cap, ex->task_count + 1,
                     sizeof(task_info));
    if (rc == LP_OK)
        rc = lp_u32map_put(&ex->task_index, number, (uint32_t)ex->task_count);
    if (rc != LP_OK) {
        ex->status = rc;
        return NULL;
    }
    t = &ex->tasks[ex->task_count++];
    memset(t, 0, sizeof *t);
    t->number = number;
    return t;
}

/* Task `number`'s label as it reads now (0: "no task"). */
static lp__tj_label label_of(exporter *ex, uint32_t number)
{
    const task_info *t = number ? task_find(ex, number) : NULL;
    if (!t || !t->named)
        return (lp__tj_label){number, 0, 0};
    return (lp__tj_label){number, t->name_sid, t->coro_sid};
}

static job_info *job_find(exporter *ex, uint32_t serial)
{
    uint32_t i;
    if (serial && lp_u32map_get(&ex->job_index, serial, &i))
        return &ex->jobs[i];
    return NULL;
}

static job_info *job_get(exporter *ex, uint32_t serial)
{
    job_info *j = job_find(ex, serial);
    if (j || !serial || ex->status != LP_OK)
        return j;
    int rc =
        lp_grow(&ex->alloc, (void **)&ex->jobs, &ex->job_cap, ex->job_count + 1, sizeof(job_info));
    if (rc == LP_OK)
        rc = lp_u32map_put(&ex->job_index, serial, (uint32_t)ex->job_count);
    if (rc != LP_OK) {
        ex->status = rc;
        return NULL;
    }
    j = &ex->jobs[ex->job_count++];
    memset(j, 0, sizeof *j);
    j->serial = serial;
    return j;
}

/* Forgets an ended job: the last one takes its place. */
static void job_remove(exporter *ex, job_info *j)
{
    size_t i = (size_t)(j - ex->jobs);
    lp_u32map_remove(&ex->job_index, j->serial);
    if (i != --ex->job_count) {
        ex->jobs[i] = ex->jobs[ex->job_count];
        /* cannot fail: the key is present, so put only replaces its value */
        (void)lp_u32map_put(&ex->job_index, ex->jobs[i].serial, (uint32_t)i);
    }
}

/* The lane_index key of (pool, lane). Lanes past 65534 share one key per
** pool (no real pool has that many). */
static uint32_t lane_key(uint16_t pool, uint64_t lane)
{
    return ((uint32_t)pool << 16 | (lane < 0xFFFE ? (uint32_t)lane : 0xFFFE)) + 1;
}

/* The track index of (pool, lane), added on first use. */
static uint32_t lane_track(exporter *ex, uint16_t pool, uint64_t lane)
{
    uint32_t key = lane_key(pool, lane);
    uint32_t i;
    if (lp_u32map_get(&ex->lane_index, key, &i))
        return i;
    if (ex->status != LP_OK)
        return 0;
    int rc = lp_grow(&ex->alloc, (void **)&ex->lanes, &ex->lane_cap, ex->lane_count + 1,
                     sizeof(lane_info));
    if (rc == LP_OK)
        rc = lp_u32map_put(&ex->lane_index, key, (uint32_t)ex->lane_count);
    if (rc != LP_OK) {
        ex->status = rc;
        return 0;
    }
    ex->lanes[ex->lane_count] = (lane_info){pool, lane < 0xFFFE ? (uint32_t)lane : 0xFFFE};
    return (uint32_t)ex->lane_count++;
}

/* The index of the record that last scheduled handle `serial` (CALL_SOON,
** CALL_AT or TIMER_DUE) goes to *index; false if there is none. */
static bool handle_record(exporter *ex, uint32_t serial, size_t *index)
{
    uint32_t at = 0;
    if (serial && serial == ex->ran_serial)
        at = ex->ran_record;
    else if (serial)
        (void)lp_u32map_get(&ex->handle_at, serial, &at);
    *index = at ? (size_t)at - 1 : 0;
    return at != 0;
}

/* ------------------------------------------------------------------------ */
/* Record families                                                          */
/* ------------------------------------------------------------------------ */

/* Handle `serial` is scheduled (or ready) from the current record on. */
static void handle_scheduled(exporter *ex, uint32_t serial)
{
    if (ex->index < UINT32_MAX && ex->status == LP_OK)
        ex->status = lp_u32map_put(&ex->handle_at, serial, (uint32_t)ex->index + 1);
}

/* CALL_SOON, CALL_AT, TIMER_DUE, RUN, SKIP, CANCEL, PURGE. */
static void on_handle(exporter *ex, const lp_transition *tr)
{
    uint32_t serial = tr->handle;
    size_t set;
    lp_transition made;
    lp__tj_event *fires;
    if (!serial)
        return;
    switch (tr->kind) {
    case LP_TR_HANDLE_QUEUED:
    case LP_TR_TIMER_SET:
        handle_scheduled(ex, serial);
        break;
    case LP_TR_TIMER_DUE:
        fires = new_instant(ex, LP__TJ_TIMER_FIRES, 0);
        if (!fires)
            break;
        fires->u.timer.serial = serial;
        if (handle_record(ex, serial, &set) && lp_interp_read(lp_trace_at(ex->trace, set), &made) &&
            made.kind == LP_TR_TIMER_SET) {
            fires->u.timer.known = true;
            fires->u.timer.deadline = made.when;
            fires->u.timer.late_ns = ex->now - lp__tj_ns(made.when, ex->now);
        }
        handle_scheduled(ex, serial); /* ready from now on */
        break;
    case LP_TR_HANDLE_RUN: /* a task's step may start in it: keep its record at hand */
        ex->ran_serial = serial;
        ex->ran_record = 0;
        (void)lp_u32map_get(&ex->handle_at, serial, &ex->ran_record);
        lp_u32map_remove(&ex->handle_at, serial);
        break;
    default: /* SKIP, CANCEL, PURGE: it will never run */
        lp_u32map_remove(&ex->handle_at, serial);
    }
}

static void loop_block_end(exporter *ex, bool unfinished)
{
    lp__tj_event *e = new_slice(ex, LP__TJ_BLOCKED, 0, ex->block_since, ex->now, ex->block_key,
                                unfinished);
    ex->blocked = false;
    if (!e)
        return;
    e->u.blocked.until = ex->block_until;
    if (ex->block_at.kind == LP_TR_BLOCK_AT) {
        e->u.blocked.known = true;
        e->u.blocked.cpu = ex->block_at.flag;
        e->u.blocked.at = (lp__tj_place){ex->block_at.file_sid, ex->block_at.line};
        e->u.blocked.task = label_of(ex, ex->block_at.task);
    }
}

/* The step that the loop thread runs ends now (with a block inside it). */
static void loop_step_end(exporter *ex, bool unfinished)
{
    if (!ex->step_task)
        return;
    if (ex->blocked && ex->block_since >= ex->step_since)
        loop_block_end(ex, unfinished); /* a block never outlives its step */
    lp__tj_event *e = new_slice(ex, LP__TJ_LOOP_STEP, 0, ex->step_since, ex->now, ex->step_key,
                                unfinished);
    if (e)
        e->u.task = label_of(ex, ex->step_task);
    ex->step_task = 0;
}

/* BLOCK_AT, BLOCK_BEGIN, BLOCK_END, MARK. */
static void on_loop_thread(exporter *ex, const lp_transition *tr)
{
    switch (tr->kind) {
    case LP_TR_BLOCK_AT:
        ex->next_block_at = *tr;
        break;
    case LP_TR_BLOCK_BEGIN:
        if (ex->blocked) { /* the last block never ended */
            loop_block_end(ex, false);
            ex->unexpected++;
        }
        ex->blocked = true;
        ex->block_since = ex->now;
        ex->block_key = ex->index;
        ex->block_until = tr->when;
        ex->block_at = ex->next_block_at;
        memset(&ex->next_block_at, 0, sizeof ex->next_block_at);
        break;
    case LP_TR_BLOCK_END:
        if (ex->blocked)
            loop_block_end(ex, false);
        else
            ex->unexpected++;
        break;
    case LP_TR_MARK: {
        lp__tj_event *e = new_instant(ex, LP__TJ_MARK, 0);
        if (e)
            e->u.sid = tr->sid;
        break;
    }
    default:
        break;
    }
}

/* Writes the slice of the task's current state, from t->since to now. */
static void task_state_slice(exporter *ex, const task_info *t, bool unfinished)
{
    static const uint8_t kinds[] = {[TASK_READY] = LP__TJ_READY, [TASK_RUNNING] = LP__TJ_STEP,
                                    [TASK_WAITING] = LP__TJ_WAITING};
    lp__tj_event *e =
        new_slice(ex, kinds[t->state], t->number, t->since, ex->now, t->since_key, unfinished);
    if (!e)
        return;
    if (t->state == TASK_RUNNING) {
        e->u.step.handle = t->handle;
        e->u.step.stopped_at = (lp__tj_place){t->where_sid, t->where_line};
        if (t->steps == 1 && t->parent) {
            e->u.step.first = true;
            e->u.step.parent = label_of(ex, t->parent);
        }
    } else if (t->state == TASK_WAITING) {
        e->u.waiting.known = t->has_wait;
        e->u.waiting.on_sid = t->wait_sid;
        e->u.waiting.kind = t->wait_kind;
        e->u.waiting.at = (lp__tj_place){t->where_sid, t->where_line};
    }
}

/* Ends the task's current state now (zero-length ready and waiting states
** leave no slice) and starts `next`. */
static void task_enter(exporter *ex, task_info *t, task_state next, bool unfinished)
{
    bool running = t->state == TASK_RUNNING;
    if (running || ((t->state == TASK_READY || t->state == TASK_WAITING) && ex->now > t->since))
        task_state_slice(ex, t, unfinished);
    if (running && ex->step_task == t->number)
        loop_step_end(ex, unfinished);
    t->state = (uint8_t)next;
    t->since = ex->now;
    t->since_key = ex->index;
    if (next == TASK_WAITING)
        t->has_wait = false;
}

static void task_step(exporter *ex, task_info *t, uint32_t handle)
{
    /* A waiting task was waiting until its step's handle became ready. */
    size_t ready;
    if (t->state == TASK_WAITING && handle_record(ex, handle, &ready)) {
        int64_t at = lp__tj_ns(lp_trace_at(ex->trace, ready)->time, t->since);
        if (at > t->since && at <= ex->now) {
            int64_t now = ex->now;
            size_t index = ex->index;
            ex->now = at;
            ex->index = ready > t->since_key ? ready : t->since_key;
            task_enter(ex, t, TASK_READY, false);
            ex->now = now;
            ex->index = index;
        }
    }
    task_enter(ex, t, TASK_RUNNING, false);
    t->handle = handle;
    t->where_sid = t->where_line = 0;
    t->steps++;
    if (ex->step_task) /* another step never ended */
        loop_step_end(ex, false);
    ex->step_task = t->number;
    ex->step_since = ex->now;
    ex->step_key = ex->index;
}

/* An instant on task `number`'s track (0: the loop's). */
static lp__tj_event *task_instant(exporter *ex, lp__tj_kind kind, uint32_t number)
{
    return new_instant(ex, kind, number);
}

/* TASK_NEW, TASK_PARENT, TASK_STEP, TASK_SUSPEND, TASK_WAIT, TASK_DONE,
** TASK_CANCEL, TIMEOUT. */
static void on_task(exporter *ex, const lp_transition *tr)
{
    task_info *t = task_get(ex, tr->task);
    lp__tj_event *e;
    if (!t) {
        ex->unexpected += ex->status == LP_OK;
        return;
    }
    switch (tr->kind) {
    case LP_TR_TASK_MADE:
        if (!t->named) {
            t->named = true;
            t->name_sid = tr->sid;
            t->coro_sid = tr->coro_sid;
            t->loop = tr->loop;
        }
        if (t->state == TASK_UNSEEN)
            task_enter(ex, t, TASK_READY, false);
        break;
    case LP_TR_TASK_PARENT:
        t->parent = tr->other;
        break;
    case LP_TR_TASK_RENAMED: /* the track shows the last name */
        if (t->named)
            t->name_sid = tr->sid;
        break;
    case LP_TR_TASK_STEPPED:
        /* The step runs inside the handle RUN last; its serial is surer than
        ** the record's argument. */
        task_step(ex, t, ex->ran_serial ? ex->ran_serial : tr->handle);
        break;
    case LP_TR_TASK_AT:
        t->where_sid = tr->file_sid;
        t->where_line = tr->line;
        if (t->state != TASK_WAITING)
            task_enter(ex, t, TASK_WAITING, false);
        break;
    case LP_TR_TASK_WAITS:
        /* a second TASK_WAIT while waiting starts a new "waiting" slice */
        if (t->state != TASK_WAITING || (t->has_wait && ex->now > t->since))
            task_enter(ex, t, TASK_WAITING, false);
        t->has_wait = true;
        t->wait_sid = tr->sid;
        t->wait_kind = tr->wait;
        break;
    case LP_TR_TASK_DONE:
        task_enter(ex, t, TASK_OVER, false);
        if ((e = task_instant(ex, LP__TJ_DONE, t->number)))
            e->small = tr->outcome;
        break;
    case LP_TR_TASK_CANCEL:
        if ((e = task_instant(ex, LP__TJ_CANCEL, t->number)))
            e->u.task = label_of(ex, tr->other);
        break;
    default: /* TIMEOUT */
        (void)task_instant(ex, LP__TJ_TIMEOUT, t->number);
    }
}

/* OUTPUT: a line on the task's track, or the loop's. */
static void on_output(exporter *ex, const lp_transition *tr)
{
    if (tr->task)
        (void)task_get(ex, tr->task); /* gives the task a track */
    lp__tj_event *e = task_instant(ex, LP__TJ_OUTPUT, tr->task);
    if (e) {
        e->u.sid = tr->sid;
        e->small = tr->stream;
    }
}

static void job_wait_end(exporter *ex, job_info *j, bool unfinished)
{
    if (j->wait == JOB_RUNS)
        return;
    lp__tj_event *e = new_slice(ex, LP__TJ_JOB_WAIT, j->track, j->wait_since, ex->now,
                                j->wait_key, unfinished);
    if (e) {
        e->u.job_wait.what = j->cpu_work > 0 ? LP__TJ_COMPUTING
                             : j->wait_sid   ? LP__TJ_WAITING_IN
                             : j->wait == JOB_SLEEPS ? LP__TJ_SLEEPING
                                                     : LP__TJ_PARKED;
        e->u.job_wait.work = j->cpu_work;
        e->u.job_wait.call_sid = j->wait_sid;
        e->u.job_wait.sleeps = j->wait == JOB_SLEEPS;
        e->u.job_wait.until = j->until;
    }
    j->cpu_work = 0;
    j->wait_sid = 0;
    j->wait = JOB_RUNS;
}

static void job_end(exporter *ex, job_info *j, bool unfinished)
{
    job_wait_end(ex, j, unfinished);
    lp__tj_event *e =
        new_slice(ex, LP__TJ_JOB, j->track, j->started_at, ex->now, j->start_key, unfinished);
    if (e) {
        e->u.job.name_sid = j->name_sid;
        e->u.job.serial = j->serial;
        e->u.job.pool = j->pool;
        e->u.job.lane = j->lane;
        e->u.job.submitted = j->submitted;
        e->u.job.submitted_ns = j->submitted_at;
    }
    j->started = false;
}

static void job_start(exporter *ex, job_info *j, uint16_t pool, uint64_t lane)
{
    if (j->started) /* started twice: the first run ends here */
        job_end(ex, j, false);
    j->started = true;
    j->pool = pool;
    j->lane = lane <= UINT32_MAX ? (uint32_t)lane : UINT32_MAX;
    j->started_at = ex->now;
    j->start_key = ex->index;
    j->wait = JOB_RUNS;
    j->track = lane_track(ex, pool, lane);
}

/* THREAD_NEW, THREAD_WAIT, CPU_WORK: what a job's thread is and does (the
** loop thread, subject 0, has no job track). */
static void on_thread(exporter *ex, const lp_transition *tr)
{
    job_info *j = tr->thread ? job_find(ex, tr->thread) : NULL;
    if (!j)
        return;
    if (tr->kind == LP_TR_THREAD_NAMED)
        j->name_sid = tr->sid;
    else if (tr->kind == LP_TR_THREAD_WAITS)
        j->wait_sid = tr->sid;
    else
        j->cpu_work = tr->when;
}

/* JOB_SUBMIT, JOB_START, JOB_WAKE, JOB_SLEEP, JOB_PARK, JOB_END. */
static void on_job(exporter *ex, const lp_transition *tr)
{
    job_info *j = job_get(ex, tr->job);
    if (!j) {
        ex->unexpected += ex->status == LP_OK;
        return;
    }
    switch (tr->kind) {
    case LP_TR_JOB_SUBMITTED:
        j->submitted = true;
        j->submitted_at = ex->now;
        j->pool = tr->pool;
        break;
    case LP_TR_JOB_STARTED:
        job_start(ex, j, tr->pool, tr->count);
        break;
    case LP_TR_JOB_RUNS:
        if (!j->started) /* the trace began after its JOB_START */
            job_start(ex, j, tr->pool, tr->count);
        job_wait_end(ex, j, false);
        break;
    case LP_TR_JOB_SLEEPS:
    case LP_TR_JOB_PARKED:
        if (!j->started) {
            ex->unexpected++;
        } else if (j->wait == JOB_RUNS) {
            j->wait = tr->kind == LP_TR_JOB_SLEEPS ? JOB_SLEEPS : JOB_PARKED;
            j->wait_since = ex->now;
            j->wait_key = ex->index;
            j->until = tr->when;
        } else if (tr->kind == LP_TR_JOB_SLEEPS && j->wait == JOB_SLEEPS) {
            j->until = tr->when; /* a wake-up moved */
        } /* a parked job woken by another thread keeps "waiting" until it runs */
        break;
    default: /* JOB_END */
        if (j->started)
            job_end(ex, j, false);
        else
            ex->unexpected++;
        job_remove(ex, j);
    }
}

/* ------------------------------------------------------------------------ */
/* The end: open slices, track names, sorting, writing                      */
/* ------------------------------------------------------------------------ */

/* Closes what is still open at the last time of the trace. */
static void close_open_slices(exporter *ex)
{
    ex->now = ex->end;
    ex->index = lp_trace_count(ex->trace);
    for (size_t i = 0; i < ex->task_count; i++) {
        task_info *t = &ex->tasks[i];
        if (t->state != TASK_UNSEEN && t->state != TASK_OVER)
            task_enter(ex, t, TASK_OVER, true);
    }
    loop_step_end(ex, true);
    if (ex->blocked)
        loop_block_end(ex, true);
    for (size_t i = 0; i < ex->job_count; i++) {
        if (ex->jobs[i].started)
            job_end(ex, &ex->jobs[i], true);
    }
}

static int lane_cmp(const void *a, const void *b)
{
    const lane_info *x = a, *y = b;
    if (x->pool != y->pool)
        return x->pool < y->pool ? -1 : 1;
    return (x->lane > y->lane) - (x->lane < y->lane);
}

/* The output order: (ts, key), then the order made (the sort is stable). */
static inline bool item_before(const order_item *x, const order_item *y)
{
    return x->ts != y->ts ? x->ts < y->ts : x->key < y->key;
}

/* Sorts items[0..n), stably, with tmp[0..n) as room: insertion-sorted runs
** of 16, then merged bottom-up. Most events are made near their time, so a
** merge whose halves are already in order is skipped. */
static void sort_items(order_item *items, order_item *tmp, size_t n)
{
    enum { RUN = 16 };
    for (size_t lo = 0; lo < n; lo += RUN) {
        size_t hi = lo + RUN < n ? lo + RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            order_item v = items[i];
            size_t j = i;
            for (; j > lo && item_before(&v, &items[j - 1]); j--)
                items[j] = items[j - 1];
            items[j] = v;
        }
    }
    for (size_t width = RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t mid = lo + width, hi = mid + width < n ? mid + width : n;
            if (!item_before(&items[mid], &items[mid - 1]))
                continue; /* already in order */
            memcpy(tmp, items + lo, (mid - lo) * sizeof *items);
            size_t a = 0, b = mid, k = lo;
            while (a < mid - lo && b < hi)
                items[k++] = item_before(&items[b], &tmp[a]) ? items[b++] : tmp[a++];
            while (a < mid - lo)
                items[k++] = tmp[a++];
        }
    }
}

/* Everything writing needs, taken before the first byte is written (so that
** running out of memory writes nothing): the events in order, the lanes in
** order, every string escaped, and an output block with room for the
** biggest event. */
static int prepare_output(exporter *ex, lp_jbuf *block)
{
    size_t n = ex->event_count, cap = 0, longest = 0;
    order_item *tmp = NULL; /* the left half of a merge: never more than n - 1 */
    int rc = lp_grow(&ex->alloc, (void **)&tmp, &cap, n ? n : 1, sizeof *tmp);
    if (rc != LP_OK)
        return rc;
    sort_items(ex->order, tmp, n);
    lp_free(&ex->alloc, tmp);
    cap = 0;
    rc = lp_grow(&ex->alloc, (void **)&ex->lane_order, &cap, ex->lane_count ? ex->lane_count : 1,
                 sizeof(lane_info));
    if (rc != LP_OK)
        return rc;
    if (ex->lane_count)
        memcpy(ex->lane_order, ex->lanes, ex->lane_count * sizeof(lane_info));
    qsort(ex->lane_order, ex->lane_count, sizeof(lane_info), lane_cmp);
    rc = lp__tj_renderer_prepare(&ex->render, &longest);
    if (rc != LP_OK)
        return rc;
    if (longest > (SIZE_MAX - OUT_BLOCK - LP__TJ_EVENT_SLACK) / LP__TJ_EVENT_STRINGS)
        return LP_E_NOMEM;
    if (!lp_jbuf_room(block, OUT_BLOCK + LP__TJ_EVENT_STRINGS * longest + LP__TJ_EVENT_SLACK))
        return LP_E_NOMEM;
    return LP_OK;
}

/* The output: the JSON in blocks of about OUT_BLOCK bytes, one fwrite each. */
typedef struct output {
    FILE *file;
    lp_jbuf block;
    size_t events; /* events begun */
} output;

/* Starts an event: events are separated by ",\n". */
static void out_begin(output *o)
{
    if (o->events++)
        lp_jbuf_lit(&o->block, ",\n");
}

/* Writes the block out once it is full, or at the end (`last`). */
static void out_end(output *o, bool last)
{
    if (o->block.len >= OUT_BLOCK || (last && o->block.len)) {
        (void)fwrite(o->block.bytes, 1, o->block.len, o->file); /* ferror tells at the end */
        o->block.len = 0;
    }
}

/* A metadata event up to its args' first value: "M" events come first. */
static void meta_begin(output *o, uint32_t pid, uint64_t tid, const char *what, const char *arg)
{
    out_begin(o);
    lp_jbuf_lit(&o->block, "{\"ph\":\"M\",\"pid\":");
    lp_jbuf_u64(&o->block, pid);
    lp_jbuf_lit(&o->block, ",\"tid\":");
    lp_jbuf_u64(&o->block, tid);
    lp_jbuf_lit(&o->block, ",\"ts\":0.000,\"name\":\"");
    lp_jbuf_bytes(&o->block, what, strlen(what));
    lp_jbuf_lit(&o->block, "\",\"args\":{\"");
    lp_jbuf_bytes(&o->block, arg, strlen(arg));
    lp_jbuf_lit(&o->block, "\":");
}

static void meta_end(output *o)
{
    lp_jbuf_lit(&o->block, "}}");
    out_end(o, false);
}

/* A process or thread name, then its sort index: the name is `label`'s
** (a task's; NULL: none) followed by `name`. */
static void meta_track(exporter *ex, output *o, uint32_t pid, uint64_t tid, bool thread,
                       const lp__tj_label *label, const char *name, uint64_t index)
{
    meta_begin(o, pid, tid, thread ? "thread_name" : "process_name", "name");
    lp_jbuf_lit(&o->block, "\"");
    if (label)
        lp__tj_put_label(&ex->render, &o->block, label);
    lp_jbuf_bytes(&o->block, name, strlen(name));
    lp_jbuf_lit(&o->block, "\"");
    meta_end(o);
    meta_begin(o, pid, tid, thread ? "thread_sort_index" : "process_sort_index", "sort_index");
    lp_jbuf_u64(&o->block, index);
    meta_end(o);
}

/* Process and thread names and their order: loop, tasks by number, lanes by
** (pool, lane). */
static void write_track_names(exporter *ex, output *o)
{
    meta_track(ex, o, LP__TJ_PID_LOOP, TID_LOOP, false, NULL, "event loop", 1);
    meta_track(ex, o, LP__TJ_PID_LOOP, TID_LOOP, true, NULL, "loop", 0);
    for (size_t i = 0; i < ex->task_count; i++) {
        uint32_t number = ex->tasks[i].number;
        lp__tj_label label = label_of(ex, number);
        char loop[32] = ""; /* when there are several, whose loop */
        if (ex->loop_count > 1)
            snprintf(loop, sizeof loop, " [loop %u]", (unsigned)ex->tasks[i].loop);
        meta_track(ex, o, LP__TJ_PID_LOOP, task_tid(number), true, &label, loop, number);
    }
    if (!ex->lane_count)
        return;
    meta_track(ex, o, LP__TJ_PID_THREADS, 0, false, NULL, "threads", 2);
    for (size_t rank = 0; rank < ex->lane_count; rank++) {
        const lane_info *lane = &ex->lane_order[rank];
        uint32_t i = 0;
        (void)lp_u32map_get(&ex->lane_index, lane_key(lane->pool, lane->lane), &i);
        char name[48];
        snprintf(name, sizeof name, "pool %u lane %u", (unsigned)lane->pool, (unsigned)lane->lane);
        meta_track(ex, o, LP__TJ_PID_THREADS, 1 + (uint64_t)i, true, NULL, name, rank);
    }
}

static int write_out(exporter *ex, FILE *file)
{
    output o = {file, {0}, 0};
    lp_jbuf_init(&o.block, ex->alloc);
    int rc = prepare_output(ex, &o.block);
    if (rc != LP_OK) {
        lp_jbuf_free(&o.block);
        return rc;
    }
    lp_jbuf_lit(&o.block, "{\"traceEvents\":[\n");
    write_track_names(ex, &o);
    for (size_t i = 0; i < ex->event_count; i++) {
        out_begin(&o);
        lp__tj_render(&ex->render, &o.block, &ex->events[ex->order[i].event]);
        out_end(&o, false);
    }
    if (o.events)
        lp_jbuf_lit(&o.block, "\n");
    lp_jbuf_lit(&o.block, "],\n\"displayTimeUnit\":\"ms\",\n"
                          "\"otherData\":{\"generator\":\"looplab\","
                          "\"clock\":\"virtual: ts = seconds * 1e6\",\"records\":");
    lp_jbuf_u64(&o.block, lp_trace_count(ex->trace));
    lp_jbuf_lit(&o.block, ",\"unexpected_records\":");
    lp_jbuf_u64(&o.block, ex->unexpected);
    lp_jbuf_lit(&o.block, ",\"end_s\":");
    lp_jbuf_fixed(&o.block, ex->end, 9);
    lp_jbuf_lit(&o.block, "}}\n");
    out_end(&o, true);
    rc = o.block.status;
    lp_jbuf_free(&o.block);
    if (rc != LP_OK)
        return rc;
    if (fflush(file) != 0 || ferror(file))
        return LP_E_INVAL;
    return LP_OK;
}

static void exporter_free(exporter *ex)
{
    lp_free(&ex->alloc, ex->events);
    lp_free(&ex->alloc, ex->order);
    lp__tj_renderer_free(&ex->render);
    lp_free(&ex->alloc, ex->tasks);
    lp_free(&ex->alloc, ex->jobs);
    lp_free(&ex->alloc, ex->lanes);
    lp_free(&ex->alloc, ex->lane_order);
    lp_u32map_free(&ex->task_index);
    lp_u32map_free(&ex->job_index);
    lp_u32map_free(&ex->lane_index);
    lp_u32map_free(&ex->handle_at);
}

/* ITER, POLL: too many to draw; no handle runs until the next RUN. */
static void on_iteration(exporter *ex, const lp_transition *tr)
{
    (void)tr;
    ex->ran_serial = 0;
    ex->ran_record = 0;
}

/* Records with nothing to draw: CLOCK and REBUILD (the other records show
** what they change) and POOL_NEW (a lane gets a track when it runs a job). */
static void on_skipped(exporter *ex, const lp_transition *tr)
{
    (void)ex;
    (void)tr;
}

/* LOOP_RUN: which thread runs a loop, from its first iteration there. */
static void on_loop_run(exporter *ex, const lp_transition *tr)
{
    uint64_t *word = &ex->loops_seen[tr->loop / 64], bit = (uint64_t)1 << (tr->loop % 64);
    ex->loop_count += !(*word & bit);
    *word |= bit;
    lp__tj_event *e = new_instant(ex, LP__TJ_LOOP_RUN, 0);
    if (e) {
        e->u.loop_run.loop = tr->loop;
        e->u.loop_run.thread = tr->thread;
    }
}

typedef void (*family_fn)(exporter *ex, const lp_transition *tr);

/* Which function reads each transition; one missing here counts as unexpected. */
static const family_fn families[LP_TR__COUNT] = {
    [LP_TR_HANDLE_QUEUED] = on_handle,
    [LP_TR_TIMER_SET] = on_handle,
    [LP_TR_HANDLE_CANCELLED] = on_handle,
    [LP_TR_TIMER_DUE] = on_handle,
    [LP_TR_HANDLE_RUN] = on_handle,
    [LP_TR_HANDLE_SKIPPED] = on_handle,
    [LP_TR_TIMER_PURGED] = on_handle,
    [LP_TR_ITERATION] = on_iteration,
    [LP_TR_POLL] = on_iteration,
    [LP_TR_CLOCK] = on_skipped,
    [LP_TR_TIMERS_REBUILT] = on_skipped,
    [LP_TR_POOL_MADE] = on_skipped,
    [LP_TR_JOB_SUBMITTED] = on_job,
    [LP_TR_JOB_STARTED] = on_job,
    [LP_TR_JOB_RUNS] = on_job,
    [LP_TR_JOB_SLEEPS] = on_job,
    [LP_TR_JOB_PARKED] = on_job,
    [LP_TR_JOB_ENDED] = on_job,
    [LP_TR_THREAD_NAMED] = on_thread,
    [LP_TR_THREAD_WAITS] = on_thread,
    [LP_TR_CPU_WORK] = on_thread,
    [LP_TR_BLOCK_BEGIN] = on_loop_thread,
    [LP_TR_BLOCK_END] = on_loop_thread,
    [LP_TR_BLOCK_AT] = on_loop_thread,
    [LP_TR_MARK] = on_loop_thread,
    [LP_TR_TASK_MADE] = on_task,
    [LP_TR_TASK_PARENT] = on_task,
    [LP_TR_TASK_STEPPED] = on_task,
    [LP_TR_TASK_AT] = on_task,
    [LP_TR_TASK_WAITS] = on_task,
    [LP_TR_TASK_DONE] = on_task,
    [LP_TR_TASK_CANCEL] = on_task,
    [LP_TR_TASK_TIMEOUT] = on_task,
    [LP_TR_TASK_RENAMED] = on_task,
    [LP_TR_OUTPUT] = on_output,
    [LP_TR_LOOP_RUNS] = on_loop_run,
};

int lp_trace_json_write(const lp_trace *trace, FILE *out)
{
    return lp_trace_json_write_with(trace, lp_allocator_or_default(&trace->alloc), out);
}

int lp_trace_json_write_with(const lp_trace *trace, lp_allocator scratch, FILE *out)
{
    exporter ex;
    memset(&ex, 0, sizeof ex);
    ex.trace = trace;
    ex.alloc = lp_allocator_or_default(&scratch);
    lp__tj_renderer_init(&ex.render, &trace->strings, ex.alloc);
    lp_u32map_init(&ex.task_index, ex.alloc);
    lp_u32map_init(&ex.job_index, ex.alloc);
    lp_u32map_init(&ex.lane_index, ex.alloc);
    lp_u32map_init(&ex.handle_at, ex.alloc);

    size_t count = lp_trace_count(trace);
    if (count >= UINT32_MAX) /* more than order_item counts (96 GB of records) */
        ex.status = LP_E_NOMEM;
    double time = NAN; /* the last record's, whose ns are ex.now */
    for (size_t i = 0; i < count && ex.status == LP_OK; i++) {
        lp_transition tr[LP_INTERP_MAX];
        unsigned n = lp_interp_read_all(lp_trace_at(trace, i), tr);
        ex.index = i;
        if (tr[0].time != time) /* records come in runs at one time */
            ex.now = lp__tj_ns(tr[0].time, ex.now);
        time = tr[0].time;
        if (i == 0 || ex.now > ex.end)
            ex.end = ex.now;
        if (n == 0)
            ex.unexpected++;
        for (unsigned k = 0; k < n && ex.status == LP_OK; k++) {
            family_fn fn = families[tr[k].kind];
            if (fn)
                fn(&ex, &tr[k]);
            else
                ex.unexpected++;
        }
    }
    if (ex.status == LP_OK)
        close_open_slices(&ex);
    int rc = ex.status;
    if (rc == LP_OK)
        rc = write_out(&ex, out);
    int saved = errno; /* freeing must not hide why a write failed */
    exporter_free(&ex);
    errno = saved;
    return rc;
}

int lp_trace_json_write_path(const lp_trace *trace, lp_allocator scratch, const char *path)
{
    FILE *out = fopen(path, "w");
    if (!out)
        return LP_E_INVAL;
    int rc = lp_trace_json_write_with(trace, scratch, out);
    int saved = errno;
    if (fclose(out) != 0 && rc == LP_OK)
        return LP_E_INVAL;
    errno = saved;
    return rc;
}
