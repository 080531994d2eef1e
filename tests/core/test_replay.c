/* test_replay.c - the state rebuilt from the trace: it agrees with the live
** loop, and snapshots rebuild exactly what replaying from the start gives. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/lanes.h"
#include "core/loop.h"
#include "core/replay.h"
#include "core/status.h"
#include "program.h"

/* ---- a mixed workload: timers, cancels, call_soon, jobs on two pools ---- */

typedef struct workload {
    lp_clock clock;
    lp_lanes lanes;
    lp_loop  loop;
    uint16_t pools[2];
    uint32_t rng;
    int      callbacks;
    lp_id    recent[64];
} workload;

static uint32_t rnd(workload *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 17;
    w->rng ^= w->rng << 5;
    return w->rng;
}

typedef struct worker {
    workload *w;
    lp_id     id;
    int       sleeps;
} worker;

static void tick(lp_loop *loop, void *ctx);

static void worker_step(lp_lanes *lanes, void *ctx)
{
    worker *k = ctx;
    if (k->sleeps-- > 0) {
        lp_lanes_sleep_until(lanes, k->id, lanes->clock->now + 0.25 * (double)(rnd(k->w) % 4));
        return;
    }
    lp_loop_call_soon(&k->w->loop, tick, k->w, NULL); /* call_soon_threadsafe of the result */
    lp_lanes_finish(lanes, k->id);
}

/* One random scheduling action. */
static void act(lp_loop *loop, workload *w)
{
    uint32_t roll = rnd(w) % 10;
    lp_id id;
    if (roll < 4) {
        lp_loop_call_at(loop, lp_loop_time(loop) + 0.5 * (double)(rnd(w) % 5), tick, w, &id);
        w->recent[rnd(w) % 64] = id;
    } else if (roll < 6) {
        lp_loop_call_soon(loop, tick, w, &id);
        w->recent[rnd(w) % 64] = id;
    } else if (roll < 8) {
        lp_loop_cancel(loop, w->recent[rnd(w) % 64]); /* often stale: fine */
    } else {
        worker *k = malloc(sizeof *k);
        k->w = w;
        k->sleeps = (int)(rnd(w) % 3);
        /* freed by release_any when the job finishes */
        lp_lanes_submit(&w->lanes, w->pools[rnd(w) % 2], worker_step, k, &k->id);
    }
}

/* Each callback acts once or twice, so the workload grows until the cap. */
static void tick(lp_loop *loop, void *ctx)
{
    workload *w = ctx;
    if (w->callbacks++ > 3000)
        return;
    int actions = 1 + (int)(rnd(w) % 2);
    for (int i = 0; i < actions; i++)
        act(loop, w);
    if (rnd(w) % 17 == 0)
        lp_lanes_block(&w->lanes, lp_loop_time(loop) + 0.3);
}

static void release_any(void *user, void *ctx)
{
    workload *w = user;
    if (ctx != w)
        free(ctx); /* job contexts are heap workers; tick contexts are the workload */
}

/* Runs the workload, checking after each iteration that the state rebuilt
** from the trace agrees with the live loop. */
static void record_workload(lp_trace *trace, uint32_t seed)
{
    workload *w = calloc(1, sizeof *w);
    w->rng = seed;
    lp_lanes_desc ld = {.clock = &w->clock, .trace = trace, .release = release_any, .user = w};
    lp_lanes_init(&w->lanes, &ld);
    lp_loop_desc desc = {
        .clock = &w->clock, .lanes = &w->lanes, .trace = trace, .release = release_any, .user = w};
    lp_loop_init(&w->loop, &desc);
    lp_lanes_pool_new(&w->lanes, 2, &w->pools[0]);
    lp_lanes_pool_new(&w->lanes, 3, &w->pools[1]);
    for (int i = 0; i < 8; i++)
        lp_loop_call_soon(&w->loop, tick, w, NULL);

    lp_state live;
    lp_state_init(&live, lp_allocator_default());
    size_t applied = 0;
    while (lp_loop_run_once(&w->loop) == LP_OK) {
        for (; applied < lp_trace_count(trace); applied++)
            assert_int_equal(lp_state_apply(&live, lp_trace_at(trace, applied)), LP_OK);
        assert_true(live.time == lp_loop_time(&w->loop));
        assert_int_equal(lp_state_ready_count(&live), lp_loop_ready_count(&w->loop));
        size_t timers = 0;
        for (size_t i = 0; i < live.handle_count; i++)
            timers += live.handles[i].where == LP_STATE_TIMER;
        assert_int_equal(timers, lp_loop_timer_count(&w->loop));
    }
    lp_state_free(&live);
    lp_loop_close(&w->loop);
    lp_lanes_close(&w->lanes);
    free(w);
}

static void test_replay_state_agrees_with_live_loop(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 5; seed++) {
        lp_trace trace;
        lp_trace_init(&trace, lp_allocator_default());
        record_workload(&trace, seed * 2246822519u);
        assert_true(lp_trace_count(&trace) > 1000);
        lp_trace_free(&trace);
    }
}

static void test_replay_snapshots_rebuild_same_state_as_replaying_from_start(void **state)
{
    (void)state;
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    record_workload(&trace, 3266489917u);
    lp_replay replay;
    assert_int_equal(lp_replay_init(&replay, &trace, 64, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&replay), LP_OK);
    assert_true(replay.snap_count > 10);

    lp_state fresh;
    lp_state_init(&fresh, lp_allocator_default());
    size_t n = lp_trace_count(&trace);
    for (size_t i = 0; i <= n; i++) {
        if (i % 7 == 0 || i == n) {
            lp_state seek;
            assert_int_equal(lp_replay_state_at(&replay, i, &seek), LP_OK);
            assert_true(lp_state_equal(&seek, &fresh));
            lp_state_free(&seek);
        }
        if (i < n)
            assert_int_equal(lp_state_apply(&fresh, lp_trace_at(&trace, i)), LP_OK);
    }
    assert_int_equal(lp_replay_state_at(&replay, n + 1, &fresh), LP_E_RANGE);
    lp_state_free(&fresh);
    lp_replay_free(&replay);
    lp_trace_free(&trace);
}

