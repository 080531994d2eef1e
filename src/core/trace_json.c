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
** Every event is rendered into one text buffer as it is decided (a slice when
** it ends), then the events are sorted by (time, record that opened them,
** order made) and written: a parent slice always comes before the slices
** nested in it, and slices that follow one another on a track keep their
** order, whatever a reader does with equal timestamps.
*/
#include "core/trace_json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "core/json_buf.h"
#include "core/status.h"
#include "core/u32map.h"

enum { PID_LOOP = 1, PID_THREADS = 2, TID_LOOP = 0, TID_TASK_BASE = 1000 };
#define OUTPUT_NAME_MAX 60 /* bytes of an output line shown in its instant's name */

/* One JSON event, its text in exporter.text. */
typedef struct out_event {
    int64_t ts;    /* nanoseconds; INT64_MIN for "M" events, which come first */
    size_t key;    /* index of the record that opened it */
    size_t offset; /* text[offset .. offset+length) */
    size_t length;
} out_event;

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

/* Where string sid's escaped text is in exporter.escaped. */
typedef struct escaped_span {
    uint32_t offset, length;
    uint32_t raw_length; /* the string's own length */
    bool known;          /* escaped already */
} escaped_span;

typedef struct exporter {
    const lp_trace *trace; /* borrowed */
    lp_allocator alloc;
    int status; /* first error, sticky */
    /* output */
    lp_jbuf text; /* every event's JSON, back to back */
    out_event *events; /* owned */
    size_t event_count, event_cap;
    unsigned arg_count; /* args written in the event being written */
    char *escaped;      /* strings escaped so far, back to back; owned */
    size_t escaped_len, escaped_cap;
    escaped_span *escaped_at; /* by sid; owned */
    size_t escaped_at_cap;
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

/* ------------------------------------------------------------------------ */
/* Text                                                                      */
/* ------------------------------------------------------------------------ */

/* Every byte of the export goes through here, into ex->text (json_buf.h).
** Inline, so that a literal's length is counted where it is put. (After an
** error bytes may be dropped; nothing is written out then.) */
static inline void put_bytes(exporter *ex, const char *s, size_t n)
{
    lp_jbuf_bytes(&ex->text, s, n);
}

/* A literal, or a constant name, that needs no escaping. */
static inline void put(exporter *ex, const char *s)
{
    put_bytes(ex, s, strlen(s));
}

static inline void put_u64(exporter *ex, uint64_t v)
{
    lp_jbuf_u64(&ex->text, v);
}

/* v / 10^decimals, exactly: 1500, 3 gives "1.500". */
static inline void put_fixed(exporter *ex, int64_t v, int decimals)
{
    lp_jbuf_fixed(&ex->text, v, decimals);
}

/* Virtual seconds to whole nanoseconds; non-finite times give `fallback`. */
static int64_t to_ns(double seconds, int64_t fallback)
{
    if (!isfinite(seconds))
        return fallback;
    double ns = seconds * 1e9;
    if (ns > 9.0e18)
        return INT64_C(9000000000000000000);
    if (ns < -9.0e18)
        return -INT64_C(9000000000000000000);
    return (int64_t)llround(ns);
}

/* Seconds as a JSON number with nanosecond digits, or null. */
static void put_seconds(exporter *ex, double seconds)
{
    if (isfinite(seconds))
        put_fixed(ex, to_ns(seconds, 0), 9);
    else
        put(ex, "null");
}

/* Keeps text[start .. text.len), string `sid` escaped, for its next use.
** Strings past what 32-bit offsets reach are escaped every time. */
static void escaped_keep(exporter *ex, uint32_t sid, size_t start, size_t raw_length)
{
    size_t n = ex->text.len - start;
    if (ex->status != LP_OK || n >= UINT32_MAX || ex->escaped_len + n >= UINT32_MAX)
        return;
    int rc = lp_grow_zeroed(&ex->alloc, (void **)&ex->escaped_at, &ex->escaped_at_cap,
                            (size_t)sid + 1, sizeof *ex->escaped_at);
    if (rc == LP_OK)
        rc = lp_grow(&ex->alloc, (void **)&ex->escaped, &ex->escaped_cap, ex->escaped_len + n, 1);
    if (rc != LP_OK) {
        ex->status = rc;
        return;
    }
    memcpy(ex->escaped + ex->escaped_len, ex->text.bytes + start, n);
    ex->escaped_at[sid] = (escaped_span){(uint32_t)ex->escaped_len, (uint32_t)n,
                                         (uint32_t)raw_length, true};
    ex->escaped_len += n;
}

/* An interned string (escaped, without quotes); at most `max` bytes, cut at
** a character boundary and followed by "..." when longer (max 0: all). A
** whole string is escaped once and copied from then on. */
static void put_sid(exporter *ex, uint32_t sid, size_t max)
{
    if (sid < ex->escaped_at_cap && ex->escaped_at[sid].known) {
        const escaped_span *e = &ex->escaped_at[sid];
        if (!max || e->raw_length <= max) {
            put_bytes(ex, ex->escaped + e->offset, e->length);
            return;
        }
    }
    size_t len = 0;
    const char *s = lp_strtab_get(&ex->trace->strings, sid, &len);
    if (!s) {
        put(ex, "?");
        return;
    }
    bool cut = max && len > max;
    if (cut) {
        len = max;
        while (len > 0 && ((unsigned char)s[len] & 0xC0) == 0x80)
            len--; /* do not split a character */
    }
    size_t start = ex->text.len;
    lp_jbuf_escaped(&ex->text, s, len);
    if (cut)
        put(ex, "...");
    else
        escaped_keep(ex, sid, start, len);
}

static bool sid_is_empty(const exporter *ex, uint32_t sid)
{
    size_t len = 0;
    const char *s = lp_strtab_get(&ex->trace->strings, sid, &len);
    return !s || len == 0;
}

/* ------------------------------------------------------------------------ */
/* Events: ev_begin, then name and args, then ev_end                        */
/* ------------------------------------------------------------------------ */

static void ev_begin(exporter *ex, const char *ph, uint32_t pid, uint64_t tid, int64_t ts,
                     size_t key)
{
    if (ex->status == LP_OK && ex->event_count == ex->event_cap) {
        ex->status = lp_grow(&ex->alloc, (void **)&ex->events, &ex->event_cap, ex->event_count + 1,
                             sizeof(out_event));
    }
    if (ex->status != LP_OK)
        return;
    out_event *e = &ex->events[ex->event_count];
    e->ts = ph[0] == 'M' ? INT64_MIN : ts; /* to_ns never gives INT64_MIN */
    e->key = key;
    e->offset = ex->text.len;
    ex->arg_count = 0;
    put(ex, "{\"ph\":\"");
    put(ex, ph);
    put(ex, "\",\"pid\":");
    put_u64(ex, pid);
    put(ex, ",\"tid\":");
    put_u64(ex, tid);
    put(ex, ",\"ts\":");
    put_fixed(ex, ts, 3);
}

static void ev_end(exporter *ex)
{
    if (ex->arg_count)
        put(ex, "}");
    put(ex, "}");
    if (ex->status == LP_OK)
        ex->status = ex->text.status; /* the text could not grow */
    if (ex->status != LP_OK)
        return;
    out_event *e = &ex->events[ex->event_count++];
    e->length = ex->text.len - e->offset;
}

/* An "X" slice [start, end]; its name follows. */
static void slice_begin(exporter *ex, uint32_t pid, uint64_t tid, int64_t start, int64_t end,
                        size_t key)
{
    ev_begin(ex, "X", pid, tid, start, key);
    put(ex, ",\"dur\":");
    put_fixed(ex, end > start ? end - start : 0, 3);
}

/* An "i" instant at the current record, scope 't' (thread) or 'g' (global). */
static void instant_begin(exporter *ex, uint32_t pid, uint64_t tid, const char *scope)
{
    ev_begin(ex, "i", pid, tid, ex->now, ex->index);
    put(ex, ",\"s\":\"");
    put(ex, scope);
    put(ex, "\"");
}

static void name_begin(exporter *ex)
{
    put(ex, ",\"name\":\"");
}
static void name_end(exporter *ex)
{
    put(ex, "\"");
}

static void name_is(exporter *ex, const char *literal)
{
    name_begin(ex);
    put(ex, literal);
    name_end(ex);
}

/* "key": ; the value follows. */
static void arg_key(exporter *ex, const char *key)
{
    put(ex, ex->arg_count++ ? ",\"" : ",\"args\":{\"");
    put(ex, key);
    put(ex, "\":");
}

static void arg_true(exporter *ex, const char *key)
{
    arg_key(ex, key);
    put(ex, "true");
}

static void arg_u64(exporter *ex, const char *key, uint64_t v)
{
    arg_key(ex, key);
    put_u64(ex, v);
}

static void arg_seconds(exporter *ex, const char *key, double seconds)
{
    arg_key(ex, key);
    put_seconds(ex, seconds);
}

static void arg_ns(exporter *ex, const char *key, int64_t ns)
{
    arg_key(ex, key);
    put_fixed(ex, ns, 9);
}

static void arg_literal(exporter *ex, const char *key, const char *value)
{
    arg_key(ex, key);
    put(ex, "\"");
    put(ex, value);
    put(ex, "\"");
}

static void arg_sid(exporter *ex, const char *key, uint32_t sid)
{
    arg_key(ex, key);
    put(ex, "\"");
    put_sid(ex, sid, 0);
    put(ex, "\"");
}

/* "file:line" of a place (TASK_SUSPEND, BLOCK_AT); nothing when unknown. */
static void arg_where(exporter *ex, const char *key, uint32_t file_sid, uint32_t line)
{
    if (!file_sid && !line)
        return;
    arg_key(ex, key);
    put(ex, "\"");
    put_sid(ex, file_sid, 0);
    put(ex, ":");
    put_u64(ex, line);
    put(ex, "\"");
}

/* ------------------------------------------------------------------------ */
/* Tables: tasks, jobs, lanes, handles                                      */
/* ------------------------------------------------------------------------ */

static uint64_t task_tid(uint32_t number)
{
    return TID_TASK_BASE + (uint64_t)number;
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

/* "Task-1 main()", or "task 1" before its TASK_NEW (escaped, no quotes). */
static void put_task_label(exporter *ex, uint32_t number)
{
    const task_info *t = task_find(ex, number);
    if (!t || !t->named || sid_is_empty(ex, t->name_sid)) {
        put(ex, "task ");
        put_u64(ex, number);
        return;
    }
    put_sid(ex, t->name_sid, 0);
    if (!sid_is_empty(ex, t->coro_sid)) {
        put(ex, " ");
        put_sid(ex, t->coro_sid, 0);
    }
}

static void arg_task(exporter *ex, const char *key, uint32_t number)
{
    arg_key(ex, key);
    put(ex, "\"");
    if (number)
        put_task_label(ex, number);
    else
        put(ex, "no task");
    put(ex, "\"");
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
    if (!serial)
        return;
    switch (tr->kind) {
    case LP_TR_HANDLE_QUEUED:
    case LP_TR_TIMER_SET:
        handle_scheduled(ex, serial);
        break;
    case LP_TR_TIMER_DUE:
        instant_begin(ex, PID_LOOP, TID_LOOP, "t");
        name_is(ex, "timer fires");
        arg_u64(ex, "timer", serial);
        if (handle_record(ex, serial, &set) && lp_interp_read(lp_trace_at(ex->trace, set), &made) &&
            made.kind == LP_TR_TIMER_SET) {
            arg_seconds(ex, "deadline_s", made.when);
            arg_ns(ex, "late_s", ex->now - to_ns(made.when, ex->now));
        }
        ev_end(ex);
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
    slice_begin(ex, PID_LOOP, TID_LOOP, ex->block_since, ex->now, ex->block_key);
    name_is(ex, "blocked");
    arg_seconds(ex, "until_s", ex->block_until);
    if (ex->block_at.kind == LP_TR_BLOCK_AT) {
        arg_literal(ex, "cause", ex->block_at.flag ? "cpu work" : "blocking call");
        arg_where(ex, "at", ex->block_at.file_sid, ex->block_at.line);
        arg_task(ex, "task", ex->block_at.task);
    }
    if (unfinished)
        arg_true(ex, "unfinished");
    ev_end(ex);
    ex->blocked = false;
}

/* The step that the loop thread runs ends now (with a block inside it). */
static void loop_step_end(exporter *ex, bool unfinished)
{
    if (!ex->step_task)
        return;
    if (ex->blocked && ex->block_since >= ex->step_since)
        loop_block_end(ex, unfinished); /* a block never outlives its step */
    slice_begin(ex, PID_LOOP, TID_LOOP, ex->step_since, ex->now, ex->step_key);
    name_begin(ex);
    put_task_label(ex, ex->step_task);
    name_end(ex);
    arg_u64(ex, "task", ex->step_task);
    if (unfinished)
        arg_true(ex, "unfinished");
    ev_end(ex);
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
    case LP_TR_MARK:
        instant_begin(ex, PID_LOOP, TID_LOOP, "g");
        name_begin(ex);
        put_sid(ex, tr->sid, 0);
        name_end(ex);
        ev_end(ex);
        break;
    default:
        break;
    }
}

static const char *wait_kind_name(unsigned kind)
{
    static const char *const names[] = {"future", "sleep",     "task",  "gather",    "queue",
                                        "lock",   "semaphore", "event", "condition", "executor"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "other";
}

/* Writes the slice of the task's current state, from t->since to now. */
static void task_state_slice(exporter *ex, const task_info *t, bool unfinished)
{
    uint64_t tid = task_tid(t->number);
    slice_begin(ex, PID_LOOP, tid, t->since, ex->now, t->since_key);
    switch (t->state) {
    case TASK_READY:
        name_is(ex, "ready");
        break;
    case TASK_RUNNING:
        name_is(ex, "step");
        if (t->handle)
            arg_u64(ex, "handle", t->handle);
        arg_where(ex, "stopped at", t->where_sid, t->where_line);
        if (t->steps == 1 && t->parent)
            arg_task(ex, "created by", t->parent);
        break;
    default: /* TASK_WAITING */
        name_begin(ex);
        put(ex, "waiting");
        if (t->has_wait) {
            put(ex, ": ");
            put_sid(ex, t->wait_sid, 0);
        }
        name_end(ex);
        if (t->has_wait) {
            arg_sid(ex, "on", t->wait_sid);
            arg_literal(ex, "kind", wait_kind_name(t->wait_kind));
        }
        arg_where(ex, "at", t->where_sid, t->where_line);
    }
    if (unfinished)
        arg_true(ex, "unfinished");
    ev_end(ex);
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
        int64_t at = to_ns(lp_trace_at(ex->trace, ready)->time, t->since);
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

static void task_instant(exporter *ex, uint32_t number)
{
    instant_begin(ex, PID_LOOP, number ? task_tid(number) : TID_LOOP, "t");
}

/* TASK_NEW, TASK_PARENT, TASK_STEP, TASK_SUSPEND, TASK_WAIT, TASK_DONE,
** TASK_CANCEL, TIMEOUT. */
static void on_task(exporter *ex, const lp_transition *tr)
{
    task_info *t = task_get(ex, tr->task);
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
    case LP_TR_TASK_DONE: {
        static const char *const outcome[] = {"done: result", "done: exception", "done: cancelled"};
        task_enter(ex, t, TASK_OVER, false);
        task_instant(ex, t->number);
        name_is(ex, tr->outcome < 3 ? outcome[tr->outcome] : "done");
        ev_end(ex);
        break;
    }
    case LP_TR_TASK_CANCEL:
        task_instant(ex, t->number);
        name_is(ex, "cancel");
        arg_task(ex, "by", tr->other);
        ev_end(ex);
        break;
    default: /* TIMEOUT */
        task_instant(ex, t->number);
        name_is(ex, "timeout");
        ev_end(ex);
    }
}

/* OUTPUT: a line on the task's track, or the loop's. */
static void on_output(exporter *ex, const lp_transition *tr)
{
    static const char *const streams[] = {"output", "stdout", "stderr"};
    const char *stream = tr->stream < 3 ? streams[tr->stream] : "output";
    uint32_t sid = tr->sid;
    if (tr->task)
        (void)task_get(ex, tr->task); /* gives the task a track */
    task_instant(ex, tr->task);
    name_begin(ex);
    put(ex, stream);
    put(ex, ": ");
    put_sid(ex, sid, OUTPUT_NAME_MAX);
    name_end(ex);
    arg_sid(ex, "text", sid);
    arg_literal(ex, "stream", stream);
    ev_end(ex);
}

static void job_wait_end(exporter *ex, job_info *j, bool unfinished)
{
    if (j->wait == JOB_RUNS)
        return;
    slice_begin(ex, PID_THREADS, 1 + (uint64_t)j->track, j->wait_since, ex->now, j->wait_key);
    if (j->cpu_work > 0) {
        name_is(ex, "computing");
        arg_seconds(ex, "work_s", j->cpu_work);
    } else if (j->wait_sid) {
        name_begin(ex);
        put(ex, "waiting: ");
        put_sid(ex, j->wait_sid, OUTPUT_NAME_MAX);
        name_end(ex);
    } else {
        name_is(ex, j->wait == JOB_SLEEPS ? "sleeping" : "waiting");
    }
    if (j->wait == JOB_SLEEPS)
        arg_seconds(ex, "until_s", j->until);
    j->cpu_work = 0;
    j->wait_sid = 0;
    if (unfinished)
        arg_true(ex, "unfinished");
    ev_end(ex);
    j->wait = JOB_RUNS;
}

static void job_end(exporter *ex, job_info *j, bool unfinished)
{
    job_wait_end(ex, j, unfinished);
    slice_begin(ex, PID_THREADS, 1 + (uint64_t)j->track, j->started_at, ex->now, j->start_key);
    name_begin(ex);
    if (j->name_sid) {
        put_sid(ex, j->name_sid, OUTPUT_NAME_MAX);
    } else {
        put(ex, "job ");
        put_u64(ex, j->serial);
    }
    name_end(ex);
    arg_u64(ex, "job", j->serial);
    arg_u64(ex, "pool", j->pool);
    arg_u64(ex, "lane", j->lane);
    if (j->submitted) {
        arg_ns(ex, "submitted_s", j->submitted_at);
        arg_ns(ex, "queued_s", j->started_at - j->submitted_at);
    }
    if (unfinished)
        arg_true(ex, "unfinished");
    ev_end(ex);
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

static void meta_begin(exporter *ex, uint32_t pid, uint64_t tid, const char *what)
{
    ev_begin(ex, "M", pid, tid, 0, 0);
    name_is(ex, what);
    arg_key(ex, "name");
    put(ex, "\"");
}

static void meta_sort_index(exporter *ex, uint32_t pid, uint64_t tid, const char *what,
                            uint64_t index)
{
    ev_begin(ex, "M", pid, tid, 0, 0);
    name_is(ex, what);
    arg_u64(ex, "sort_index", index);
    ev_end(ex);
}

static int lane_cmp(const void *a, const void *b)
{
    const lane_info *x = a, *y = b;
    if (x->pool != y->pool)
        return x->pool < y->pool ? -1 : 1;
    return (x->lane > y->lane) - (x->lane < y->lane);
}

/* Process and thread names and their order: loop, tasks by number, lanes by
** (pool, lane). */
static void write_track_names(exporter *ex)
{
    meta_begin(ex, PID_LOOP, TID_LOOP, "process_name");
    put(ex, "event loop\"");
    ev_end(ex);
    meta_sort_index(ex, PID_LOOP, TID_LOOP, "process_sort_index", 1);
    meta_begin(ex, PID_LOOP, TID_LOOP, "thread_name");
    put(ex, "loop\"");
    ev_end(ex);
    meta_sort_index(ex, PID_LOOP, TID_LOOP, "thread_sort_index", 0);
    for (size_t i = 0; i < ex->task_count; i++) {
        uint32_t number = ex->tasks[i].number;
        meta_begin(ex, PID_LOOP, task_tid(number), "thread_name");
        put_task_label(ex, number);
        if (ex->loop_count > 1) {
            put(ex, " [loop ");
            put_u64(ex, ex->tasks[i].loop);
            put(ex, "]");
        }
        put(ex, "\"");
        ev_end(ex);
        meta_sort_index(ex, PID_LOOP, task_tid(number), "thread_sort_index", number);
    }
    if (!ex->lane_count)
        return;
    meta_begin(ex, PID_THREADS, 0, "process_name");
    put(ex, "threads\"");
    ev_end(ex);
    meta_sort_index(ex, PID_THREADS, 0, "process_sort_index", 2);
    lane_info *sorted = NULL;
    size_t cap = 0;
    int rc = lp_grow(&ex->alloc, (void **)&sorted, &cap, ex->lane_count, sizeof(lane_info));
    if (rc != LP_OK) {
        ex->status = rc;
        return;
    }
    memcpy(sorted, ex->lanes, ex->lane_count * sizeof(lane_info));
    qsort(sorted, ex->lane_count, sizeof(lane_info), lane_cmp);
    for (size_t rank = 0; rank < ex->lane_count; rank++) {
        uint32_t i = 0;
        (void)lp_u32map_get(&ex->lane_index, lane_key(sorted[rank].pool, sorted[rank].lane), &i);
        meta_begin(ex, PID_THREADS, 1 + (uint64_t)i, "thread_name");
        put(ex, "pool ");
        put_u64(ex, sorted[rank].pool);
        put(ex, " lane ");
        put_u64(ex, sorted[rank].lane);
        put(ex, "\"");
        ev_end(ex);
        meta_sort_index(ex, PID_THREADS, 1 + (uint64_t)i, "thread_sort_index", rank);
    }
    lp_free(&ex->alloc, sorted);
}

/* The output order: (ts, key), then the order made (the sort is stable). */
static inline bool event_before(const out_event *x, const out_event *y)
{
    return x->ts != y->ts ? x->ts < y->ts : x->key < y->key;
}

/* Sorts events[0..n), stably, with tmp[0..n) as room: insertion-sorted runs
** of 16, then merged bottom-up. Most events are made near their time, so a
** merge whose halves are already in order is skipped. */
static void sort_events(out_event *events, out_event *tmp, size_t n)
{
    enum { RUN = 16 };
    for (size_t lo = 0; lo < n; lo += RUN) {
        size_t hi = lo + RUN < n ? lo + RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            out_event v = events[i];
            size_t j = i;
            for (; j > lo && event_before(&v, &events[j - 1]); j--)
                events[j] = events[j - 1];
            events[j] = v;
        }
    }
    for (size_t width = RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t mid = lo + width, hi = mid + width < n ? mid + width : n;
            if (!event_before(&events[mid], &events[mid - 1]))
                continue; /* already in order */
            memcpy(tmp, events + lo, (mid - lo) * sizeof *events);
            size_t a = 0, b = mid, k = lo;
            while (a < mid - lo && b < hi)
                events[k++] = event_before(&events[b], &tmp[a]) ? events[b++] : tmp[a++];
            while (a < mid - lo)
                events[k++] = tmp[a++];
        }
    }
}

/* The sorted events, copied into blocks of OUT_BLOCK bytes: one fwrite per block. */
#define OUT_BLOCK ((size_t)1 << 20)
typedef struct out_buffer {
    FILE *out;
    char *bytes; /* OUT_BLOCK; owned */
    size_t len;
} out_buffer;

static void out_flush(out_buffer *b)
{
    if (b->len)
        (void)fwrite(b->bytes, 1, b->len, b->out); /* ferror tells at the end */
    b->len = 0;
}

static void out_put(out_buffer *b, const char *s, size_t n)
{
    if (OUT_BLOCK - b->len < n) {
        out_flush(b);
        if (n >= OUT_BLOCK) { /* a huge event: written as it is */
            (void)fwrite(s, 1, n, b->out);
            return;
        }
    }
    memcpy(b->bytes + b->len, s, n);
    b->len += n;
}

static int write_out(exporter *ex, FILE *out)
{
    char end[LP_JBUF_NUMBER_MAX + 1];
    end[lp_jbuf_format_fixed(end, ex->end, 9)] = 0;
    size_t n = ex->event_count;
    out_event *tmp = NULL; /* the left half of a merge: never more than n - 1 */
    size_t tmp_cap = 0;
    int rc = lp_grow(&ex->alloc, (void **)&tmp, &tmp_cap, n ? n : 1, sizeof *tmp);
    out_buffer b = {out, NULL, 0};
    if (rc == LP_OK && !(b.bytes = ex->alloc.realloc(ex->alloc.user, NULL, OUT_BLOCK)))
        rc = LP_E_NOMEM;
    if (rc != LP_OK) {
        lp_free(&ex->alloc, tmp);
        return rc;
    }
    sort_events(ex->events, tmp, n);
    lp_free(&ex->alloc, tmp);
    static const char head[] = "{\"traceEvents\":[\n";
    out_put(&b, head, sizeof head - 1);
    for (size_t i = 0; i < n; i++) {
        const out_event *e = &ex->events[i];
        out_put(&b, ex->text.bytes + e->offset, e->length);
        out_put(&b, i + 1 < n ? ",\n" : "\n", i + 1 < n ? 2 : 1);
    }
    out_flush(&b);
    lp_free(&ex->alloc, b.bytes);
    fprintf(out,
            "],\n\"displayTimeUnit\":\"ms\",\n"
            "\"otherData\":{\"generator\":\"looplab\","
            "\"clock\":\"virtual: ts = seconds * 1e6\",\"records\":%zu,"
            "\"unexpected_records\":%zu,\"end_s\":%s}}\n",
            lp_trace_count(ex->trace), ex->unexpected, end);
    if (fflush(out) != 0 || ferror(out))
        return LP_E_INVAL;
    return LP_OK;
}

static void exporter_free(exporter *ex)
{
    lp_jbuf_free(&ex->text);
    lp_free(&ex->alloc, ex->events);
    lp_free(&ex->alloc, ex->escaped);
    lp_free(&ex->alloc, ex->escaped_at);
    lp_free(&ex->alloc, ex->tasks);
    lp_free(&ex->alloc, ex->jobs);
    lp_free(&ex->alloc, ex->lanes);
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
    instant_begin(ex, PID_LOOP, TID_LOOP, "g");
    name_begin(ex);
    put(ex, "loop ");
    put_u64(ex, tr->loop);
    put(ex, tr->thread ? " runs in thread " : " runs in the main thread");
    if (tr->thread)
        put_u64(ex, tr->thread);
    name_end(ex);
    arg_u64(ex, "loop", tr->loop);
    arg_u64(ex, "thread", tr->thread);
    ev_end(ex);
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
    lp_jbuf_init(&ex.text, ex.alloc);
    lp_u32map_init(&ex.task_index, ex.alloc);
    lp_u32map_init(&ex.job_index, ex.alloc);
    lp_u32map_init(&ex.lane_index, ex.alloc);
    lp_u32map_init(&ex.handle_at, ex.alloc);

    size_t count = lp_trace_count(trace);
    for (size_t i = 0; i < count && ex.status == LP_OK; i++) {
        lp_transition tr[LP_INTERP_MAX];
        unsigned n = lp_interp_read_all(lp_trace_at(trace, i), tr);
        ex.index = i;
        ex.now = to_ns(tr[0].time, ex.now);
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
    if (ex.status == LP_OK)
        write_track_names(&ex);
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
