/* test_trace.c - the trace log, its string table and the u32 map. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "core/trace.h"
#include "core/u32map.h"
#include "failing_alloc.h"

static void test_trace_records_are_24_bytes_and_stay_in_place(void **state)
{
    (void)state;
    assert_int_equal(sizeof(lp_event), 24);
    lp_trace t;
    assert_int_equal(lp_trace_init(&t, lp_allocator_default()), LP_OK);
    lp_event ev = {0};
    ev.kind = LP_EV_MARK;
    ev.subject = 0;
    assert_int_equal(lp_trace_append(&t, &ev), LP_OK);
    const lp_event *first = lp_trace_at(&t, 0);
    for (uint32_t i = 1; i < 3 * LP_TRACE_CHUNK_EVENTS; i++) {
        ev.subject = i;
        ev.time = i * 0.5;
        assert_int_equal(lp_trace_append(&t, &ev), LP_OK);
    }
    assert_ptr_equal(first, lp_trace_at(&t, 0)); /* never moved */
    for (uint32_t i = 0; i < 3 * LP_TRACE_CHUNK_EVENTS; i += 977) {
        assert_int_equal(lp_trace_at(&t, i)->subject, i);
        assert_true(lp_trace_at(&t, i)->time == i * 0.5);
    }
    /* chunks are allocated whole: bytes per record stays near 24 */
    double per_event = (double)lp_trace_bytes(&t) / (double)lp_trace_count(&t);
    assert_true(per_event < 25.0);
    /* used: the records exactly, plus the one empty string */
    assert_int_equal(lp_trace_bytes_used(&t), lp_trace_count(&t) * 24 + 1 + 8);
    lp_trace_free(&t);
}

static void test_trace_kind_names_are_json_names(void **state)
{
    (void)state;
    assert_string_equal(lp_event_kind_name(LP_EV_CALL_SOON), "call_soon");
    assert_string_equal(lp_event_kind_name(LP_EV_TIMER_DUE), "timer_due");
    assert_string_equal(lp_event_kind_name(LP_EV__COUNT), "?");
}

/* The Python layer completes the record the loop just wrote, and only that one. */
static void test_trace_complete_last_only_completes_its_record(void **state)
{
    (void)state;
    lp_trace t;
    assert_int_equal(lp_trace_init(&t, lp_allocator_default()), LP_OK);
    assert_false(lp_trace_complete_last(&t, LP_EV_CALL_AT, 1, LP_CALL_SLEEP_WAKEUP)); /* empty */
    lp_event ev = {0.5, 7, LP_EV_CALL_AT, 0, 0, {.when = 1.5}};
    assert_int_equal(lp_trace_append(&t, &ev), LP_OK);
    assert_false(lp_trace_complete_last(&t, LP_EV_CALL_SOON, 7, LP_CALL_SLEEP_WAKEUP));
    assert_false(lp_trace_complete_last(&t, LP_EV_CALL_AT, 8, LP_CALL_SLEEP_WAKEUP));
    assert_int_equal(lp_trace_at(&t, 0)->small, 0);
    assert_true(lp_trace_complete_last(&t, LP_EV_CALL_AT, 7, LP_CALL_SLEEP_WAKEUP));
    assert_int_equal(lp_trace_at(&t, 0)->small, LP_CALL_SLEEP_WAKEUP);
    assert_true(lp_trace_at(&t, 0)->arg.when == 1.5);
    lp_trace_free(&t);

    assert_string_equal(lp_known_call_name(LP_CALL_SLEEP_WAKEUP), "_set_result_unless_cancelled");
    assert_null(lp_known_call_name(LP_CALL_OTHER));
    assert_null(lp_known_call_name(LP_CALL__COUNT));
    for (unsigned code = 1; code < LP_CALL__COUNT; code++)
        assert_int_equal(lp_known_call_of(lp_known_call_name(code)), code);
    assert_int_equal(lp_known_call_of("ring"), LP_CALL_OTHER);
}

/* A task's step goes into the RUN just written of its handle (same loop,
** same time, no task named yet); anything else gets a TASK_STEP record. */
static void test_trace_task_step_folds_into_its_run(void **state)
{
    (void)state;
    lp_trace t;
    assert_int_equal(lp_trace_init(&t, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.0, 0, 4, 9), LP_OK); /* empty: a record */
    lp_event run = {0.5, 9, LP_EV_RUN, 2, 0, {.u64 = 0}};
    assert_int_equal(lp_trace_append(&t, &run), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.5, 2, 4, 8), LP_OK);  /* another handle */
    assert_int_equal(lp_trace_append(&t, &run), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.5, 1, 4, 9), LP_OK);  /* another loop */
    assert_int_equal(lp_trace_append(&t, &run), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.75, 2, 4, 9), LP_OK); /* later */
    assert_int_equal(lp_trace_append(&t, &run), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.5, 2, 0, 9), LP_OK);  /* task 0: none */
    assert_int_equal(lp_trace_count(&t), 9);
    for (size_t i = 0; i < 9; i += 2) {
        const lp_event *ev = lp_trace_at(&t, i);
        assert_int_equal(ev->kind, LP_EV_TASK_STEP);
        assert_int_equal(ev->subject, i < 8 ? 4 : 0);
        assert_int_equal(ev->arg.u64, i == 2 ? 8 : 9);
        assert_int_equal(ev->flags, i == 0 ? 0 : i == 4 ? 1 : 2);
        if (i > 0)
            assert_int_equal(lp_trace_at(&t, i - 1)->arg.u64, 0); /* that RUN names no task */
    }
    assert_int_equal(lp_trace_append(&t, &run), LP_OK);
    assert_int_equal(lp_trace_task_step(&t, 0.5, 2, 4, 9), LP_OK); /* its RUN: folded */
    assert_int_equal(lp_trace_count(&t), 10);
    assert_int_equal(lp_trace_at(&t, 9)->kind, LP_EV_RUN);
    assert_int_equal(lp_trace_at(&t, 9)->arg.u64, 4);
    assert_int_equal(lp_trace_task_step(&t, 0.5, 2, 5, 9), LP_OK); /* it names one already */
    assert_int_equal(lp_trace_count(&t), 11);
    assert_int_equal(lp_trace_at(&t, 9)->arg.u64, 4);
    assert_int_equal(lp_trace_at(&t, 10)->kind, LP_EV_TASK_STEP);
    assert_int_equal(lp_trace_at(&t, 10)->subject, 5);
    lp_trace_free(&t);
}

