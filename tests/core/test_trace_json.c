/* test_trace_json.c - the trace as Chrome trace-event JSON: valid JSON (read
** back by Python's json module), a track per task and per lane, instants
** for timers, timeouts, cancellations and output, slices that nest, exact
** timestamps, any bytes escaped, the same bytes every time. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/lanes.h"
#include "core/loop.h"
#include "core/status.h"
#include "core/trace.h"
#include "core/trace_json.h"
#include "failing_alloc.h"

/* ---- JSON in memory, checked by Python ---------------------------------- */

/* The trace as JSON in a malloc'd buffer (asserts it was written). */
static char *json_of(const lp_trace *trace, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(lp_trace_json_write(trace, f), LP_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

/* Checks every test makes: the JSON Object Format, metadata first, events
** sorted by time, "X" slices nesting on each track in file order (as readers
** take equal timestamps), and helpers for the test's own checks. Numbers are
** read as Decimal, so times compare exactly. */
static const char py_prelude[] =
    "import json, sys\n"
    "from decimal import Decimal as D\n"
    "d = json.load(sys.stdin, parse_float=D)\n"
    "assert set(d) == {'traceEvents', 'displayTimeUnit', 'otherData'}, d.keys()\n"
    "assert d['displayTimeUnit'] == 'ms'\n"
    "ev = d['traceEvents']\n"
    "for e in ev:\n"
    "    assert e['ph'] in ('M', 'X', 'i'), e\n"
    "    assert type(e['pid']) is int and type(e['tid']) is int, e\n"
    "    assert isinstance(e['ts'], (int, D)) and isinstance(e['name'], str), e\n"
    "    if e['ph'] == 'X': assert e['dur'] >= 0, e\n"
    "    if e['ph'] == 'i': assert e['s'] in ('t', 'g'), e\n"
    "meta = [e for e in ev if e['ph'] == 'M']\n"
    "body = ev[len(meta):]\n"
    "assert all(e['ph'] != 'M' for e in body), 'metadata first'\n"
    "assert all(a['ts'] <= b['ts'] for a, b in zip(body, body[1:])), 'sorted'\n"
    "stacks = {}\n"
    "for e in body:\n"
    "    if e['ph'] != 'X': continue\n"
    "    st = stacks.setdefault((e['pid'], e['tid']), [])\n"
    "    while st and st[-1][0] <= e['ts']: st.pop()\n"
    "    assert not st or e['ts'] + e['dur'] <= st[-1][0], ('overlaps', e, st[-1][1])\n"
    "    st.append((e['ts'] + e['dur'], e))\n"
    "names = {(e['pid'], e['tid']): e['args']['name'] for e in meta if e['name'] == "
    "'thread_name'}\n"
    "def track(pid, tid): return [e for e in body if (e['pid'], e['tid']) == (pid, tid)]\n"
    "def named(name, pid=None, tid=None):\n"
    "    return [e for e in body if e['name'] == name and pid in (None, e['pid'])\n"
    "            and tid in (None, e['tid'])]\n"
    "def one(name, pid=None, tid=None):\n"
    "    found = named(name, pid, tid)\n"
    "    assert len(found) == 1, (name, pid, tid, found)\n"
    "    return found[0]\n"
    "def arg(i): return sys.argv[i]\n";

/* Runs py_prelude + `checks` on `json` under LP_PYTHON; argv[1..] = args.
** Returns the exit status (0 when every assertion held). */
static int py_check(const char *json, size_t len, const char *checks, const char *args)
{
    char path[] = "/tmp/lp-trace-json-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(py_prelude, f);
    fputs(checks, f);
    fclose(f);
    const char *python = getenv("LP_PYTHON");
    if (!python || !*python)
        python = "/usr/bin/python3.11";
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' -I '%s' %s", python, path, args ? args : "");
    FILE *p = popen(cmd, "w");
    assert_non_null(p);
    fwrite(json, 1, len, p);
    int status = pclose(p);
    unlink(path);
    if (status != 0)
        fprintf(stderr, "python checks failed (status %d); JSON was:\n%.*s\n", status,
                (int)(len < 20000 ? len : 20000), json);
    return status;
}

/* ---- a small program: loop, lanes, trace, and the Python layer's records -- */

typedef struct world {
    lp_clock clock;
    lp_lanes lanes;
    lp_loop loop;
    lp_trace trace;
    uint16_t pool;
    int stage[8]; /* per task number: steps done */
    lp_id job;
} world;

static void world_init(world *w, lp_allocator alloc)
{
    memset(w, 0, sizeof *w);
    assert_int_equal(lp_trace_init(&w->trace, alloc), LP_OK);
    lp_lanes_desc ld = {.clock = &w->clock, .trace = &w->trace};
    assert_int_equal(lp_lanes_init(&w->lanes, &ld), LP_OK);
    lp_loop_desc desc = {.clock = &w->clock, .lanes = &w->lanes, .trace = &w->trace};
    assert_int_equal(lp_loop_init(&w->loop, &desc), LP_OK);
    assert_int_equal(lp_lanes_pool_new(&w->lanes, 2, &w->pool), LP_OK);
}

static void world_close(world *w)
{
    lp_loop_close(&w->loop);
    lp_lanes_close(&w->lanes);
    lp_trace_free(&w->trace);
}

static void run_all(world *w)
{
    for (int i = 0; i < 1000 && lp_loop_run_once(&w->loop) == LP_OK; i++)
        ;
}

static uint32_t sid_n(world *w, const char *s, size_t n)
{
    uint32_t id;
    assert_int_equal(lp_trace_intern(&w->trace, s, n, &id), LP_OK);
    return id;
}

static uint32_t sid(world *w, const char *s)
{
    return sid_n(w, s, strlen(s));
}

/* A record from the Python layer, at the current virtual time. */
static void rec(world *w, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t arg)
{
    lp_event ev = {.time = w->clock.now,
                   .subject = subject,
                   .kind = (uint8_t)kind,
                   .small = small,
                   .arg.u64 = arg};
    assert_int_equal(lp_trace_append(&w->trace, &ev), LP_OK);
}

static uint64_t where(world *w, unsigned line)
{
    return (uint64_t)sid(w, "prog.py") << 32 | line;
}

static void new_task(world *w, uint32_t number, const char *coro, uint32_t parent)
{
    char name[16];
    snprintf(name, sizeof name, "Task-%u", (unsigned)number);
    rec(w, LP_EV_TASK_NEW, number, 0, sid(w, name) | (uint64_t)sid(w, coro) << 32);
    rec(w, LP_EV_TASK_PARENT, number, 0, parent);
}

static void wait_on(world *w, uint32_t number, unsigned line, const char *what, lp_wait_kind kind)
{
    rec(w, LP_EV_TASK_SUSPEND, number, 0, where(w, line));
    rec(w, LP_EV_TASK_WAIT, number, (uint16_t)kind, sid(w, what));
}

/* The output line with every kind of byte that needs care in JSON. */
static const char weird[] = "say \"hi\"\\ \n\t\x01\x1f\x7f caf\xc3\xa9 \xf0\x9f\x90\x8d"
                            " bad:\xff\xfe\xc3 \xe2\x82 \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf";
/* ... as hex for Python (bytes.fromhex), which decodes it with errors="replace". */
static void hex_of(const char *s, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", (unsigned char)s[i]);
    out[2 * n] = '\0';
}

static void step_main(lp_loop *loop, void *ctx);
static void step_ticker(lp_loop *loop, void *ctx);
static void step_forever(lp_loop *loop, void *ctx);
static void step_stuck(lp_loop *loop, void *ctx);

static void ticker_timer(lp_loop *loop, void *ctx) /* sleep's future: wakes the task */
{
    assert_int_equal(lp_loop_call_soon(loop, step_ticker, ctx, NULL), LP_OK);
}

static void late_timer(lp_loop *loop, void *ctx)
{
    (void)loop;
    (void)ctx;
}

static void job_done(lp_loop *loop, void *ctx) /* the executor future: wakes main */
{
    assert_int_equal(lp_loop_call_soon(loop, step_main, ctx, NULL), LP_OK);
}

/* to_thread(time.sleep, 1.0): sleeps, then hands its result to the loop. */
static void job_fn(lp_lanes *lanes, void *ctx)
{
    world *w = ctx;
    if (w->stage[0]++ == 0) {
        assert_int_equal(lp_lanes_sleep_until(lanes, w->job, lanes->clock->now + 1.0), LP_OK);
        return;
    }
    assert_int_equal(lp_loop_call_soon(&w->loop, job_done, w, NULL), LP_OK);
    assert_int_equal(lp_lanes_finish(lanes, w->job), LP_OK);
}

/* Task-1 main(): starts a ticker, a task that waits forever and one that
** never ends, awaits a thread job; then blocks the loop for 0.5 s of CPU
** work, cancels Task-3, times out and ends. */
static void step_main(lp_loop *loop, void *ctx)
{
    world *w = ctx;
    rec(w, LP_EV_TASK_STEP, 1, 0, 0); /* 0: the exporter finds the handle */
    if (w->stage[1]++ == 0) {
        new_task(w, 2, "ticker()", 1);
        assert_int_equal(lp_loop_call_soon(loop, step_ticker, w, NULL), LP_OK);
        new_task(w, 3, "forever()", 1);
        assert_int_equal(lp_loop_call_soon(loop, step_forever, w, NULL), LP_OK);
        new_task(w, 4, "stuck()", 1);
        assert_int_equal(lp_loop_call_soon(loop, step_stuck, w, NULL), LP_OK);
        assert_int_equal(lp_lanes_submit(&w->lanes, w->pool, job_fn, w, &w->job), LP_OK);
        wait_on(w, 1, 12, "main > to_thread : executor job", LP_WAIT_EXECUTOR);
        return;
    }
    rec(w, LP_EV_OUTPUT, 1, 1, sid_n(w, weird, sizeof weird - 1));
    assert_int_equal(lp_loop_call_at(loop, 1.1, late_timer, w, NULL), LP_OK);
    rec(w, LP_EV_TASK_CANCEL, 3, 0, 1);
    assert_int_equal(lp_loop_call_soon(loop, step_forever, w, NULL), LP_OK);
    rec(w, LP_EV_BLOCK_AT, 1, 1, where(w, 14));
    lp_lanes_block(&w->lanes, lp_loop_time(loop) + 0.5); /* sim.cpu(0.5) */
    rec(w, LP_EV_TIMEOUT, 1, 0, 0);
    rec(w, LP_EV_OUTPUT, 0, 2, sid(w, "from no task"));
    rec(w, LP_EV_MARK, 0, 0, sid(w, "the end of main"));
    rec(w, LP_EV_TASK_DONE, 1, LP_TASK_RESULT, 0);
}

/* Task-2 ticker(): prints "tick k" and sleeps 0.25 s, three times. */
static void step_ticker(lp_loop *loop, void *ctx)
{
    world *w = ctx;
    char line[16];
    int k = w->stage[2]++;
    rec(w, LP_EV_TASK_STEP, 2, 0, 0);
    snprintf(line, sizeof line, "tick %d", k);
    rec(w, LP_EV_OUTPUT, 2, 1, sid(w, line));
    if (k == 2) {
        rec(w, LP_EV_TASK_DONE, 2, LP_TASK_RESULT, 0);
        return;
    }
    assert_int_equal(lp_loop_call_at(loop, lp_loop_time(loop) + 0.25, ticker_timer, w, NULL),
                     LP_OK);
    wait_on(w, 2, 7, "ticker > sleep : sleep", LP_WAIT_SLEEP);
}

/* Task-3 forever(): waits on an event until main cancels it. */
static void step_forever(lp_loop *loop, void *ctx)
{
    world *w = ctx;
    (void)loop;
    rec(w, LP_EV_TASK_STEP, 3, 0, 0);
    if (w->stage[3]++ == 0)
        wait_on(w, 3, 20, "forever > Event.wait : Event.wait", LP_WAIT_EVENT);
    else
        rec(w, LP_EV_TASK_DONE, 3, LP_TASK_CANCELLED, 0);
}

/* Task-4 stuck(): waits on a queue nobody fills; the trace ends meanwhile. */
static void step_stuck(lp_loop *loop, void *ctx)
{
    world *w = ctx;
    (void)loop;
    rec(w, LP_EV_TASK_STEP, 4, 0, 0);
    wait_on(w, 4, 30, "stuck > Queue.get : Queue.get", LP_WAIT_QUEUE);
}

static void run_program(world *w)
{
    rec(w, LP_EV_TASK_NEW, 1, 0, sid(w, "Task-1") | (uint64_t)sid(w, "main()") << 32);
    rec(w, LP_EV_TASK_PARENT, 1, 0, 0);
    assert_int_equal(lp_loop_call_soon(&w->loop, step_main, w, NULL), LP_OK);
    run_all(w);
}

static size_t count_kind(const lp_trace *trace, lp_event_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < lp_trace_count(trace); i++)
        n += lp_trace_at(trace, i)->kind == kind;
    return n;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_trace_json_program_has_a_track_per_task_and_lane(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    run_program(&w);
    assert_true(lp_loop_time(&w.loop) == 1.5);
    size_t len;
    char *json = json_of(&w.trace, &len);
    char args[64];
    snprintf(args, sizeof args, "%zu", count_kind(&w.trace, LP_EV_TIMER_DUE));
    static const char checks[] =
        "assert names[(1, 0)] == 'loop'\n"
        "assert names[(1, 1001)] == 'Task-1 main()'\n"
        "assert names[(1, 1002)] == 'Task-2 ticker()'\n"
        "assert names[(1, 1003)] == 'Task-3 forever()'\n"
        "assert names[(1, 1004)] == 'Task-4 stuck()'\n"
        "assert names[(2, 1)] == 'pool 0 lane 0', names\n"
        "procs = {e['pid']: e['args']['name'] for e in meta if e['name'] == 'process_name'}\n"
        "assert procs == {1: 'event loop', 2: 'threads'}, procs\n"
        /* an instant per TIMER_DUE, on the loop track; the late one says so */
        "fires = named('timer fires')\n"
        "assert len(fires) == int(arg(1)) == 3, fires\n"
        "assert all((e['pid'], e['tid'], e['s']) == (1, 0, 't') for e in fires)\n"
        "late = [e for e in fires if e['args']['deadline_s'] == D('1.1')]\n"
        "assert len(late) == 1 and late[0]['ts'] == 1500000, late\n"
        "assert late[0]['args']['late_s'] == D('0.4'), late\n"
        /* the job: one slice on its lane, the sleep nested in it */
        "job = one('job 1', 2, 1)\n"
        "assert (job['ts'], job['dur']) == (0, 1000000), job\n"
        "assert job['args']['lane'] == 0 and job['args']['queued_s'] == 0, job\n"
        "sleep = one('sleeping', 2, 1)\n"
        "assert (sleep['ts'], sleep['dur']) == (0, 1000000), sleep\n"
        "assert sleep['args']['until_s'] == 1, sleep\n"
        /* main: waits on the job, steps for 0.5 s while the loop is blocked */
        "w = one('waiting: main > to_thread : executor job', 1, 1001)\n"
        "assert (w['ts'], w['dur']) == (0, 1000000), w\n"
        "assert w['args'] == {'on': 'main > to_thread : executor job', 'kind': 'executor',\n"
        "                     'at': 'prog.py:12'}, w\n"
        "steps = named('step', 1, 1001)\n"
        "assert [(s['ts'], s['dur']) for s in steps] == [(0, 0), (1000000, 500000)], steps\n"
        "assert steps[0]['args']['stopped at'] == 'prog.py:12'\n"
        "b = one('blocked', 1, 0)\n"
        "assert (b['ts'], b['dur']) == (1000000, 500000), b\n"
        "assert b['args'] == {'until_s': D('1.5'), 'cause': 'cpu work', 'at': 'prog.py:14',\n"
        "                     'task': 'Task-1 main()'}, b\n"
        "loop_steps = [e for e in track(1, 0) if e['ph'] == 'X' and e['name'] != 'blocked']\n"
        "assert [e['name'] for e in loop_steps].count('Task-1 main()') == 2, loop_steps\n"
        "assert one('timeout', 1, 1001)['s'] == 't'\n"
        "assert one('done: result', 1, 1001)['ts'] == 1500000\n"
        /* the ticker: three steps, two sleeps, created by main */
        "steps = named('step', 1, 1002)\n"
        "assert [s['ts'] for s in steps] == [0, 250000, 500000], steps\n"
        "assert steps[0]['args']['created by'] == 'Task-1 main()', steps[0]\n"
        "sleeps = named('waiting: ticker > sleep : sleep', 1, 1002)\n"
        "assert [(s['ts'], s['dur']) for s in sleeps] == [(0, 250000), (250000, 250000)]\n"
        "ticks = [e['args']['text'] for e in track(1, 1002) if e['name'].startswith('stdout: ')]\n"
        "assert ticks == ['tick 0', 'tick 1', 'tick 2'], ticks\n"
        /* forever: waits, is cancelled by main, is ready while the loop blocks */
        "c = one('cancel', 1, 1003)\n"
        "assert c['ts'] == 1000000 and c['args'] == {'by': 'Task-1 main()'}, c\n"
        "r = one('ready', 1, 1003)\n"
        "assert (r['ts'], r['dur']) == (1000000, 500000), r\n"
        "w = one('waiting: forever > Event.wait : Event.wait', 1, 1003)\n"
        "assert (w['ts'], w['dur'], w['args']['kind']) == (0, 1000000, 'event'), w\n"
        "assert one('done: cancelled', 1, 1003)['ts'] == 1500000\n"
        /* stuck: still waiting when the trace ends */
        "w = one('waiting: stuck > Queue.get : Queue.get', 1, 1004)\n"
        "assert (w['ts'], w['dur'], w['args']['unfinished']) == (0, 1500000, True), w\n"
        /* output outside any task goes on the loop track; MARK is global */
        "o = one('stderr: from no task', 1, 0)\n"
        "assert o['args'] == {'text': 'from no task', 'stream': 'stderr'}, o\n"
        "assert one('the end of main')['s'] == 'g'\n"
        "assert d['otherData']['unexpected_records'] == 0, d['otherData']\n"
        "assert d['otherData']['end_s'] == D('1.5'), d['otherData']\n";
    assert_int_equal(py_check(json, len, checks, args), 0);
    free(json);
    world_close(&w);
}

static void test_trace_json_escapes_any_bytes(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    run_program(&w);
    /* a task named with every byte value, and with the weird line */
    char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (char)i;
    rec(&w, LP_EV_TASK_NEW, 7, 0,
        sid_n(&w, all, sizeof all) | (uint64_t)sid_n(&w, weird, sizeof weird - 1) << 32);
    rec(&w, LP_EV_OUTPUT, 7, 1, sid_n(&w, all, sizeof all));
    size_t len;
    char *json = json_of(&w.trace, &len);
    char weird_hex[2 * sizeof weird + 1], all_hex[2 * sizeof all + 1];
    hex_of(weird, sizeof weird - 1, weird_hex);
    hex_of(all, sizeof all, all_hex);
    char args[2048];
    snprintf(args, sizeof args, "%s %s", weird_hex, all_hex);
    static const char checks[] =
        "weird = bytes.fromhex(arg(1)).decode('utf-8', 'replace')\n"
        "every = bytes.fromhex(arg(2)).decode('utf-8', 'replace')\n"
        "assert '\\ufffd' in weird and '\\U0001f40d' in weird and '\"' in weird\n"
        "texts = [e['args']['text'] for e in track(1, 1001) if 'text' in e.get('args', {})]\n"
        "assert texts == [weird], (texts, weird)\n"
        "assert one('stdout: ' + every[:60] + '...', 1, 1007)['args']['text'] == every\n"
        "assert names[(1, 1007)] == every + ' ' + weird, names[(1, 1007)]\n";
    assert_int_equal(py_check(json, len, checks, args), 0);
    /* control characters never appear raw, and the text is valid UTF-8
    ** (Python's strict decoding of the whole file said so too) */
    for (size_t i = 0; i < len; i++)
        assert_true((unsigned char)json[i] >= 0x20 || json[i] == '\n');
    free(json);
    world_close(&w);
}

/* The output is written in blocks of about 1 MiB, and an event can be far
** bigger than one: a 3 MiB line of control characters (18 MiB escaped)
** between thousands of small events, each in its place and whole. */
static void test_trace_json_huge_event_among_many(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    run_program(&w);
    enum { BIG = 3 << 20, SMALL = 20000 };
    char *big = malloc(BIG);
    assert_non_null(big);
    for (size_t i = 0; i < BIG; i++)
        big[i] = (char)(1 + i % 31); /* every control character but NUL */
    uint32_t big_sid = sid_n(&w, big, BIG);
    char line[32];
    for (int i = 0; i < SMALL; i++) {
        if (i == SMALL / 2)
            rec(&w, LP_EV_OUTPUT, 1, 2, big_sid);
        w.clock.now += 0.001;
        snprintf(line, sizeof line, "line %d", i);
        rec(&w, LP_EV_OUTPUT, 1, 1, sid(&w, line));
    }
    size_t len;
    char *json = json_of(&w.trace, &len);
    assert_true(len > 2 * BIG);
    static const char checks[] =
        "big = ''.join(chr(1 + i % 31) for i in range(int(arg(1))))\n"
        "outs = [e for e in track(1, 1001) if e['name'].startswith(('stdout: ', 'stderr: '))]\n"
        "texts = [e['args']['text'] for e in outs]\n"
        "n = int(arg(2))\n"
        "small = [t for t in texts if t.startswith('line ')]\n"
        "assert small == ['line %d' % i for i in range(n)], small[:3]\n"
        "at = texts.index(big)\n"
        "assert texts.count(big) == 1 and texts[at - 1:at + 2:2] == ['line %d' % (n // 2 - 1), "
        "'line %d' % (n // 2)], texts[at - 1:at + 2:2]\n"
        "assert one('stderr: ' + big[:60] + '...')['args']['text'] == big\n";
    char args[64];
    snprintf(args, sizeof args, "%d %d", BIG, SMALL);
    assert_int_equal(py_check(json, len, checks, args), 0);
    free(json);
    free(big);
    world_close(&w);
}

static void test_trace_json_same_trace_same_bytes(void **state)
{
    (void)state;
    world a, b;
    world_init(&a, lp_allocator_default());
    world_init(&b, lp_allocator_default());
    run_program(&a);
    run_program(&b);
    size_t len1, len2, len3;
    char *one = json_of(&a.trace, &len1);
    char *two = json_of(&a.trace, &len2);
    char *three = json_of(&b.trace, &len3); /* a second run of the same program */
    assert_int_equal(len1, len2);
    assert_memory_equal(one, two, len1);
    assert_int_equal(len1, len3);
    assert_memory_equal(one, three, len1);
    free(one);
    free(two);
    free(three);
    world_close(&a);
    world_close(&b);
}

static void test_trace_json_times_are_exact_microseconds(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    assert_int_equal(lp_loop_call_at(&w.loop, 0.1 + 0.2, late_timer, &w, NULL), LP_OK);
    assert_int_equal(lp_loop_call_at(&w.loop, 1.0 / 3.0, late_timer, &w, NULL), LP_OK);
    assert_int_equal(lp_loop_call_at(&w.loop, 3600.000001, late_timer, &w, NULL), LP_OK);
    run_all(&w);
    size_t len;
    char *json = json_of(&w.trace, &len);
    assert_non_null(strstr(json, "\"ts\":300000.000,"));
    assert_non_null(strstr(json, "\"ts\":333333.333,"));
    assert_non_null(strstr(json, "\"ts\":3600000001.000,"));
    assert_non_null(strstr(json, "\"deadline_s\":0.333333333,"));
    assert_int_equal(py_check(json, len, "assert len(named('timer fires')) == 3\n", NULL), 0);
    free(json);
    world_close(&w);
}

/* A trace that starts and ends mid-run, with records that match nothing. */
static void test_trace_json_survives_unmatched_and_unknown_records(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    rec(&w, LP_EV_TASK_STEP, 7, 0, 12345);         /* a task never made */
    rec(&w, LP_EV_TASK_SUSPEND, 8, 0, 0);          /* suspends, never stepped */
    rec(&w, LP_EV_TASK_STEP, 0, 0, 0);             /* task 0 */
    rec(&w, LP_EV_JOB_END, 41, 0, 3);              /* a job never started */
    rec(&w, LP_EV_JOB_SLEEP, 42, 0, 0);            /* sleeps, never started */
    rec(&w, LP_EV_BLOCK_END, 0, 0, 0);             /* no block began */
    rec(&w, (lp_event_kind)200, 1, 2, 3);          /* a kind from the future */
    rec(&w, LP_EV_OUTPUT, 9, 7, 999999);           /* unknown stream and string */
    rec(&w, LP_EV_TASK_WAIT, 9, 250, 0xFFFFFFF0u); /* unknown kind and string */
    rec(&w, LP_EV_TASK_NEW, 10, 0, UINT64_MAX);    /* names that do not exist */
    rec(&w, LP_EV_TIMER_DUE, 77, 0, 0);            /* a timer never set */
    rec(&w, LP_EV_MARK, 0, 0, UINT64_MAX);
    w.clock.now = 1.0;
    rec(&w, LP_EV_TASK_SUSPEND, 7, 0, 0);
    w.clock.now = 2.0;
    rec(&w, LP_EV_JOB_WAKE, 43, 3, 5); /* runs on pool 3 lane 5 ... */
    rec(&w, LP_EV_JOB_PARK, 43, 3, 0); /* ... and waits */
    rec(&w, LP_EV_BLOCK_BEGIN, 0, 0, 0);
    lp_event nan_time = {.time = NAN, .kind = LP_EV_BLOCK_BEGIN}; /* begins twice */
    nan_time.arg.when = INFINITY;
    assert_int_equal(lp_trace_append(&w.trace, &nan_time), LP_OK);
    w.clock.now = 3.0;
    rec(&w, LP_EV_TASK_STEP, 11, 0, 0); /* runs when the trace ends */
    size_t len;
    char *json = json_of(&w.trace, &len);
    static const char checks[] =
        "assert d['otherData']['unexpected_records'] == 6, d['otherData']\n"
        "assert d['otherData']['end_s'] == 3\n"
        "assert names[(1, 1007)] == 'task 7' and names[(1, 1010)] == 'task 10', names\n"
        "assert names[(2, 1)] == 'pool 3 lane 5', names\n"
        "job = one('job 43', 2, 1)\n"
        "assert (job['ts'], job['dur'], job['args']['unfinished']) == (2000000, 1000000, True)\n"
        "park = one('waiting', 2, 1)\n"
        "assert (park['ts'], park['dur']) == (2000000, 1000000), park\n"
        "blocks = named('blocked', 1, 0)\n"
        "assert [(b['ts'], b['dur']) for b in blocks] == [(2000000, 0), (2000000, 1000000)]\n"
        "assert blocks[1]['args'] == {'until_s': None, 'unfinished': True}, blocks[1]\n"
        "s = one('step', 1, 1007)\n"
        "assert (s['ts'], s['dur'], s['args']) == (0, 1000000, {'handle': 12345}), s\n"
        "s = one('step', 1, 1011)\n"
        "assert (s['ts'], s['dur'], s['args']['unfinished']) == (3000000, 0, True), s\n"
        "w = one('waiting: ?', 1, 1009)\n"
        "assert w['args']['kind'] == 'other' and w['args']['unfinished'], w\n"
        "assert one('output: ?', 1, 1009)['args']['stream'] == 'output'\n";
    assert_int_equal(py_check(json, len, checks, NULL), 0);
    free(json);
    world_close(&w);
}

static void test_trace_json_empty_trace_has_the_loop_track(void **state)
{
    (void)state;
    lp_trace t;
    assert_int_equal(lp_trace_init(&t, lp_allocator_default()), LP_OK);
    size_t len;
    char *json = json_of(&t, &len);
    assert_int_equal(py_check(json, len, "assert names == {(1, 0): 'loop'} and body == []\n", NULL),
                     0);
    free(json);
    lp_trace_free(&t);
}

static void test_trace_json_survives_failed_allocations(void **state)
{
    (void)state;
    failing_alloc fa = {-1, 0, 0};
    world w;
    world_init(&w, failing_alloc_make(&fa));
    run_program(&w);
    size_t len;
    char *expected = json_of(&w.trace, &len);
    size_t base_live = fa.live;
    int failures = 0;
    for (long n = 0;; n++) {
        fa.fail_after = (long)fa.calls + n;
        char *buf = NULL;
        size_t got = 0;
        FILE *f = open_memstream(&buf, &got);
        int rc = lp_trace_json_write(&w.trace, f);
        fclose(f);
        assert_int_equal(fa.live, base_live); /* nothing leaked */
        if (rc == LP_OK) {
            assert_int_equal(got, len);
            assert_memory_equal(buf, expected, len);
            free(buf);
            break;
        }
        assert_int_equal(rc, LP_E_NOMEM);
        assert_int_equal(got, 0); /* nothing written */
        free(buf);
        failures++;
    }
    assert_true(failures > 5);
    fa.fail_after = -1;
    free(expected);
    world_close(&w);
    assert_int_equal(fa.live, 0);
}

static void test_trace_json_write_path_reports_why(void **state)
{
    (void)state;
    world w;
    world_init(&w, lp_allocator_default());
    run_program(&w);
    errno = 0;
    assert_int_equal(lp_trace_json_write_path(&w.trace, lp_allocator_default(), "/nonexistent-dir/x.json"), LP_E_INVAL);
    assert_int_equal(errno, ENOENT);
    errno = 0;
    assert_int_equal(lp_trace_json_write_path(&w.trace, lp_allocator_default(), "/dev/full"), LP_E_INVAL);
    assert_int_equal(errno, ENOSPC);

    char path[] = "/tmp/lp-trace-json-out-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(lp_trace_json_write_path(&w.trace, lp_allocator_default(), path), LP_OK);
    size_t len;
    char *expected = json_of(&w.trace, &len);
    FILE *f = fopen(path, "rb");
    char *got = malloc(len + 1);
    assert_int_equal(fread(got, 1, len + 1, f), len);
    fclose(f);
    unlink(path);
    assert_memory_equal(got, expected, len);
    free(got);
    free(expected);
    world_close(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_json_program_has_a_track_per_task_and_lane),
        cmocka_unit_test(test_trace_json_escapes_any_bytes),
        cmocka_unit_test(test_trace_json_huge_event_among_many),
        cmocka_unit_test(test_trace_json_same_trace_same_bytes),
        cmocka_unit_test(test_trace_json_times_are_exact_microseconds),
        cmocka_unit_test(test_trace_json_survives_unmatched_and_unknown_records),
        cmocka_unit_test(test_trace_json_empty_trace_has_the_loop_track),
        cmocka_unit_test(test_trace_json_survives_failed_allocations),
        cmocka_unit_test(test_trace_json_write_path_reports_why),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
