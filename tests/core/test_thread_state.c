/* test_thread_state.c - threads as the trace tells them (thread_state.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "core/thread_state.h"
#include "failing_alloc.h"

static lp_event rec(double time, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t arg)
{
    lp_event ev = {time, subject, (uint8_t)kind, 0, small, {.u64 = arg}};
    return ev;
}

static lp_event rec_when(double time, lp_event_kind kind, uint32_t subject, uint16_t small, double when)
{
    lp_event ev = {time, subject, (uint8_t)kind, 0, small, {.when = when}};
    return ev;
}

static void apply_all(lp_thread_table *t, const lp_event *evs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lp_thread_table_apply(t, &evs[i]), LP_OK);
}

/* A worker that starts, waits in Queue.get() at line 12, is woken by the
** loop thread, sleeps, and ends. */
static const lp_event life[] = {
    {0.0, 7, LP_EV_JOB_SUBMIT, 0, 0, {.u64 = 0}},
    {0.0, 7, LP_EV_THREAD_NEW, 0, LP_THREAD_PROGRAM, {.u64 = 41}},
    {0.0, 7, LP_EV_JOB_WAKE, 0, 0, {.u64 = 0}},
    {0.0, 7, LP_EV_THREAD_AT, 0, 0, {.u64 = ((uint64_t)5 << 32) | 12}},
    {0.0, 7, LP_EV_THREAD_WAIT, 0, LP_WAIT_QUEUE, {.u64 = 42}},
    {0.0, 7, LP_EV_JOB_PARK, 0, 0, {.u64 = 0}},
    {1.5, 7, LP_EV_THREAD_WAKE, 0, 0, {.u64 = 0}},
    {1.5, 7, LP_EV_JOB_SLEEP, 0, 0, {.when = 1.5}},
    {1.5, 7, LP_EV_JOB_WAKE, 0, 0, {.u64 = 0}},
    {1.5, 7, LP_EV_THREAD_RESUME, 0, 1, {.u64 = 0}},
    {1.5, 7, LP_EV_JOB_SLEEP, 0, 0, {.when = 2.0}},
    {2.0, 7, LP_EV_JOB_WAKE, 0, 0, {.u64 = 0}},
    {2.0, 7, LP_EV_JOB_END, 0, 0, {.u64 = 0}},
};

static void test_a_thread_life(void **state)
{
    (void)state;
    lp_thread_table t;
    lp_thread_table_init(&t, lp_allocator_default());
    apply_all(&t, life, 2);
    const lp_state_thread *w = lp_thread_find(&t, 7);
    assert_non_null(w);
    assert_int_equal(w->status, LP_THREAD_STARTING);
    assert_int_equal(w->name_sid, 41);
    apply_all(&t, life + 2, 4);
    w = lp_thread_find(&t, 7);
    assert_int_equal(w->status, LP_THREAD_WAITING);
    assert_int_equal(w->wait_kind, LP_WAIT_QUEUE);
    assert_int_equal(w->wait_sid, 42);
    assert_int_equal(w->file_sid, 5);
    assert_int_equal(w->line, 12);
    assert_true(w->until == -1);
    assert_false(w->woken);
    apply_all(&t, life + 6, 2);
    w = lp_thread_find(&t, 7);
    assert_int_equal(w->status, LP_THREAD_WAITING); /* woken, not yet running */
    assert_true(w->woken);
    assert_int_equal(w->woken_by, 0);
    assert_true(w->woken_at == 1.5);
    apply_all(&t, life + 8, 3);
    w = lp_thread_find(&t, 7);
    assert_int_equal(w->status, LP_THREAD_SLEEPING);
    assert_true(w->until == 2.0);
    assert_true(w->since == 1.5);
    apply_all(&t, life + 11, 2);
    w = lp_thread_find(&t, 7);
    assert_int_equal(w->status, LP_THREAD_FINISHED);
    assert_int_equal(t.count, 1); /* finished threads are kept */
    lp_thread_table_free(&t);
}

static void test_a_wait_with_a_deadline_keeps_waiting(void **state)
{
    (void)state;
    lp_thread_table t;
    lp_thread_table_init(&t, lp_allocator_default());
    const lp_event evs[] = {
        rec(0, LP_EV_THREAD_NEW, 3, LP_THREAD_POOL_LANE, 9),
        rec(0, LP_EV_JOB_WAKE, 3, 0, 0),
        rec(0, LP_EV_THREAD_WAIT, 3, LP_WAIT_EVENT, 10),
        rec_when(0, LP_EV_JOB_SLEEP, 3, 0, 0.25),
    };
    apply_all(&t, evs, 4);
    const lp_state_thread *w = lp_thread_find(&t, 3);
    assert_int_equal(w->status, LP_THREAD_WAITING);
    assert_int_equal(w->kind, LP_THREAD_POOL_LANE);
    assert_true(w->until == 0.25);
    lp_thread_table_free(&t);
}

