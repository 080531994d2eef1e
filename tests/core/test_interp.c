/* test_interp.c - trace records read as typed transitions (core/interp.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/interp.h"
#include "core/status.h"

static lp_event rec(lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t arg)
{
    lp_event ev;
    memset(&ev, 0, sizeof ev);
    ev.time = 1.5;
    ev.kind = (uint8_t)kind;
    ev.subject = subject;
    ev.small = small;
    ev.arg.u64 = arg;
    return ev;
}

/* Every kind the trace defines is read, each to its own transition. */
static void test_every_kind_is_read(void **unused)
{
    (void)unused;
    bool seen[LP_TR__COUNT] = {false};
    for (unsigned k = 0; k < LP_EV__COUNT; k++) {
        lp_event ev = rec((lp_event_kind)k, 7, 1, 3);
        lp_transition t;
        assert_true(lp_interp_read(&ev, &t));
        assert_true(t.kind > LP_TR_NONE && t.kind < LP_TR__COUNT);
        assert_false(seen[t.kind]);
        seen[t.kind] = true;
        assert_true(t.time == 1.5);
        assert_string_not_equal(lp_interp_kind_name(t.kind), "?");
    }
    lp_event newer = rec((lp_event_kind)LP_EV__COUNT, 7, 1, 3);
    lp_transition t;
    assert_false(lp_interp_read(&newer, &t));
    assert_int_equal(t.kind, LP_TR_NONE);
    assert_int_equal(t.task, 0);
}

static void test_packed_fields_are_unpacked(void **unused)
{
    (void)unused;
    lp_transition t;
    lp_event at = rec(LP_EV_TASK_SUSPEND, 4, 0, (uint64_t)9 << 32 | 53);
    assert_true(lp_interp_read(&at, &t));
    assert_int_equal(t.kind, LP_TR_TASK_AT);
    assert_int_equal(t.task, 4);
    assert_int_equal(t.file_sid, 9);
    assert_int_equal(t.line, 53);

    lp_event made = rec(LP_EV_TASK_NEW, 2, 0, (uint64_t)12 << 32 | 11);
    assert_true(lp_interp_read(&made, &t));
    assert_int_equal(t.kind, LP_TR_TASK_MADE);
    assert_int_equal(t.sid, 11);
    assert_int_equal(t.coro_sid, 12);

    lp_event block = rec(LP_EV_BLOCK_AT, 3, 1, (uint64_t)5 << 32 | 8);
    assert_true(lp_interp_read(&block, &t));
    assert_int_equal(t.kind, LP_TR_BLOCK_AT);
    assert_int_equal(t.task, 3);
    assert_true(t.flag);
    assert_int_equal(t.file_sid, 5);
    assert_int_equal(t.line, 8);

    lp_event timer = rec(LP_EV_CALL_AT, 6, 0, 0);
    timer.arg.when = 2.25;
    assert_true(lp_interp_read(&timer, &t));
    assert_int_equal(t.kind, LP_TR_TIMER_SET);
    assert_int_equal(t.handle, 6);
    assert_true(t.when == 2.25);

    lp_event sleep_timer = rec(LP_EV_CALL_AT, 6, LP_CALL_SLEEP_WAKEUP, 0);
    assert_true(lp_interp_read(&sleep_timer, &t));
    assert_int_equal(t.call, LP_CALL_SLEEP_WAKEUP);
    assert_int_equal(timer.small, 0);
    assert_true(lp_interp_read(&timer, &t));
    assert_int_equal(t.call, LP_CALL_OTHER);
    lp_event queued = rec(LP_EV_CALL_SOON, 6, LP_CALL_RELEASE_WAITER, 0);
    assert_true(lp_interp_read(&queued, &t));
    assert_int_equal(t.kind, LP_TR_HANDLE_QUEUED);
    assert_int_equal(t.call, LP_CALL_RELEASE_WAITER);
    lp_event newer_call = rec(LP_EV_CALL_AT, 6, LP_CALL__COUNT, 0); /* a later version's code */
    assert_true(lp_interp_read(&newer_call, &t));
    assert_int_equal(t.call, LP_CALL_OTHER);

    lp_event step = rec(LP_EV_TASK_STEP, 2, 0, 41);
    assert_true(lp_interp_read(&step, &t));
    assert_int_equal(t.task, 2);
    assert_int_equal(t.handle, 41);

    lp_event start = rec(LP_EV_JOB_START, 8, 1, 3);
    assert_true(lp_interp_read(&start, &t));
    assert_int_equal(t.kind, LP_TR_JOB_STARTED);
    assert_int_equal(t.job, 8);
    assert_int_equal(t.pool, 1);
    assert_int_equal(t.lane, 3);

    lp_event wake = rec(LP_EV_THREAD_WAKE, 8, 0, 9);
    assert_true(lp_interp_read(&wake, &t));
    assert_int_equal(t.thread, 8);
    assert_int_equal(t.other, 9);
    assert_int_equal(t.task, 0);
}

