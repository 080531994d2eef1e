/* test_loop.c - lp_loop iterates as asyncio's BaseEventLoop._run_once does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/loop.h"
#include "core/status.h"
#include "failing_alloc.h"
#include "program.h"
#include "pyref.h"

/* ---- a small recorder used by the hand-written cases ---- */

typedef struct recorder {
    char   log[512];
    lp_id  later;        /* set by some callbacks */
} recorder;

typedef struct note {
    recorder *rec;
    char      name;
} note;

static void record(lp_loop *loop, void *ctx)
{
    (void)loop;
    note *n = ctx;
    size_t len = strlen(n->rec->log);
    n->rec->log[len] = n->name;
    n->rec->log[len + 1] = '\0';
}

/* Records, then schedules another callback 'n' with call_soon. */
static void record_and_schedule(lp_loop *loop, void *ctx)
{
    record(loop, ctx);
    static note again;
    again.rec = ((note *)ctx)->rec;
    again.name = 'n';
    assert_int_equal(lp_loop_call_soon(loop, record, &again, NULL), LP_OK);
}

static void test_loop_ready_queue_is_fifo(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    recorder rec = {0};
    note notes[5];
    for (int i = 0; i < 5; i++) {
        notes[i].rec = &rec;
        notes[i].name = (char)('a' + i);
        assert_int_equal(lp_loop_call_soon(&loop, record, &notes[i], NULL), LP_OK);
    }
    assert_int_equal(lp_loop_run_once(&loop), LP_OK);
    assert_string_equal(rec.log, "abcde");
    lp_loop_close(&loop);
}

static void test_loop_callbacks_added_during_iteration_wait_for_next(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    recorder rec = {0};
    note a = {&rec, 'a'}, b = {&rec, 'b'};
    lp_loop_call_soon(&loop, record_and_schedule, &a, NULL);
    lp_loop_call_soon(&loop, record, &b, NULL);
    assert_int_equal(lp_loop_run_once(&loop), LP_OK);
    assert_string_equal(rec.log, "ab");
    assert_int_equal(lp_loop_ready_count(&loop), 1);
    assert_int_equal(lp_loop_run_once(&loop), LP_OK);
    assert_string_equal(rec.log, "abn");
    lp_loop_close(&loop);
}

static void test_loop_cancelled_never_run(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    recorder rec = {0};
    note a = {&rec, 'a'}, b = {&rec, 'b'}, c = {&rec, 'c'};
    lp_id ida, idb, idc;
    lp_loop_call_soon(&loop, record, &a, &ida);
    lp_loop_call_at(&loop, 1.0, record, &b, &idb);
    lp_loop_call_at(&loop, 2.0, record, &c, &idc);
    assert_int_equal(lp_loop_cancel(&loop, ida), LP_OK);
    assert_int_equal(lp_loop_cancel(&loop, idb), LP_OK);
    assert_int_equal(lp_loop_cancel(&loop, idb), LP_OK); /* twice: no effect */
    assert_int_equal(loop.timer_cancelled_count, 1);
    while (lp_loop_run_once(&loop) == LP_OK)
        ;
    assert_string_equal(rec.log, "c");
    assert_true(lp_loop_time(&loop) == 2.0);
    assert_int_equal(lp_loop_cancel(&loop, idc), LP_E_STALE); /* it ran */
    lp_loop_close(&loop);
}

static void test_loop_clock_moves_exactly_to_deadline(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    recorder rec = {0};
    note a = {&rec, 'a'}, b = {&rec, 'b'};
    double when = 0.1 + 0.2; /* 0.30000000000000004 */
    lp_loop_call_at(&loop, when, record, &a, NULL);
    /* within the 1e-9 clock resolution: due in the same iteration */
    lp_loop_call_at(&loop, when + 5e-10, record, &b, NULL);
    assert_int_equal(lp_loop_run_once(&loop), LP_OK);
    assert_true(lp_loop_time(&loop) == when);
    assert_string_equal(rec.log, "ab");
    assert_int_equal(lp_loop_run_once(&loop), LP_E_IDLE);
    lp_loop_close(&loop);
}

static void test_loop_idle_when_nothing_scheduled(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    assert_int_equal(lp_loop_run_once(&loop), LP_E_IDLE);
    lp_loop_set_stopping(&loop, true);
    assert_int_equal(lp_loop_run_once(&loop), LP_OK); /* stopping: poll(0) */
    lp_loop_close(&loop);
}

