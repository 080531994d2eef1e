/* trace_json_render.c - looplab core: a decided trace event written as JSON.
**
** {"ph":"X","pid":1,"tid":1001,"ts":0.000,"dur":0.000,"name":"step",
**  "args":{"handle":1,"stopped at":"main.py:25"}}: the track and times
** first, then the name, then the args (left out when there are none). The
** trace's strings are escaped the first time they are used and copied from
** then on.
*/
#include "core/trace_json_event.h"

#include <math.h>
#include <string.h>

#include "core/status.h"
#include "core/strtab.h"

/* Where string sid's escaped text is in lp__tj_renderer.escaped. */
struct lp__tj_span {
    size_t offset, length;
    size_t raw_length; /* the string's own length */
};

void lp__tj_renderer_init(lp__tj_renderer *s, const lp_strtab *strings, lp_allocator alloc)
{
    memset(s, 0, sizeof *s);
    s->strings = strings;
    s->alloc = lp_allocator_or_default(&alloc);
}

void lp__tj_renderer_free(lp__tj_renderer *s)
{
    lp_jbuf_free(&s->escaped);
    lp_free(&s->alloc, s->spans);
    s->spans = NULL;
}

int lp__tj_renderer_prepare(lp__tj_renderer *s, size_t *longest)
{
    size_t count = s->strings->count, cap = 0;
    *longest = 0;
    lp_jbuf_init(&s->escaped, s->alloc);
    if (lp_grow(&s->alloc, (void **)&s->spans, &cap, count ? count : 1, sizeof *s->spans) != LP_OK)
        return LP_E_NOMEM;
    for (uint32_t sid = 0; sid < count; sid++) {
        size_t len = 0;
        const char *str = lp_strtab_get(s->strings, sid, &len);
        size_t start = s->escaped.len;
        lp_jbuf_escaped(&s->escaped, str, len);
        s->spans[sid] = (struct lp__tj_span){start, s->escaped.len - start, len};
        if (s->escaped.len - start > *longest)
            *longest = s->escaped.len - start;
    }
    s->count = count;
    return s->escaped.status;
}

void lp__tj_put_sid(lp__tj_renderer *s, lp_jbuf *out, uint32_t sid, size_t max)
{
    if (sid < s->count && (!max || s->spans[sid].raw_length <= max)) {
        lp_jbuf_bytes(out, s->escaped.bytes + s->spans[sid].offset, s->spans[sid].length);
        return;
    }
    size_t len = 0;
    const char *str = lp_strtab_get(s->strings, sid, &len);
    if (!str) {
        lp_jbuf_lit(out, "?");
        return;
    }
    bool cut = max && len > max;
    if (cut) {
        len = max;
        while (len > 0 && ((unsigned char)str[len] & 0xC0) == 0x80)
            len--; /* do not split a character */
    }
    lp_jbuf_escaped(out, str, len);
    if (cut)
        lp_jbuf_lit(out, "...");
}

/* Whether string `sid` is empty or unknown. */
static bool sid_is_empty(const lp__tj_renderer *s, uint32_t sid)
{
    if (sid < s->count)
        return s->spans[sid].raw_length == 0;
    size_t len = 0;
    const char *str = lp_strtab_get(s->strings, sid, &len);
    return !str || len == 0;
}

void lp__tj_put_label(lp__tj_renderer *s, lp_jbuf *out, const lp__tj_label *label)
{
    if (sid_is_empty(s, label->name_sid)) {
        lp_jbuf_lit(out, "task ");
        lp_jbuf_u64(out, label->number);
        return;
    }
    lp__tj_put_sid(s, out, label->name_sid, 0);
    if (!sid_is_empty(s, label->coro_sid)) {
        lp_jbuf_lit(out, " ");
        lp__tj_put_sid(s, out, label->coro_sid, 0);
    }
}

int64_t lp__tj_ns(double seconds, int64_t fallback)
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

/* ------------------------------------------------------------------------ */
/* Pieces of an event                                                       */
/* ------------------------------------------------------------------------ */

