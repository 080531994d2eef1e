/* test_lanes.c - worker lanes: first come first served, wake-ups in (time,
** order) before timers due at the same time, blocking spans. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/lanes.h"
#include "core/loop.h"
#include "core/status.h"
#include "core/trace.h"

/* A scripted job: sleeps through `steps` durations, then finishes; each run
** and each loop callback appends to a shared log. */
typedef struct world {
    lp_clock clock;
    lp_lanes lanes;
    lp_loop  loop;
    char     log[1024];
} world;

/* A loop polling lanes, both on one clock, as the Python layer sets them up. */
static void world_init(world *w)
{
    memset(w, 0, sizeof *w);
    lp_lanes_desc ld = {.clock = &w->clock};
    assert_int_equal(lp_lanes_init(&w->lanes, &ld), LP_OK);
    lp_loop_desc desc = {.clock = &w->clock, .lanes = &w->lanes};
    assert_int_equal(lp_loop_init(&w->loop, &desc), LP_OK);
}

static void world_close(world *w)
{
    lp_loop_close(&w->loop);
    lp_lanes_close(&w->lanes);
}

typedef struct job {
    world  *w;
    char    name;
    lp_id   id;
    double  steps[4];
    int     nsteps;
    int     at;          /* steps done */
    int     notify_loop; /* on finishing, call_soon a loop callback: a notify_how */
} job;

/* How a finishing job tells the loop: call_soon_threadsafe (true in the
** initializers below: call_soon and lp_loop_wake) or a plain call_soon. */
enum notify_how { NOTIFY_NONE = 0, NOTIFY_WAKE = 1, NOTIFY_UNSAFE = 2 };

static void logf_(world *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t len = strlen(w->log);
    vsnprintf(w->log + len, sizeof w->log - len, fmt, ap);
    va_end(ap);
}

static void on_result(lp_loop *loop, void *ctx)
{
    job *j = ctx;
    logf_(j->w, "R%c@%g ", j->name, lp_loop_time(loop));
}

static void on_timer(lp_loop *loop, void *ctx)
{
    world *w = ctx;
    logf_(w, "T@%g ", lp_loop_time(loop));
}

static void job_step(lp_lanes *lanes, void *ctx)
{
    job *j = ctx;
    uint32_t lane = 99;
    double now = lanes->clock->now;
    assert_int_equal(lp_lanes_job_lane(lanes, j->id, &lane), LP_OK);
    logf_(j->w, "%c%d@%g ", j->name, lane, now);
    if (j->at < j->nsteps) {
        assert_int_equal(lp_lanes_sleep_until(lanes, j->id, now + j->steps[j->at++]), LP_OK);
        return;
    }
    if (j->notify_loop) { /* call_soon_threadsafe of the job's result */
        assert_int_equal(lp_loop_call_soon(&j->w->loop, on_result, j, NULL), LP_OK);
        if (j->notify_loop == NOTIFY_WAKE)
            lp_loop_wake(&j->w->loop);
    }
    assert_int_equal(lp_lanes_finish(lanes, j->id), LP_OK);
}

static void submit(world *w, uint16_t pool, job *j)
{
    assert_int_equal(lp_lanes_submit(&w->lanes, pool, job_step, j, &j->id), LP_OK);
}

/* job_step, then the turn goes on directly to whichever job's wake-up the
** run in progress would run next (lp_lanes_next_turn), in place: what the
** Python layer does by handing the baton from thread to thread. */
static int turns_handed_on;

static void job_step_handing_turns(lp_lanes *lanes, void *ctx)
{
    job *j = ctx;
    for (;;) {
        bool finishes = j->at >= j->nsteps;
        job_step(lanes, j);
        lp_id next;
        void *next_ctx;
        if (finishes || !lp_lanes_next_turn(lanes, j->id, &next, &next_ctx))
            return;
        j = next_ctx;
        assert_true(lanes->current_job == j->id);
        turns_handed_on++;
    }
}

static void run_all(world *w)
{
    for (int i = 0; i < 1000 && lp_loop_run_once(&w->loop) == LP_OK; i++)
        ;
}