static void test_step_ends(void **unused)
{
    (void)unused;
    lp_transition t;
    lp_event wait = rec(LP_EV_TASK_WAIT, 1, LP_WAIT_SLEEP, 4);
    assert_true(lp_interp_read(&wait, &t));
    assert_true(lp_interp_step_ends(&t));
    lp_event suspend = rec(LP_EV_TASK_SUSPEND, 1, 0, 4);
    assert_true(lp_interp_read(&suspend, &t));
    assert_false(lp_interp_step_ends(&t));
}

/* Lock records: the lock id in 15 bits, a timeout or a try in the 16th. */
static void test_lock_records(void **unused)
{
    (void)unused;
    lp_transition t;
    lp_event made = rec(LP_EV_LOCK_NEW, 3, 1, (uint64_t)9 << 32 | 7);
    assert_true(lp_interp_read(&made, &t));
    assert_int_equal(t.kind, LP_TR_LOCK_MADE);
    assert_int_equal(t.lock, 3);
    assert_true(t.flag); /* an RLock */
    assert_int_equal(t.file_sid, 9);
    assert_int_equal(t.line, 7);
    assert_int_equal(t.thread, 0);

    lp_event wait = rec(LP_EV_LOCK_WAIT, 12, 0x8000 | 3, (uint64_t)9 << 32 | 20);
    assert_true(lp_interp_read(&wait, &t));
    assert_int_equal(t.kind, LP_TR_LOCK_WAITS);
    assert_int_equal(t.thread, 12);
    assert_int_equal(t.lock, 3);
    assert_true(t.flag); /* with a timeout */
    assert_int_equal(t.line, 20);

    lp_event took = rec(LP_EV_LOCK_ACQUIRED, 12, 3, (uint64_t)9 << 32 | 21);
    assert_true(lp_interp_read(&took, &t));
    assert_int_equal(t.kind, LP_TR_LOCK_TAKEN);
    assert_int_equal(t.lock, 3);
    assert_false(t.flag);
    assert_int_equal(t.line, 21);

    lp_event tried = rec(LP_EV_LOCK_ACQUIRED, 12, 0x8000 | 3, 0);
    assert_true(lp_interp_read(&tried, &t));
    assert_int_equal(t.lock, 3);
    assert_true(t.flag); /* a try: it orders nothing */

    lp_event released = rec(LP_EV_LOCK_RELEASED, 0, 3, 0);
    assert_true(lp_interp_read(&released, &t));
    assert_int_equal(t.kind, LP_TR_LOCK_RELEASED);
    assert_int_equal(t.thread, 0);
    assert_int_equal(t.lock, 3);
    assert_int_equal(t.task, 0);
}

