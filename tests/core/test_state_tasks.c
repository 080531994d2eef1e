/* test_state_tasks.c - tasks in lp_state: their status, where they stopped,
** what they wait on and the blocking call site follow the TASK_* records;
** unknown record kinds are skipped; snapshots rebuild tasks exactly; the raw
** trace file loads back what was saved and refuses a damaged one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/replay.h"
#include "core/state.h"
#include "core/status.h"
#include "core/trace_file.h"

static lp_event ev(double t, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t u64)
{
    lp_event e = {t, subject, (uint8_t)kind, 0, small, {.u64 = u64}};
    return e;
}

static lp_event ev_when(double t, lp_event_kind kind, uint32_t subject, double when)
{
    lp_event e = {t, subject, (uint8_t)kind, 0, 0, {.when = when}};
    return e;
}

/* main (1) makes child (2); child sleeps; main blocks in time.sleep; child
** is cancelled by main and ends cancelled; main ends with a result. */
static void fill(lp_trace *tr)
{
    const lp_event evs[] = {
        ev(0, LP_EV_TASK_NEW, 1, 0, 7 | (uint64_t)8 << 32),
        ev(0, LP_EV_TASK_PARENT, 1, 0, 0),
        ev(0, LP_EV_CALL_SOON, 1, 0, 0),
        ev(0, LP_EV_RUN, 1, 0, 0),
        ev(0, LP_EV_TASK_STEP, 1, 0, 1),
        ev(0, LP_EV_TASK_NEW, 2, 0, 9 | (uint64_t)10 << 32),
        ev(0, LP_EV_TASK_PARENT, 2, 0, 1),
        ev(0, LP_EV_CALL_SOON, 2, 0, 0),
        ev(0, LP_EV_BLOCK_AT, 1, 0, (uint64_t)3 << 32 | 12),
        ev_when(0, LP_EV_BLOCK_BEGIN, 0, 2.0),
        ev_when(2, LP_EV_CLOCK, 0, 0.0),
        ev(2, LP_EV_BLOCK_END, 0, 0, 0),
        ev(2, LP_EV_TASK_SUSPEND, 1, 0, (uint64_t)3 << 32 | 14),
        ev(2, LP_EV_TASK_WAIT, 1, LP_WAIT_TASK, 11),
        ev_when(2, LP_EV_POLL, 0, 0.0),
        ev(2, LP_EV_ITER, 0, 0, 1),
        ev(2, LP_EV_RUN, 2, 0, 0),
        ev(2, LP_EV_TASK_STEP, 2, 0, 2),
        ev_when(2, LP_EV_CALL_AT, 3, 3.0),
        ev(2, LP_EV_TASK_SUSPEND, 2, 0, (uint64_t)3 << 32 | 5),
        ev(2, LP_EV_TASK_WAIT, 2, LP_WAIT_SLEEP, 12),
        {2, 0, 250, 0, 0, {.u64 = 0}}, /* a kind from a newer engine */
        ev(2.5, LP_EV_TASK_CANCEL, 2, 0, 1),
        ev(2.5, LP_EV_TASK_DONE, 2, LP_TASK_CANCELLED, 0),
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++)
        assert_int_equal(lp_trace_append(tr, &evs[i]), LP_OK);
}

static void apply_to(lp_state *s, const lp_trace *tr, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_int_equal(lp_state_apply(s, lp_trace_at(tr, i)), LP_OK);
}