/* One event being written: where, and whether its args began. */
typedef struct writer {
    lp__tj_renderer *s;
    lp_jbuf *out;
    unsigned args;
} writer;

static void name_is(writer *w, const char *literal)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    lp_jbuf_bytes(w->out, literal, strlen(literal));
    lp_jbuf_lit(w->out, "\"");
}

/* "key": ; the value follows. */
static void arg_key(writer *w, const char *key)
{
    if (w->args++)
        lp_jbuf_lit(w->out, ",\"");
    else
        lp_jbuf_lit(w->out, ",\"args\":{\"");
    lp_jbuf_bytes(w->out, key, strlen(key));
    lp_jbuf_lit(w->out, "\":");
}

static void arg_u64(writer *w, const char *key, uint64_t v)
{
    arg_key(w, key);
    lp_jbuf_u64(w->out, v);
}

/* Seconds as a JSON number with nanosecond digits, or null. */
static void arg_seconds(writer *w, const char *key, double seconds)
{
    arg_key(w, key);
    if (isfinite(seconds))
        lp_jbuf_fixed(w->out, lp__tj_ns(seconds, 0), 9);
    else
        lp_jbuf_lit(w->out, "null");
}

static void arg_ns(writer *w, const char *key, int64_t ns)
{
    arg_key(w, key);
    lp_jbuf_fixed(w->out, ns, 9);
}

static void arg_literal(writer *w, const char *key, const char *value)
{
    arg_key(w, key);
    lp_jbuf_lit(w->out, "\"");
    lp_jbuf_bytes(w->out, value, strlen(value));
    lp_jbuf_lit(w->out, "\"");
}

static void arg_sid(writer *w, const char *key, uint32_t sid)
{
    arg_key(w, key);
    lp_jbuf_lit(w->out, "\"");
    lp__tj_put_sid(w->s, w->out, sid, 0);
    lp_jbuf_lit(w->out, "\"");
}

/* "file:line" of a place; nothing when unknown. */
static void arg_where(writer *w, const char *key, const lp__tj_place *at)
{
    if (!at->file_sid && !at->line)
        return;
    arg_key(w, key);
    lp_jbuf_lit(w->out, "\"");
    lp__tj_put_sid(w->s, w->out, at->file_sid, 0);
    lp_jbuf_lit(w->out, ":");
    lp_jbuf_u64(w->out, at->line);
    lp_jbuf_lit(w->out, "\"");
}

static void arg_task(writer *w, const char *key, const lp__tj_label *label)
{
    arg_key(w, key);
    lp_jbuf_lit(w->out, "\"");
    if (label->number)
        lp__tj_put_label(w->s, w->out, label);
    else
        lp_jbuf_lit(w->out, "no task");
    lp_jbuf_lit(w->out, "\"");
}

static const char *wait_kind_name(unsigned kind)
{
    static const char *const names[] = {"future", "sleep",     "task",  "gather",    "queue",
                                        "lock",   "semaphore", "event", "condition", "executor"};
    return kind < sizeof names / sizeof names[0] ? names[kind] : "other";
}

/* ------------------------------------------------------------------------ */
/* Events                                                                   */
/* ------------------------------------------------------------------------ */

static bool is_slice(unsigned kind)
{
    return kind == LP__TJ_BLOCKED || kind == LP__TJ_LOOP_STEP || kind == LP__TJ_READY ||
           kind == LP__TJ_STEP || kind == LP__TJ_WAITING || kind == LP__TJ_JOB_WAIT ||
           kind == LP__TJ_JOB;
}

/* Microseconds with three decimals; the last text is reused while the time
** does not change. */
static void put_ts(lp__tj_renderer *s, lp_jbuf *out, int64_t ts)
{
    if (!s->ts_len || ts != s->last_ts) {
        s->ts_len = lp_jbuf_format_fixed(s->ts_text, ts, 3);
        s->last_ts = ts;
    }
    lp_jbuf_bytes(out, s->ts_text, s->ts_len);
}