/* The same program, with turns handed back to the loop after every event
** and handed on directly: the same runs at the same times, and the same
** trace, record for record. */
static void run_turns_program(world *w, lp_trace *trace, lp_job_fn fn)
{
    assert_int_equal(lp_trace_init(trace, lp_allocator_default()), LP_OK);
    w->lanes.trace = trace;
    uint16_t pool;
    assert_int_equal(lp_lanes_pool_new(&w->lanes, 3, &pool), LP_OK);
    static job jobs[5];
    const double plans[5][4] = {{0.5, 0.5, 0.25}, {0.25, 1.0}, {0.75}, {0.5, 0.5}, {0.1, 0.1, 0.1, 0.1}};
    const int nsteps[5] = {3, 2, 1, 2, 4};
    for (int i = 0; i < 5; i++) {
        jobs[i] = (job){w, (char)('a' + i), 0, {0}, nsteps[i], 0, i % 2 == 0};
        memcpy(jobs[i].steps, plans[i], sizeof plans[i]);
        assert_int_equal(lp_lanes_submit(&w->lanes, pool, fn, &jobs[i], &jobs[i].id), LP_OK);
    }
    assert_int_equal(lp_loop_call_at(&w->loop, 0.75, on_timer, w, NULL), LP_OK);
    assert_int_equal(lp_loop_call_at(&w->loop, 1.0, on_timer, w, NULL), LP_OK);
    run_all(w);
}

static void test_lanes_turns_handed_on_directly_change_nothing(void **state)
{
    (void)state;
    world plain, direct;
    lp_trace plain_trace, direct_trace;
    world_init(&plain);
    run_turns_program(&plain, &plain_trace, job_step);
    world_init(&direct);
    turns_handed_on = 0;
    run_turns_program(&direct, &direct_trace, job_step_handing_turns);
    assert_true(turns_handed_on >= 3); /* the direct path was taken */
    assert_string_equal(plain.log, direct.log);
    assert_int_equal(lp_trace_count(&plain_trace), lp_trace_count(&direct_trace));
    for (size_t i = 0; i < lp_trace_count(&plain_trace); i++)
        assert_memory_equal(lp_trace_at(&plain_trace, i), lp_trace_at(&direct_trace, i), sizeof(lp_event));
    assert_true(strstr(plain.log, "e") != NULL); /* the program ran to its end */
    world_close(&plain);
    world_close(&direct);
    lp_trace_free(&plain_trace);
    lp_trace_free(&direct_trace);
}

static void test_lanes_lowest_free_lane_then_fifo(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    assert_int_equal(lp_lanes_pool_new(&w.lanes, 2, &pool), LP_OK);
    job a = {&w, 'a', 0, {1.0}, 1, 0, false};
    job b = {&w, 'b', 0, {3.0}, 1, 0, false};
    job c = {&w, 'c', 0, {1.0}, 1, 0, false};
    job d = {&w, 'd', 0, {1.0}, 1, 0, false};
    submit(&w, pool, &a);
    submit(&w, pool, &b);
    submit(&w, pool, &c); /* queued: both lanes busy */
    submit(&w, pool, &d); /* queued behind c */
    uint32_t lane;
    assert_int_equal(lp_lanes_job_lane(&w.lanes, c.id, &lane), LP_E_INVAL);
    run_all(&w);
    /* a frees lane 0 at t=1: c (first come) takes it; d waits for c, at t=2 */
    assert_string_equal(w.log, "a0@0 b1@0 a0@1 c0@1 c0@2 d0@2 b1@3 d0@3 ");
    assert_true(lp_loop_time(&w.loop) == 3.0);
    world_close(&w);
}

static void test_lanes_job_code_first_runs_when_loop_waits(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 8, &pool);
    job a = {&w, 'a', 0, {0}, 0, 0, true};
    submit(&w, pool, &a);
    assert_string_equal(w.log, ""); /* submitted, not yet run */
    assert_int_equal(lp_loop_run_once(&w.loop), LP_OK);
    /* the poll ran the job; its result callback ran in the same iteration */
    assert_string_equal(w.log, "a0@0 Ra@0 ");
    world_close(&w);
}

