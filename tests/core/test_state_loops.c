/* test_state_loops.c - a run with two event loops (the main thread's and a
** thread's): records carry their loop in `flags`; a state follows one set of
** loops and keeps none of the others' handles, yet every loop's tasks; a
** replay that follows loop 1 seeks as applying one by one does; the JSON
** export says which thread runs each loop and whose each task is. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/interp.h"
#include "core/replay.h"
#include "core/state.h"
#include "core/status.h"
#include "core/trace_json.h"

static lp_event ev(double t, lp_event_kind kind, uint32_t subject, uint8_t loop, uint16_t small, uint64_t u64)
{
    lp_event e = {t, subject, (uint8_t)kind, loop, small, {.u64 = u64}};
    return e;
}

static lp_event at(double t, lp_event_kind kind, uint32_t subject, uint8_t loop, double when)
{
    lp_event e = {t, subject, (uint8_t)kind, loop, 0, {.when = when}};
    return e;
}

/* Loop 0 (main thread): task 1 sleeps on timer 1 (0.7). Loop 1 (thread 3):
** task 2 sets timers 2 (0.5) and 3 (1.5); timer 2 fires first. */
static void fill(lp_trace *tr)
{
    const lp_event evs[] = {
        ev(0, LP_EV_TASK_NEW, 1, 0, 0, 0),
        ev(0, LP_EV_LOOP_RUN, 0, 0, 0, 0),
        ev(0, LP_EV_CALL_SOON, 10, 0, 0, 0),
        ev(0, LP_EV_ITER, 0, 0, 0, 1),
        ev(0, LP_EV_RUN, 10, 0, 0, 0),
        ev(0, LP_EV_TASK_STEP, 1, 0, 0, 10),
        at(0, LP_EV_CALL_AT, 1, 0, 0.7),
        ev(0, LP_EV_TASK_WAIT, 1, 0, LP_WAIT_SLEEP, 0),
        at(0, LP_EV_POLL, 0, 0, 0.7), /* the main loop waits: the thread's turn */
        ev(0, LP_EV_TASK_NEW, 2, 1, 0, 0),
        ev(0, LP_EV_LOOP_RUN, 3, 1, 0, 0),
        ev(0, LP_EV_CALL_SOON, 11, 1, 0, 0),
        ev(0, LP_EV_ITER, 0, 1, 0, 1),
        ev(0, LP_EV_RUN, 11, 1, 0, 0),
        ev(0, LP_EV_TASK_STEP, 2, 1, 0, 11),
        at(0, LP_EV_CALL_AT, 2, 1, 0.5),
        at(0, LP_EV_CALL_AT, 3, 1, 1.5),
        ev(0, LP_EV_TASK_WAIT, 2, 1, LP_WAIT_FUTURE, 0),
        at(0.5, LP_EV_CLOCK, 0, 0, 0.0),
        ev(0.5, LP_EV_TIMER_DUE, 2, 1, 0, 0),
        ev(0.5, LP_EV_ITER, 0, 1, 0, 1),
        ev(0.5, LP_EV_RUN, 2, 1, 0, 0),
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(lp_trace_append(tr, &evs[i]), LP_OK);
}

static void apply_all(const lp_trace *tr, lp_state *s)
{
    for (size_t i = 0; i < lp_trace_count(tr); i++)
        assert_int_equal(lp_state_apply(s, lp_trace_at(tr, i)), LP_OK);
}

static void interp_reads_the_loop(void **state)
{
    (void)state;
    lp_transition t;
    lp_event e = ev(1, LP_EV_LOOP_RUN, 3, 7, 0, 0);
    assert_true(lp_interp_read(&e, &t));
    assert_int_equal(t.kind, LP_TR_LOOP_RUNS);
    assert_int_equal(t.loop, 7);
    assert_int_equal(t.thread, 3);
    e = at(1, LP_EV_CALL_AT, 4, 2, 3.0);
    assert_true(lp_interp_read(&e, &t));
    assert_int_equal(t.kind, LP_TR_TIMER_SET);
    assert_int_equal(t.loop, 2);
}

static void follows_one_loop(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    lp_state main_loop, thread_loop;
    lp_state_init(&main_loop, lp_allocator_default()); /* loop 0 by default */
    lp_state_init(&thread_loop, lp_allocator_default());
    const uint64_t one[4] = {2, 0, 0, 0};
    lp_state_follow_loops(&thread_loop, one);
    apply_all(&tr, &main_loop);
    apply_all(&tr, &thread_loop);

    /* the main loop: its timer only, none of the thread's */
    uint32_t order[8];
    size_t n = 0;
    assert_int_equal(lp_state_timer_order(&main_loop, order, 8, &n), LP_OK);
    assert_int_equal(n, 1);
    assert_int_equal(order[0], 1);
    assert_null(lp_state_handle_find(&main_loop, 3));
    assert_int_equal(main_loop.running, 0); /* in its poll: the thread's timer 2 runs in the thread */
    assert_int_equal(main_loop.running_task, 0);
    assert_int_equal(main_loop.heap_resyncs, 0);
    /* the thread's loop: timer 3 left, timer 2 running */
    assert_int_equal(lp_state_timer_order(&thread_loop, order, 8, &n), LP_OK);
    assert_int_equal(n, 1);
    assert_int_equal(order[0], 3);
    assert_null(lp_state_handle_find(&thread_loop, 1));
    assert_int_equal(thread_loop.running, 2);
    /* both know both tasks, each with its loop; only the followed loop's step is "running" */
    for (int k = 0; k < 2; k++) {
        const lp_state *s = k ? &thread_loop : &main_loop;
        assert_int_equal(s->task_count, 2);
        assert_int_equal(lp_state_task_find(s, 1)->loop, 0);
        assert_int_equal(lp_state_task_find(s, 2)->loop, 1);
    }
    assert_true(lp_state_follows(&thread_loop, 1) && !lp_state_follows(&thread_loop, 0));
    assert_false(lp_state_equal(&main_loop, &thread_loop));

    /* a replay that follows loop 1 seeks to what applying one by one gives */
    lp_replay r;
    assert_int_equal(lp_replay_init_loops(&r, &tr, 2, one, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&r), LP_OK);
    for (size_t i = 0; i <= lp_trace_count(&tr); i++) {
        lp_state got, want;
        assert_int_equal(lp_replay_state_at(&r, i, &got), LP_OK);
        lp_state_init(&want, lp_allocator_default());
        lp_state_follow_loops(&want, one);
        for (size_t j = 0; j < i; j++)
            assert_int_equal(lp_state_apply(&want, lp_trace_at(&tr, j)), LP_OK);
        assert_true(lp_state_equal(&got, &want));
        lp_state_free(&got);
        lp_state_free(&want);
    }
    lp_replay_free(&r);
    lp_state_free(&main_loop);
    lp_state_free(&thread_loop);
    lp_trace_free(&tr);
}

static void json_names_the_loops(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(lp_trace_json_write(&tr, f), LP_OK);
    long size = ftell(f);
    rewind(f);
    char *text = calloc((size_t)size + 1, 1);
    assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
    assert_non_null(strstr(text, "loop 0 runs in the main thread"));
    assert_non_null(strstr(text, "loop 1 runs in thread 3"));
    assert_non_null(strstr(text, "task 2 [loop 1]"));
    assert_non_null(strstr(text, "task 1 [loop 0]"));
    free(text);
    fclose(f);
    lp_trace_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(interp_reads_the_loop),
        cmocka_unit_test(follows_one_loop),
        cmocka_unit_test(json_names_the_loops),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