static void test_state_tasks_follow_their_records(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    lp_state s;
    lp_state_init(&s, lp_allocator_default());

    apply_to(&s, &tr, 5); /* main runs its first step */
    const lp_state_task *main = lp_state_task_find(&s, 1);
    assert_non_null(main);
    assert_int_equal(main->status, LP_TASK_RUNNING);
    assert_int_equal(main->name_sid, 7);
    assert_int_equal(main->coro_sid, 8);
    assert_int_equal(s.running_task, 1);

    lp_state_free(&s);
    lp_state_init(&s, lp_allocator_default());
    apply_to(&s, &tr, 10); /* main blocks the loop at line 12 */
    assert_true(s.blocked);
    assert_int_equal(s.block_task, 1);
    assert_int_equal(s.block_line, 12);
    assert_int_equal(s.block_file_sid, 3);
    assert_int_equal(lp_state_task_find(&s, 2)->parent, 1);
    assert_int_equal(lp_state_task_find(&s, 2)->status, LP_TASK_NEW);

    lp_state_free(&s);
    lp_state_init(&s, lp_allocator_default());
    apply_to(&s, &tr, 21); /* both suspended */
    assert_false(s.blocked);
    assert_int_equal(s.block_line, 0);
    main = lp_state_task_find(&s, 1);
    assert_int_equal(main->status, LP_TASK_SUSPENDED);
    assert_int_equal(main->line, 14);
    assert_int_equal(main->wait_kind, LP_WAIT_TASK);
    assert_int_equal(main->wait_sid, 11);
    const lp_state_task *child = lp_state_task_find(&s, 2);
    assert_int_equal(child->line, 5);
    assert_int_equal(child->wait_kind, LP_WAIT_SLEEP);
    assert_int_equal(child->steps, 1);
    assert_int_equal(s.running_task, 0);

    for (size_t i = 21; i < lp_trace_count(&tr); i++) /* the unknown kind is skipped */
        assert_int_equal(lp_state_apply(&s, lp_trace_at(&tr, i)), LP_OK);
    assert_int_equal(s.applied, lp_trace_count(&tr));
    child = lp_state_task_find(&s, 2);
    assert_int_equal(child->status, LP_TASK_FINISHED);
    assert_int_equal(child->outcome, LP_TASK_CANCELLED);
    assert_int_equal(child->cancelled_by, 1);
    assert_int_equal(s.task_count, 2);
    assert_null(lp_state_task_find(&s, 3));
    lp_state_free(&s);
    lp_trace_free(&tr);
}

static void test_state_task_record_for_unknown_task_is_an_error(void **state)
{
    (void)state;
    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    lp_event e = ev(0, LP_EV_TASK_STEP, 42, 0, 1);
    assert_int_equal(lp_state_apply(&s, &e), LP_E_INVAL);
    e = ev(0, LP_EV_TIMEOUT, 0, 0, 0); /* outside any task: fine */
    assert_int_equal(lp_state_apply(&s, &e), LP_OK);
    lp_state_free(&s);
}

/* The same story with each task step said by its RUN (as the engine writes
** it now) leaves the state as the RUN + TASK_STEP pair did, record for pair. */
static void test_state_step_in_its_run_as_with_task_step(void **state)
{
    (void)state;
    lp_trace pairs, folded;
    lp_trace_init(&pairs, lp_allocator_default());
    lp_trace_init(&folded, lp_allocator_default());
    fill(&pairs);
    size_t n = lp_trace_count(&pairs), steps = 0;
    for (size_t i = 0; i < n; i++) {
        lp_event e = *lp_trace_at(&pairs, i);
        const lp_event *next = i + 1 < n ? lp_trace_at(&pairs, i + 1) : NULL;
        if (e.kind == LP_EV_RUN && next && next->kind == LP_EV_TASK_STEP && next->arg.u64 == e.subject) {
            e.arg.u64 = next->subject;
            i++;
            steps++;
        }
        assert_int_equal(lp_trace_append(&folded, &e), LP_OK);
    }
    assert_int_equal(steps, 2);
    assert_int_equal(lp_trace_count(&folded), n - steps);
    lp_state a, b;
    lp_state_init(&a, lp_allocator_default());
    lp_state_init(&b, lp_allocator_default());
    size_t ia = 0;
    for (size_t ib = 0; ib < lp_trace_count(&folded); ib++) {
        const lp_event *e = lp_trace_at(&folded, ib);
        assert_int_equal(lp_state_apply(&b, e), LP_OK);
        assert_int_equal(lp_state_apply(&a, lp_trace_at(&pairs, ia++)), LP_OK);
        if (e->kind == LP_EV_RUN && e->arg.u64) {
            assert_int_equal(b.running_task, e->arg.u64);
            assert_int_equal(lp_state_apply(&a, lp_trace_at(&pairs, ia++)), LP_OK);
        }
        assert_int_equal(b.applied, ib + 1); /* one record, however many transitions */
        b.applied = a.applied;
        assert_true(lp_state_equal(&a, &b));
        b.applied = ib + 1;
    }
    assert_int_equal(ia, n);
    assert_int_equal(lp_state_task_find(&b, 2)->steps, 1);
    lp_state_free(&a);
    lp_state_free(&b);
    lp_trace_free(&pairs);
    lp_trace_free(&folded);
}