static void test_lanes_wakeups_before_timers_at_equal_times(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 8, &pool);
    job a = {&w, 'a', 0, {0.5}, 1, 0, true};
    assert_int_equal(lp_loop_call_at(&w.loop, 0.5, on_timer, &w, NULL), LP_OK);
    submit(&w, pool, &a);
    run_all(&w);
    /* at t=0.5 the job's wake-up runs before the timer, and its result
    ** callback is ready before the timer callback */
    assert_string_equal(w.log, "a0@0 a0@0.5 Ra@0.5 T@0.5 ");
    world_close(&w);
}

/* A job's plain call_soon (not thread-safe) does not wake the poll: its
** callback waits for the deadline, the timer's, as under CPython, where
** nothing is written to the self-pipe. call_soon_threadsafe wakes it. */
static void test_lanes_unsafe_call_soon_waits_for_the_deadline(void **state)
{
    (void)state;
    for (int how = NOTIFY_WAKE; how <= NOTIFY_UNSAFE; how++) {
        world w;
        world_init(&w);
        uint16_t pool;
        lp_lanes_pool_new(&w.lanes, 8, &pool);
        job a = {&w, 'a', 0, {0.1}, 1, 0, how};
        assert_int_equal(lp_loop_call_at(&w.loop, 0.5, on_timer, &w, NULL), LP_OK);
        submit(&w, pool, &a);
        run_all(&w);
        assert_string_equal(w.log, how == NOTIFY_WAKE ? "a0@0 a0@0.1 Ra@0.1 T@0.5 "
                                                      : "a0@0 a0@0.1 Ra@0.5 T@0.5 ");
        world_close(&w);
    }
}

static void test_lanes_equal_wakeups_run_in_order_set(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 8, &pool);
    job a = {&w, 'a', 0, {1.0}, 1, 0, false};
    job b = {&w, 'b', 0, {1.0}, 1, 0, false};
    job c = {&w, 'c', 0, {1.0}, 1, 0, false};
    submit(&w, pool, &c);
    submit(&w, pool, &a);
    submit(&w, pool, &b);
    run_all(&w);
    assert_string_equal(w.log, "c0@0 a1@0 b2@0 c0@1 a1@1 b2@1 ");
    world_close(&w);
}

static void test_lanes_blocking_span_runs_worker_events_only(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 8, &pool);
    job a = {&w, 'a', 0, {0.5}, 1, 0, true};
    lp_loop_call_at(&w.loop, 0.25, on_timer, &w, NULL);
    submit(&w, pool, &a);
    /* the loop thread blocks for 1 s (time.sleep(1) in a coroutine) */
    lp_lanes_block(&w.lanes, 1.0);
    assert_true(lp_loop_time(&w.loop) == 1.0);
    /* the job ran at 0 and 0.5 and finished; its result waits in ready;
    ** the timer due at 0.25 has not run */
    assert_string_equal(w.log, "a0@0 a0@0.5 ");
    assert_int_equal(lp_loop_ready_count(&w.loop), 1);
    assert_int_equal(lp_loop_run_once(&w.loop), LP_OK);
    /* ready first (it was queued first), then the late timer, at t=1 */
    assert_string_equal(w.log, "a0@0 a0@0.5 Ra@1 T@1 ");
    world_close(&w);
}

static void test_lanes_poll_with_ready_runs_at_most_one_event(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 8, &pool);
    job a = {&w, 'a', 0, {0}, 0, 0, false};
    job b = {&w, 'b', 0, {0}, 0, 0, false};
    submit(&w, pool, &a);
    submit(&w, pool, &b);
    lp_loop_call_soon(&w.loop, on_timer, &w, NULL);
    assert_int_equal(lp_loop_run_once(&w.loop), LP_OK);
    assert_string_equal(w.log, "a0@0 T@0 ");
    assert_int_equal(lp_loop_run_once(&w.loop), LP_OK);
    assert_string_equal(w.log, "a0@0 T@0 b1@0 ");
    world_close(&w);
}

/* A parked job (waiting on a lock, say) runs again only when woken. */
static void park_step(lp_lanes *lanes, void *ctx)
{
    job *j = ctx;
    logf_(j->w, "%c@%g ", j->name, lanes->clock->now);
    if (j->at++ == 0)
        assert_int_equal(lp_lanes_park(lanes, j->id), LP_OK);
    else
        assert_int_equal(lp_lanes_finish(lanes, j->id), LP_OK);
}