static void test_strtab_interns_each_text_once(void **state)
{
    (void)state;
    lp_trace t;
    lp_trace_init(&t, lp_allocator_default());
    uint32_t ids[2000];
    char buf[32];
    for (int i = 0; i < 2000; i++) {
        int n = snprintf(buf, sizeof buf, "task-%d", i % 1000);
        assert_int_equal(lp_trace_intern(&t, buf, (size_t)n, &ids[i]), LP_OK);
    }
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(ids[i], ids[i + 1000]);
        snprintf(buf, sizeof buf, "task-%d", i);
        assert_string_equal(lp_strtab_get(&t.strings, ids[i], NULL), buf);
    }
    uint32_t empty, nul;
    assert_int_equal(lp_trace_intern(&t, "", 0, &empty), LP_OK);
    assert_int_equal(empty, 0);
    /* embedded NUL: different from the prefix */
    assert_int_equal(lp_trace_intern(&t, "task-1\0x", 8, &nul), LP_OK);
    assert_int_not_equal(nul, ids[1]);
    size_t len;
    lp_strtab_get(&t.strings, nul, &len);
    assert_int_equal(len, 8);
    assert_null(lp_strtab_get(&t.strings, 999999, NULL));
    lp_trace_free(&t);
}

static void test_strtab_survives_failed_allocations(void **state)
{
    (void)state;
    for (long fail_after = 1; fail_after < 30; fail_after++) {
        failing_alloc fa = {fail_after, 0, 0};
        lp_strtab tab;
        if (lp_strtab_init(&tab, failing_alloc_make(&fa)) != LP_OK) {
            assert_int_equal(fa.live, 0);
            continue;
        }
        char buf[32];
        uint32_t id;
        int ok = 0;
        for (int i = 0; i < 300; i++) {
            int n = snprintf(buf, sizeof buf, "s%d", i);
            if (lp_strtab_intern(&tab, buf, (size_t)n, &id) == LP_OK) {
                ok++;
                assert_string_equal(lp_strtab_get(&tab, id, NULL), buf);
            }
        }
        lp_strtab_free(&tab);
        assert_int_equal(fa.live, 0);
    }
}

static void test_u32map_put_get_remove_against_array(void **state)
{
    (void)state;
    enum { N = 5000 };
    static uint32_t model[N + 1]; /* model[k] = value + 1, 0 = absent */
    memset(model, 0, sizeof model);
    lp_u32map m;
    lp_u32map_init(&m, lp_allocator_default());
    uint32_t st = 99;
    for (int i = 0; i < 200000; i++) {
        st ^= st << 13;
        st ^= st >> 17;
        st ^= st << 5;
        uint32_t key = 1 + st % N;
        if (st & (1u << 20)) {
            assert_int_equal(lp_u32map_put(&m, key, (uint32_t)i), LP_OK);
            model[key] = (uint32_t)i + 1;
        } else {
            assert_int_equal(lp_u32map_remove(&m, key), model[key] != 0);
            model[key] = 0;
        }
    }
    size_t present = 0;
    for (uint32_t k = 1; k <= N; k++) {
        uint32_t v;
        bool found = lp_u32map_get(&m, k, &v);
        assert_int_equal(found, model[k] != 0);
        if (found) {
            assert_int_equal(v + 1, model[k]);
            present++;
        }
    }
    assert_int_equal(present, m.count);
    assert_int_equal(lp_u32map_put(&m, 0, 1), LP_E_INVAL);
    lp_u32map_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trace_records_are_24_bytes_and_stay_in_place),
        cmocka_unit_test(test_trace_kind_names_are_json_names),
        cmocka_unit_test(test_trace_complete_last_only_completes_its_record),
        cmocka_unit_test(test_trace_task_step_folds_into_its_run),
        cmocka_unit_test(test_strtab_interns_each_text_once),
        cmocka_unit_test(test_strtab_survives_failed_allocations),
        cmocka_unit_test(test_u32map_put_get_remove_against_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
