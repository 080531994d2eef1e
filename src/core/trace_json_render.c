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

/* Where string sid's escaped text is in lp__tj_strings.escaped. */
struct lp__tj_span {
    size_t offset, length;
    size_t raw_length; /* the string's own length */
};

void lp__tj_strings_init(lp__tj_strings *s, const lp_strtab *strings, lp_allocator alloc)
{
    memset(s, 0, sizeof *s);
    s->strings = strings;
    s->alloc = lp_allocator_or_default(&alloc);
}

void lp__tj_strings_free(lp__tj_strings *s)
{
    lp_jbuf_free(&s->escaped);
    lp_free(&s->alloc, s->spans);
    s->spans = NULL;
}

int lp__tj_strings_prepare(lp__tj_strings *s, size_t *longest)
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

void lp__tj_put_sid(lp__tj_strings *s, lp_jbuf *out, uint32_t sid, size_t max)
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

bool lp__tj_sid_is_empty(const lp__tj_strings *s, uint32_t sid)
{
    if (sid < s->count)
        return s->spans[sid].raw_length == 0;
    size_t len = 0;
    const char *str = lp_strtab_get(s->strings, sid, &len);
    return !str || len == 0;
}

void lp__tj_put_label(lp__tj_strings *s, lp_jbuf *out, const lp__tj_label *label)
{
    if (lp__tj_sid_is_empty(s, label->name_sid)) {
        lp_jbuf_lit(out, "task ");
        lp_jbuf_u64(out, label->number);
        return;
    }
    lp__tj_put_sid(s, out, label->name_sid, 0);
    if (!lp__tj_sid_is_empty(s, label->coro_sid)) {
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
    lp__tj_strings *s;
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
static void arg_where(writer *w, const char *key, uint32_t file_sid, uint32_t line)
{
    if (!file_sid && !line)
        return;
    arg_key(w, key);
    lp_jbuf_lit(w->out, "\"");
    lp__tj_put_sid(w->s, w->out, file_sid, 0);
    lp_jbuf_lit(w->out, ":");
    lp_jbuf_u64(w->out, line);
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

/* {"ph":..,"pid":..,"tid":..,"ts":.. and "dur" (a slice) or "s" (an instant). */
static void put_head(writer *w, const lp__tj_event *e)
{
    bool threads = e->kind == LP__TJ_JOB || e->kind == LP__TJ_JOB_WAIT;
    if (is_slice(e->kind))
        lp_jbuf_lit(w->out, "{\"ph\":\"X\",\"pid\":");
    else
        lp_jbuf_lit(w->out, "{\"ph\":\"i\",\"pid\":");
    lp_jbuf_u64(w->out, threads ? LP__TJ_PID_THREADS : LP__TJ_PID_LOOP);
    lp_jbuf_lit(w->out, ",\"tid\":");
    lp_jbuf_u64(w->out, e->tid);
    lp_jbuf_lit(w->out, ",\"ts\":");
    lp_jbuf_fixed(w->out, e->ts, 3);
    if (is_slice(e->kind)) {
        lp_jbuf_lit(w->out, ",\"dur\":");
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
    arg_u64(w, "timer", e->n[0]);
    if (e->flag) {
        arg_seconds(w, "deadline_s", e->x);
        arg_ns(w, "late_s", e->u.y);
    }
}

static void put_blocked(writer *w, const lp__tj_event *e)
{
    name_is(w, "blocked");
    arg_seconds(w, "until_s", e->x);
    if (e->flag) {
        arg_literal(w, "cause", e->flag2 ? "cpu work" : "blocking call");
        arg_where(w, "at", e->n[0], e->n[1]);
        arg_task(w, "task", &e->label);
    }
}

static void put_loop_step(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    lp__tj_put_label(w->s, w->out, &e->label);
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "task", e->label.number);
}

static void put_step(writer *w, const lp__tj_event *e)
{
    name_is(w, "step");
    if (e->n[0])
        arg_u64(w, "handle", e->n[0]);
    arg_where(w, "stopped at", e->n[1], e->n[2]);
    if (e->flag)
        arg_task(w, "created by", &e->label);
}

static void put_waiting(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"waiting");
    if (e->flag) {
        lp_jbuf_lit(w->out, ": ");
        lp__tj_put_sid(w->s, w->out, e->n[0], 0);
    }
    lp_jbuf_lit(w->out, "\"");
    if (e->flag) {
        arg_sid(w, "on", e->n[0]);
        arg_literal(w, "kind", wait_kind_name(e->small));
    }
    arg_where(w, "at", e->n[1], e->n[2]);
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
    lp__tj_put_sid(w->s, w->out, e->n[0], LP__TJ_NAME_MAX);
    lp_jbuf_lit(w->out, "\"");
    arg_sid(w, "text", e->n[0]);
    arg_literal(w, "stream", stream);
}

static void put_job_wait(writer *w, const lp__tj_event *e)
{
    switch (e->small) {
    case LP__TJ_COMPUTING:
        name_is(w, "computing");
        arg_seconds(w, "work_s", e->x);
        break;
    case LP__TJ_WAITING_IN:
        lp_jbuf_lit(w->out, ",\"name\":\"waiting: ");
        lp__tj_put_sid(w->s, w->out, e->n[0], LP__TJ_NAME_MAX);
        lp_jbuf_lit(w->out, "\"");
        break;
    default:
        name_is(w, e->small == LP__TJ_SLEEPING ? "sleeping" : "waiting");
    }
    if (e->flag)
        arg_seconds(w, "until_s", e->u.x2);
}

static void put_job(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"");
    if (e->n[0]) {
        lp__tj_put_sid(w->s, w->out, e->n[0], LP__TJ_NAME_MAX);
    } else {
        lp_jbuf_lit(w->out, "job ");
        lp_jbuf_u64(w->out, e->n[1]);
    }
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "job", e->n[1]);
    arg_u64(w, "pool", e->n[2]);
    arg_u64(w, "lane", e->n[3]);
    if (e->flag) {
        arg_ns(w, "submitted_s", e->u.y);
        arg_ns(w, "queued_s", e->ts - e->u.y);
    }
}

static void put_loop_run(writer *w, const lp__tj_event *e)
{
    lp_jbuf_lit(w->out, ",\"name\":\"loop ");
    lp_jbuf_u64(w->out, e->n[0]);
    if (e->n[1]) {
        lp_jbuf_lit(w->out, " runs in thread ");
        lp_jbuf_u64(w->out, e->n[1]);
    } else {
        lp_jbuf_lit(w->out, " runs in the main thread");
    }
    lp_jbuf_lit(w->out, "\"");
    arg_u64(w, "loop", e->n[0]);
    arg_u64(w, "thread", e->n[1]);
}

void lp__tj_render(lp__tj_strings *s, lp_jbuf *out, const lp__tj_event *e)
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
        lp_jbuf_lit(out, ",\"name\":\"");
        lp__tj_put_sid(s, out, e->n[0], 0);
        lp_jbuf_lit(out, "\"");
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
        arg_task(&w, "by", &e->label);
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
    default: /* LP__TJ_LOOP_RUN */
        put_loop_run(&w, e);
    }
    if (e->unfinished) {
        arg_key(&w, "unfinished");
        lp_jbuf_lit(out, "true");
    }
    if (w.args)
        lp_jbuf_lit(out, "}");
    lp_jbuf_lit(out, "}");
}