static void wake_parked(lp_loop *loop, void *ctx)
{
    job *j = ctx;
    logf_(j->w, "wake@%g ", lp_loop_time(loop));
    (void)loop;
    assert_int_equal(lp_lanes_wake(&j->w->lanes, j->id), LP_OK);
}

static void test_lanes_parked_job_waits_for_wake(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 1, &pool);
    job a = {&w, 'a', 0, {0}, 0, 0, false};
    assert_int_equal(lp_lanes_submit(&w.lanes, pool, park_step, &a, &a.id), LP_OK);
    lp_loop_call_at(&w.loop, 2.0, wake_parked, &a, NULL);
    run_all(&w);
    assert_string_equal(w.log, "a@0 wake@2 a@2 ");
    assert_int_equal(lp_lanes_job_serial(&w.lanes, a.id), 0); /* finished: stale */
    world_close(&w);
}

/* Under a time limit (--until), a loop with no timer whose poll lets a job
** run that parks for good has nothing left that can happen: a deadlock
** (LP_E_IDLE), not a wake-up "at +inf" past the limit. */
static void test_lanes_job_stuck_under_time_limit_is_idle(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    lp_loop_set_time_limit(&w.loop, 3600.0);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 1, &pool);
    job a = {&w, 'a', 0, {0}, 0, 0, false};
    assert_int_equal(lp_lanes_submit(&w.lanes, pool, park_step, &a, &a.id), LP_OK);
    assert_int_equal(lp_loop_run_once(&w.loop), LP_E_IDLE);
    assert_string_equal(w.log, "a@0 ");
    world_close(&w);
}

/* A loop in another thread: its poll runs no job (the loop thread does) and
** moves no clock; it waits until the earliest deadline, +inf without one. */
static double waited[4];
static int nwaited;

static bool record_wait(lp_loop *loop, double deadline)
{
    waited[nwaited++] = deadline;
    if (isfinite(deadline)) /* the thread woke at its deadline */
        lp_clock_advance(loop->clock, deadline);
    return true;
}

static void test_lanes_loop_in_thread_waits_in_its_poll(void **state)
{
    (void)state;
    world w;
    world_init(&w);
    uint16_t pool;
    lp_lanes_pool_new(&w.lanes, 1, &pool);
    job a = {&w, 'a', 0, {0}, 0, 0, false};
    submit(&w, pool, &a);
    lp_loop_call_at(&w.loop, 2.0, on_timer, &w, NULL);
    nwaited = 0;
    assert_int_equal(lp_loop_run_once_in_thread(&w.loop, record_wait), LP_OK);
    assert_int_equal(nwaited, 1);
    assert_true(waited[0] == 2.0);
    assert_string_equal(w.log, "T@2 "); /* the job did not run here */
    /* no timer: it waits to be woken, where lp_loop_run_once says idle */
    assert_int_equal(lp_loop_run_once_in_thread(&w.loop, record_wait), LP_OK);
    assert_int_equal(nwaited, 2);
    assert_true(isinf(waited[1]));
    assert_true(lp_loop_time(&w.loop) == 2.0);
    world_close(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lanes_lowest_free_lane_then_fifo),
        cmocka_unit_test(test_lanes_turns_handed_on_directly_change_nothing),
        cmocka_unit_test(test_lanes_job_code_first_runs_when_loop_waits),
        cmocka_unit_test(test_lanes_wakeups_before_timers_at_equal_times),
        cmocka_unit_test(test_lanes_equal_wakeups_run_in_order_set),
        cmocka_unit_test(test_lanes_unsafe_call_soon_waits_for_the_deadline),
        cmocka_unit_test(test_lanes_blocking_span_runs_worker_events_only),
        cmocka_unit_test(test_lanes_poll_with_ready_runs_at_most_one_event),
        cmocka_unit_test(test_lanes_parked_job_waits_for_wake),
        cmocka_unit_test(test_lanes_job_stuck_under_time_limit_is_idle),
        cmocka_unit_test(test_lanes_loop_in_thread_waits_in_its_poll),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