/* {"ph":..,"pid":..,"tid":..,"ts":.. and "dur" (a slice) or "s" (an instant). */
static void put_head(writer *w, const lp__tj_event *e)
{
    bool slice = is_slice(e->kind);
    uint64_t tid = 0; /* the loop's track */
    if (e->kind == LP__TJ_JOB || e->kind == LP__TJ_JOB_WAIT) {
        lp_jbuf_lit(w->out, "{\"ph\":\"X\",\"pid\":2,\"tid\":");
        tid = 1 + (uint64_t)e->track;
    } else {
        if (slice)
            lp_jbuf_lit(w->out, "{\"ph\":\"X\",\"pid\":1,\"tid\":");
        else
            lp_jbuf_lit(w->out, "{\"ph\":\"i\",\"pid\":1,\"tid\":");
        if (e->kind >= LP__TJ_READY && e->track) /* a task's */
            tid = LP__TJ_TID_TASK_BASE + (uint64_t)e->track;
    }
    lp_jbuf_u64(w->out, tid);
    lp_jbuf_lit(w->out, ",\"ts\":");
    put_ts(w->s, w->out, e->ts);
    if (slice) {
        lp_jbuf_lit(w->out, ",\"dur\":");
        if (e->dur == 0) /* most steps: the loop's clock does not move in them */
            lp_jbuf_lit(w->out, "0.000");
        else
            lp_jbuf_fixed(w->out, e->dur, 3);
    } else if (e->kind == LP__TJ_MARK || e->kind == LP__TJ_LOOP_RUN) {
        lp_jbuf_lit(w->out, ",\"s\":\"g\"");
    } else {
        lp_jbuf_lit(w->out, ",\"s\":\"t\"");
    }
}

static void put_timer_fires(writer *w, const lp__tj_event *e)
{
    name_is(w, "timer fires");
    arg_u64(w, "timer", e->u.timer.serial);
    if (e->u.timer.known) {
        arg_seconds(w, "deadline_s", e->u.timer.deadline);
        arg_ns(w, "late_s", e->u.timer.late_ns);
    }
}

static void put_blocked(writer *w, const lp__tj_event *e)
{
    name_is(w, "blocked");
    arg_seconds(w, "until_s", e->u.blocked.until);
    if (e->u.blocked.known) {
        arg_literal(w, "cause", e->u.blocked.cpu ? "cpu work" : "blocking call");
        arg_where(w, "at", &e->u.blocked.at);
        arg_task(w, "task", &e->u.blocked.task);
    }
}

static void put_loop_step(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    lp__tj_put_label(w->s, w->out, &e->u.task);
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "task", e->u.task.number);
}

static void put_mark(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    lp__tj_put_sid(w->s, w->out, e->u.sid, 0);
    lp_jbuf_lit(w->out, "\"");
}

static void put_loop_run(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"loop ");
    lp_jbuf_u64(w->out, e->u.loop_run.loop);
    if (e->u.loop_run.thread) {
        lp_jbuf_lit(w->out, " runs in thread ");
        lp_jbuf_u64(w->out, e->u.loop_run.thread);
    } else {
        lp_jbuf_lit(w->out, " runs in the main thread");
    }
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "loop", e->u.loop_run.loop);
    arg_u64(w, "thread", e->u.loop_run.thread);
}

static void put_step(writer *w, const lp__tj_event *e)
{
    name_is(w, "step");
    if (e->u.step.handle)
        arg_u64(w, "handle", e->u.step.handle);
    arg_where(w, "stopped at", &e->u.step.stopped_at);
    if (e->u.step.first)
        arg_task(w, "created by", &e->u.step.parent);
}

static void put_waiting(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"waiting");
    if (e->u.waiting.known) {
        lp_jbuf_lit(w->out, ": ");
        lp__tj_put_sid(w->s, w->out, e->u.waiting.on_sid, 0);
    }
    lp_jbuf_lit(w->out, "\"");
    if (e->u.waiting.known) {
        arg_sid(w, "on", e->u.waiting.on_sid);
        arg_literal(w, "kind", wait_kind_name(e->u.waiting.kind));
    }
    arg_where(w, "at", &e->u.waiting.at);
}