/* Two threads compute 1 s each: the second halves the first's rate; the
** first's progress bar is half done at 1.0 when it started at 0. */
static void test_cpu_work_and_rates(void **state)
{
    (void)state;
    lp_thread_table t;
    lp_thread_table_init(&t, lp_allocator_default());
    const lp_event evs[] = {
        rec(0, LP_EV_THREAD_NEW, 1, 0, 0),
        rec_when(0, LP_EV_CPU_WORK, 1, 0, 1.0),
        rec_when(0, LP_EV_CPU_RATE, 1, 0, 1.0),
        rec_when(0.5, LP_EV_CPU_WORK, 0, 0, 1.0), /* the loop thread joins in */
        rec_when(0.5, LP_EV_CPU_RATE, 1, 0, 0.5),
        rec_when(0.5, LP_EV_CPU_RATE, 0, 0, 0.5),
    };
    apply_all(&t, evs, 6);
    const lp_state_thread *a = lp_thread_find(&t, 1), *loop = lp_thread_find(&t, 0);
    assert_non_null(loop);
    assert_int_equal(a->status, LP_THREAD_COMPUTING);
    assert_int_equal(loop->status, LP_THREAD_COMPUTING);
    assert_true(a->cpu_rate == 0.5);
    assert_true(lp_thread_cpu_done_at(a, 0.5) == 0.5);
    assert_true(lp_thread_cpu_done_at(a, 1.0) == 0.75);
    assert_true(a->until == 1.5);            /* 0.5 left at half speed */
    assert_true(loop->until == 2.5);         /* 1.0 left at half speed */
    const lp_event done = rec_when(1.5, LP_EV_CPU_RATE, 1, 0, 0.0);
    apply_all(&t, &done, 1);
    a = lp_thread_find(&t, 1);
    assert_int_equal(a->status, LP_THREAD_RUNNING);
    assert_true(lp_thread_cpu_done_at(a, 9.0) == 1.0); /* never more than the work */
    lp_thread_table_free(&t);
}

static void test_jobs_of_no_thread_are_ignored(void **state)
{
    (void)state;
    lp_thread_table t;
    lp_thread_table_init(&t, lp_allocator_default());
    const lp_event evs[] = {rec(0, LP_EV_JOB_WAKE, 5, 0, 0), rec(0, LP_EV_CALL_SOON, 1, 0, 0)};
    apply_all(&t, evs, 2);
    assert_int_equal(t.count, 0);
    lp_thread_table_free(&t);
}

static void test_copy_is_independent_and_equal(void **state)
{
    (void)state;
    lp_thread_table t, c;
    lp_thread_table_init(&t, lp_allocator_default());
    apply_all(&t, life, 8);
    assert_int_equal(lp_thread_table_copy(&c, &t), LP_OK);
    assert_true(lp_thread_table_equal(&t, &c));
    apply_all(&t, life + 8, 5);
    assert_false(lp_thread_table_equal(&t, &c));
    assert_int_equal(lp_thread_find(&c, 7)->status, LP_THREAD_WAITING);
    lp_thread_table_free(&c);
    lp_thread_table_free(&t);
}

static void test_survives_every_failed_allocation(void **state)
{
    (void)state;
    for (long fail_after = 0; fail_after < 20; fail_after++) {
        failing_alloc fa = {.fail_after = fail_after};
        lp_thread_table t;
        lp_thread_table_init(&t, failing_alloc_make(&fa));
        bool failed = false;
        for (uint32_t serial = 1; serial <= 40; serial++) {
            lp_event ev = rec(0, LP_EV_THREAD_NEW, serial, 0, serial);
            if (lp_thread_table_apply(&t, &ev) != LP_OK)
                failed = true;
        }
        lp_thread_table c;
        if (lp_thread_table_copy(&c, &t) == LP_OK) {
            assert_true(lp_thread_table_equal(&t, &c));
            lp_thread_table_free(&c);
        }
        for (size_t i = 0; i < t.count; i++) /* what was kept is whole */
            assert_ptr_equal(lp_thread_find(&t, t.threads[i].serial), &t.threads[i]);
        if (fail_after == 0)
            assert_true(failed);
        lp_thread_table_free(&t);
        assert_int_equal(fa.live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_thread_life),
        cmocka_unit_test(test_a_wait_with_a_deadline_keeps_waiting),
        cmocka_unit_test(test_cpu_work_and_rates),
        cmocka_unit_test(test_jobs_of_no_thread_are_ignored),
        cmocka_unit_test(test_copy_is_independent_and_equal),
        cmocka_unit_test(test_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