static void test_replay_rebuilds_tasks_at_every_index(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    for (int round = 0; round < 20; round++) /* the same story, task ids apart */
        fill(&tr);
    /* renumber tasks so each copy is new: ids 1,2 -> 2r+1, 2r+2 */
    size_t per = lp_trace_count(&tr) / 20;
    for (size_t i = 0; i < lp_trace_count(&tr); i++) {
        lp_event *e = (lp_event *)lp_trace_at(&tr, i);
        uint32_t r = (uint32_t)(i / per);
        if (e->kind >= LP_EV_TASK_NEW && e->kind <= LP_EV_BLOCK_AT && e->subject)
            e->subject += 2 * r;
        if ((e->kind == LP_EV_TASK_PARENT || e->kind == LP_EV_TASK_CANCEL) && e->arg.u64)
            e->arg.u64 += 2 * r;
        if (e->kind == LP_EV_CALL_SOON || e->kind == LP_EV_RUN || e->kind == LP_EV_CALL_AT)
            e->subject += 3 * r;
        if (e->kind == LP_EV_TASK_STEP)
            e->arg.u64 += 3 * r;
    }
    lp_replay rp;
    assert_int_equal(lp_replay_init(&rp, &tr, 16, lp_allocator_default()), LP_OK);
    assert_int_equal(lp_replay_update(&rp), LP_OK);
    assert_true(rp.snap_count > 2);
    lp_state walk;
    lp_state_init(&walk, lp_allocator_default());
    for (size_t i = 0; i <= lp_trace_count(&tr); i++) {
        lp_state at;
        assert_int_equal(lp_replay_state_at(&rp, i, &at), LP_OK);
        assert_true(lp_state_equal(&at, &walk));
        lp_state_free(&at);
        if (i < lp_trace_count(&tr))
            assert_int_equal(lp_state_apply(&walk, lp_trace_at(&tr, i)), LP_OK);
    }
    assert_int_equal(walk.task_count, 40);
    lp_state_free(&walk);
    lp_replay_free(&rp);
    lp_trace_free(&tr);
}

static void test_trace_file_loads_what_was_saved(void **state)
{
    (void)state;
    lp_trace tr, back;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    uint32_t id;
    assert_int_equal(lp_trace_intern(&tr, "hello", 5, &id), LP_OK);
    assert_int_equal(lp_trace_intern(&tr, "tests/x.py", 10, &id), LP_OK);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(lp_trace_save(&tr, f), LP_OK);
    long size = ftell(f);
    rewind(f);
    lp_trace_init(&back, lp_allocator_default());
    assert_int_equal(lp_trace_load(&back, f), LP_OK);
    assert_int_equal(lp_trace_count(&back), lp_trace_count(&tr));
    for (size_t i = 0; i < lp_trace_count(&tr); i++)
        assert_memory_equal(lp_trace_at(&back, i), lp_trace_at(&tr, i), sizeof(lp_event));
    assert_int_equal(back.strings.count, tr.strings.count);
    assert_string_equal(lp_strtab_get(&back.strings, id, NULL), "tests/x.py");
    lp_trace_free(&back);

    /* every truncation is refused, never half loaded as whole */
    for (long cut = 0; cut < size; cut += 7) {
        rewind(f);
        char *buf = malloc((size_t)size);
        assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
        FILE *g = tmpfile();
        fwrite(buf, 1, (size_t)cut, g);
        rewind(g);
        lp_trace_init(&back, lp_allocator_default());
        assert_int_equal(lp_trace_load(&back, g), LP_E_INVAL);
        lp_trace_free(&back);
        fclose(g);
        free(buf);
    }
    /* and a file that is not a trace */
    FILE *g = tmpfile();
    fputs("not a trace at all, but long enough to read a header", g);
    rewind(g);
    lp_trace_init(&back, lp_allocator_default());
    assert_int_equal(lp_trace_load(&back, g), LP_E_INVAL);
    lp_trace_free(&back);
    fclose(g);
    fclose(f);
    lp_trace_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_state_tasks_follow_their_records),
        cmocka_unit_test(test_state_task_record_for_unknown_task_is_an_error),
        cmocka_unit_test(test_state_step_in_its_run_as_with_task_step),
        cmocka_unit_test(test_replay_rebuilds_tasks_at_every_index),
        cmocka_unit_test(test_trace_file_loads_what_was_saved),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