static void put_done(writer *w, const lp__tj_event *e)
{
    static const char *const outcome[] = {"done: result", "done: exception", "done: cancelled"};
    name_is(w, e->small < 3 ? outcome[e->small] : "done");
}

static void put_output(writer *w, const lp__tj_event *e)
{
    static const char *const streams[] = {"output", "stdout", "stderr"};
    const char *stream = e->small < 3 ? streams[e->small] : "output";
    lp_jbuf_lit(w->out, ",\"name\":\"");
    lp_jbuf_bytes(w->out, stream, strlen(stream));
    lp_jbuf_lit(w->out, ": ");
    lp__tj_put_sid(w->s, w->out, e->u.sid, LP__TJ_NAME_MAX);
    lp_jbuf_lit(w->out, "\"");
    arg_sid(w, "text", e->u.sid);
    arg_literal(w, "stream", stream);
}

static void put_job_wait(writer *w, const lp__tj_event *e)
{
    switch (e->u.job_wait.what) {
    case LP__TJ_COMPUTING:
        name_is(w, "computing");
        arg_seconds(w, "work_s", e->u.job_wait.work);
        break;
    case LP__TJ_WAITING_IN:
        lp_jbuf_lit(w->out, ",\"name\":\"waiting: ");
        lp__tj_put_sid(w->s, w->out, e->u.job_wait.call_sid, LP__TJ_NAME_MAX);
        lp_jbuf_lit(w->out, "\"");
        break;
    default:
        name_is(w, e->u.job_wait.what == LP__TJ_SLEEPING ? "sleeping" : "waiting");
    }
    if (e->u.job_wait.sleeps)
        arg_seconds(w, "until_s", e->u.job_wait.until);
}

static void put_job(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    if (e->u.job.name_sid) {
        lp__tj_put_sid(w->s, w->out, e->u.job.name_sid, LP__TJ_NAME_MAX);
    } else {
        lp_jbuf_lit(w->out, "job ");
        lp_jbuf_u64(w->out, e->u.job.serial);
    }
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "job", e->u.job.serial);
    arg_u64(w, "pool", e->u.job.pool);
    arg_u64(w, "lane", e->u.job.lane);
    if (e->u.job.submitted) {
        arg_ns(w, "submitted_s", e->u.job.submitted_ns);
        arg_ns(w, "queued_s", e->ts - e->u.job.submitted_ns);
    }
}

void lp__tj_render(lp__tj_renderer *s, lp_jbuf *out, const lp__tj_event *e)
{
    writer w = {s, out, 0};
    put_head(&w, e);
    switch (e->kind) {
    case LP__TJ_TIMER_FIRES:
        put_timer_fires(&w, e);
        break;
    case LP__TJ_BLOCKED:
        put_blocked(&w, e);
        break;
    case LP__TJ_LOOP_STEP:
        put_loop_step(&w, e);
        break;
    case LP__TJ_MARK:
        put_mark(&w, e);
        break;
    case LP__TJ_READY:
        name_is(&w, "ready");
        break;
    case LP__TJ_STEP:
        put_step(&w, e);
        break;
    case LP__TJ_WAITING:
        put_waiting(&w, e);
        break;
    case LP__TJ_DONE:
        put_done(&w, e);
        break;
    case LP__TJ_CANCEL:
        name_is(&w, "cancel");
        arg_task(&w, "by", &e->u.task);
        break;
    case LP__TJ_TIMEOUT:
        name_is(&w, "timeout");
        break;
    case LP__TJ_OUTPUT:
        put_output(&w, e);
        break;
    case LP__TJ_JOB_WAIT:
        put_job_wait(&w, e);
        break;
    case LP__TJ_JOB:
        put_job(&w, e);
        break;
    case LP__TJ_LOOP_RUN:
        put_loop_run(&w, e);
        break;
    }
    if (e->unfinished) {
        arg_key(&w, "unfinished");
        lp_jbuf_lit(out, "true");
    }
    if (w.args)
        lp_jbuf_lit(out, "}");
    lp_jbuf_lit(out, "}");
}