/* A RUN that names a task gives two transitions, the handle's run then the
** task's step, as the RUN and TASK_STEP pair it stands for did. */
static void test_run_that_starts_a_step_gives_two(void **unused)
{
    (void)unused;
    lp_transition t[LP_INTERP_MAX];
    lp_event run = rec(LP_EV_RUN, 41, 0, 2);
    run.flags = 3;
    assert_int_equal(lp_interp_read_all(&run, t), 2);
    assert_int_equal(t[0].kind, LP_TR_HANDLE_RUN);
    assert_int_equal(t[0].handle, 41);
    assert_int_equal(t[0].task, 0);
    assert_int_equal(t[1].kind, LP_TR_TASK_STEPPED);
    assert_int_equal(t[1].task, 2);
    assert_int_equal(t[1].handle, 41);
    assert_int_equal(t[1].loop, 3);
    assert_true(t[1].time == 1.5);
    assert_true(lp_interp_step_ends(&t[0]));
    assert_false(lp_interp_step_ends(&t[1])); /* the step runs after the record */

    lp_transition old[LP_INTERP_MAX]; /* the pair as older traces have it */
    lp_event old_run = rec(LP_EV_RUN, 41, 0, 0), step = rec(LP_EV_TASK_STEP, 2, 0, 41);
    old_run.flags = step.flags = 3;
    assert_int_equal(lp_interp_read_all(&old_run, old), 1);
    assert_int_equal(memcmp(&old[0], &t[0], sizeof old[0]), 0);
    assert_int_equal(lp_interp_read_all(&step, old), 1);
    assert_int_equal(old[0].kind, t[1].kind);
    assert_int_equal(old[0].task, t[1].task);
    assert_int_equal(old[0].handle, t[1].handle);
    assert_int_equal(old[0].loop, t[1].loop);

    lp_event corrupt = rec(LP_EV_RUN, 41, 0, (uint64_t)1 << 40); /* no task fits: none */
    assert_int_equal(lp_interp_read_all(&corrupt, t), 1);
    lp_event newer = rec((lp_event_kind)LP_EV__COUNT, 7, 0, 2);
    assert_int_equal(lp_interp_read_all(&newer, t), 0);
    assert_int_equal(t[0].kind, LP_TR_NONE);

    assert_int_equal(lp_interp_step_task(&run), 2);
    assert_int_equal(lp_interp_step_task(&step), 2);
    assert_int_equal(lp_interp_step_task(&old_run), 0);
    lp_event wait = rec(LP_EV_TASK_WAIT, 2, 0, 0);
    assert_int_equal(lp_interp_step_task(&wait), 0);
}

/* The walk gives every transition in order with its record's index, and
** skips records of unknown kinds. */
static void test_walk_gives_each_transition_with_its_record(void **unused)
{
    (void)unused;
    lp_trace tr;
    assert_int_equal(lp_trace_init(&tr, lp_allocator_default()), LP_OK);
    const lp_event evs[] = {
        rec(LP_EV_CALL_SOON, 5, 0, 0),
        rec((lp_event_kind)LP_EV__COUNT, 5, 0, 0), /* a newer engine's */
        rec(LP_EV_RUN, 5, 0, 9),
        rec(LP_EV_TASK_WAIT, 9, 0, 0),
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(lp_trace_append(&tr, &evs[i]), LP_OK);
    const unsigned kinds[] = {LP_TR_HANDLE_QUEUED, LP_TR_HANDLE_RUN, LP_TR_TASK_STEPPED, LP_TR_TASK_WAITS};
    const size_t records[] = {0, 2, 2, 3};
    lp_interp_walk w;
    lp_interp_walk_init(&w, &tr);
    size_t n = 0, index = 99;
    for (const lp_transition *t; (t = lp_interp_walk_next(&w, &index)); n++) {
        assert_true(n < 4);
        assert_int_equal(t->kind, kinds[n]);
        assert_int_equal(index, records[n]);
    }
    assert_int_equal(n, 4);
    assert_null(lp_interp_walk_next(&w, &index)); /* stays at the end */
    lp_trace_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_kind_is_read),
        cmocka_unit_test(test_packed_fields_are_unpacked),
        cmocka_unit_test(test_step_ends),
        cmocka_unit_test(test_lock_records),
        cmocka_unit_test(test_run_that_starts_a_step_gives_two),
        cmocka_unit_test(test_walk_gives_each_transition_with_its_record),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