static void test_replay_state_equal_notices_differences(void **state)
{
    (void)state;
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    record_workload(&trace, 12345u);
    lp_replay replay;
    lp_replay_init(&replay, &trace, 0, lp_allocator_default());
    lp_replay_update(&replay);
    size_t n = lp_trace_count(&trace);
    int differ = 0;
    for (size_t i = n / 4; i < n / 4 + 200; i++) {
        lp_state a, b;
        lp_replay_state_at(&replay, i, &a);
        lp_replay_state_at(&replay, i + 1, &b);
        const lp_event *ev = lp_trace_at(&trace, i);
        /* every record changes at least the count of applied records */
        assert_false(lp_state_equal(&a, &b));
        differ += ev->kind == LP_EV_CALL_AT;
        lp_state_free(&a);
        lp_state_free(&b);
    }
    assert_true(differ > 0);
    lp_replay_free(&replay);
    lp_trace_free(&trace);
}

static void test_replay_rejects_contradicting_records(void **state)
{
    (void)state;
    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    lp_event ev = {0};
    ev.kind = LP_EV_RUN;
    ev.subject = 5; /* nothing is ready */
    assert_int_equal(lp_state_apply(&s, &ev), LP_E_INVAL);
    ev.kind = LP_EV_JOB_WAKE; /* unknown job */
    assert_int_equal(lp_state_apply(&s, &ev), LP_E_INVAL);
    ev.kind = LP_EV_CALL_SOON;
    assert_int_equal(lp_state_apply(&s, &ev), LP_OK);
    assert_int_equal(lp_state_apply(&s, &ev), LP_E_INVAL); /* same serial twice */
    lp_state_free(&s);
}

/* A record the state refuses (a forged one: the run of a handle nothing
** queued) every 50 records of a real run: the replay skips each, the rest
** replays as without them, seeks skip them too; past the cap it stops. */
static void test_replay_skips_refused_records(void **state)
{
    (void)state;
    lp_trace real, forged;
    lp_trace_init(&real, lp_allocator_default());
    lp_trace_init(&forged, lp_allocator_default());
    record_workload(&real, 2654435761u);
    size_t n = lp_trace_count(&real);
    size_t *real_before = calloc(2 * n + 1, sizeof *real_before); /* real records before each */
    for (size_t i = 0; i < n; i++) {
        const lp_event *ev = lp_trace_at(&real, i);
        if (i % 50 == 25) {
            lp_event bad = *ev;
            bad.kind = LP_EV_RUN;
            bad.subject = 0x7fffffff;
            real_before[lp_trace_count(&forged)] = i;
            assert_int_equal(lp_trace_append(&forged, &bad), LP_OK);
        }
        real_before[lp_trace_count(&forged)] = i;
        assert_int_equal(lp_trace_append(&forged, ev), LP_OK);
    }
    size_t m = lp_trace_count(&forged);
    real_before[m] = n;
    lp_replay replay;
    assert_int_equal(lp_replay_init(&replay, &forged, 64, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&replay), LP_OK);
    assert_int_equal(replay.live.applied, m);
    assert_int_equal(replay.refused_count, m - n);
    for (size_t i = 0; i < m; i++)
        assert_int_equal(lp_replay_refused(&replay, i), lp_trace_at(&forged, i)->subject == 0x7fffffff);

    lp_replay truth;
    assert_int_equal(lp_replay_init(&truth, &real, 0, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&truth), LP_OK);
    for (size_t i = 0; i <= m; i += (i % 13 == 0) ? 1 : 11) {
        lp_state a, b;
        assert_int_equal(lp_replay_state_at(&replay, i, &a), LP_OK);
        assert_int_equal(lp_replay_state_at(&truth, real_before[i], &b), LP_OK);
        a.applied = b.applied; /* the refused records count in a's */
        assert_true(lp_state_equal(&a, &b));
        lp_state_free(&a);
        lp_state_free(&b);
    }
    lp_replay_free(&truth);
    lp_replay_free(&replay);

    /* past LP_REPLAY_MAX_REFUSED refusals, the index stops */
    lp_trace many;
    lp_trace_init(&many, lp_allocator_default());
    lp_event bad = {0};
    bad.kind = LP_EV_RUN;
    bad.subject = 5;
    for (int i = 0; i <= LP_REPLAY_MAX_REFUSED; i++)
        assert_int_equal(lp_trace_append(&many, &bad), LP_OK);
    assert_int_equal(lp_replay_init(&replay, &many, 0, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&replay), LP_E_INVAL);
    assert_int_equal(replay.live.applied, LP_REPLAY_MAX_REFUSED);
    lp_replay_free(&replay);
    lp_trace_free(&many);
    free(real_before);
    lp_trace_free(&forged);
    lp_trace_free(&real);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_state_agrees_with_live_loop),
        cmocka_unit_test(test_replay_snapshots_rebuild_same_state_as_replaying_from_start),
        cmocka_unit_test(test_replay_state_equal_notices_differences),
        cmocka_unit_test(test_replay_rejects_contradicting_records),
        cmocka_unit_test(test_replay_skips_refused_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