static void test_loop_stops_at_time_limit(void **state)
{
    (void)state;
    lp_loop loop;
    lp_loop_init(&loop, NULL);
    lp_loop_set_time_limit(&loop, 10.0);
    recorder rec = {0};
    note a = {&rec, 'a'}, b = {&rec, 'b'};
    lp_loop_call_at(&loop, 10.0, record, &a, NULL); /* at the limit: runs */
    lp_loop_call_at(&loop, 10.5, record, &b, NULL); /* past it: never */
    assert_int_equal(lp_loop_run_once(&loop), LP_OK);
    assert_string_equal(rec.log, "a");
    assert_int_equal(lp_loop_run_once(&loop), LP_E_RANGE);
    assert_true(lp_loop_time(&loop) == 10.0); /* the clock does not move past */
    assert_true(loop.limit_wakeup == 10.5);   /* the wake-up that was too late */
    assert_int_equal(lp_loop_run_once(&loop), LP_E_RANGE);
    assert_string_equal(rec.log, "a");
    lp_loop_close(&loop);
}

/* ---- random programs against CPython's own loop ---- */

static void compare_program(const char *prog, lp_trace *trace)
{
    size_t made = 0, released = 0;
    char *ours = program_run(prog, trace, &made, &released);
    char *theirs = pyref_run(prog);
    assert_non_null(theirs);
    if (strcmp(ours, theirs) != 0)
        fprintf(stderr, "program:\n%s\n", prog);
    assert_string_equal(ours, theirs);
    assert_int_equal(made, released); /* every context released exactly once */
    free(ours);
    free(theirs);
}

static void test_loop_random_programs_match_asyncio(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 40; seed++) {
        char *prog = program_random(seed * 7919u, 300, 0.3);
        compare_program(prog, NULL);
        free(prog);
    }
}

static bool trace_has(const lp_trace *trace, lp_event_kind kind)
{
    for (size_t i = 0; i < lp_trace_count(trace); i++)
        if (lp_trace_at(trace, i)->kind == kind)
            return true;
    return false;
}

/* Many timers, most cancelled: the heap is rebuilt with heapify, which
** reorders ties; the result must still be CPython's order. */
static void test_loop_compaction_keeps_asyncio_order(void **state)
{
    (void)state;
    int rebuilt = 0;
    for (uint32_t seed = 1; seed <= 10; seed++) {
        char *prog = NULL;
        size_t len = 0, cap = 0;
        uint32_t st = seed * 40503u;
        for (int i = 1; i <= 400; i++) {
            st ^= st << 13;
            st ^= st >> 17;
            st ^= st << 5;
            text_append(&prog, &len, &cap, "at %.17g %d\n", (double)(st % 6) * 0.5, i);
        }
        for (int i = 1; i <= 400; i++) {
            st ^= st << 13;
            st ^= st >> 17;
            st ^= st << 5;
            if (st % 10 < 7)
                text_append(&prog, &len, &cap, "cancel %d\n", i);
        }
        for (int i = 0; i < 20; i++)
            text_append(&prog, &len, &cap, "run\n");
        lp_trace trace;
        lp_trace_init(&trace, lp_allocator_default());
        compare_program(prog, &trace);
        rebuilt += trace_has(&trace, LP_EV_REBUILD);
        lp_trace_free(&trace);
        free(prog);
    }
    assert_int_equal(rebuilt, 10);
}

static void test_loop_random_programs_with_many_cancels_match_asyncio(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 10; seed++) {
        char *prog = program_random(seed * 104729u, 2000, 0.75);
        compare_program(prog, NULL);
        free(prog);
    }
}

/* ---- out of memory ---- */

static void test_loop_survives_every_failed_allocation(void **state)
{
    (void)state;
    for (long fail_after = 0; fail_after < 40; fail_after++) {
        failing_alloc fa = {fail_after, 0, 0};
        lp_loop loop;
        lp_loop_desc desc = {.alloc = failing_alloc_make(&fa)};
        lp_loop_init(&loop, &desc);
        recorder rec = {0};
        note n = {&rec, 'x'};
        size_t scheduled = 0;
        for (int i = 0; i < 200; i++) {
            int rc = (i % 2) ? lp_loop_call_soon(&loop, record, &n, NULL)
                             : lp_loop_call_at(&loop, (double)(i % 7), record, &n, NULL);
            assert_true(rc == LP_OK || rc == LP_E_NOMEM);
            scheduled += rc == LP_OK;
        }
        while (lp_loop_run_once(&loop) == LP_OK)
            ;
        assert_int_equal(strlen(rec.log) > 0 ? 1 : 0, scheduled > 0 ? 1 : 0);
        lp_loop_close(&loop);
        assert_int_equal(fa.live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loop_ready_queue_is_fifo),
        cmocka_unit_test(test_loop_callbacks_added_during_iteration_wait_for_next),
        cmocka_unit_test(test_loop_cancelled_never_run),
        cmocka_unit_test(test_loop_clock_moves_exactly_to_deadline),
        cmocka_unit_test(test_loop_idle_when_nothing_scheduled),
        cmocka_unit_test(test_loop_stops_at_time_limit),
        cmocka_unit_test(test_loop_random_programs_match_asyncio),
        cmocka_unit_test(test_loop_compaction_keeps_asyncio_order),
        cmocka_unit_test(test_loop_random_programs_with_many_cancels_match_asyncio),
        cmocka_unit_test(test_loop_survives_every_failed_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
