/* test_model_loops.c - the window's model groups a run's event loops by the
** thread that runs them (lpui_loop_view): the main thread's first (its loops
** one after the other together), then the others as they first ran, and
** loops that never ran apart; showing another view rebuilds the replay to
** follow its loops only, and keeps every task on the timeline. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "ui/model.h"

static void add(lp_trace *tr, double t, lp_event_kind kind, uint32_t subject, uint8_t loop, uint64_t u64)
{
    lp_event e = {t, subject, (uint8_t)kind, loop, 0, {.u64 = u64}};
    assert_int_equal(lp_trace_append(tr, &e), LP_OK);
}

static void add_timer(lp_trace *tr, double t, uint32_t serial, uint8_t loop, double when)
{
    lp_event e = {t, serial, LP_EV_CALL_AT, loop, 0, {.when = when}};
    assert_int_equal(lp_trace_append(tr, &e), LP_OK);
}

/* Loop 0 and later loop 2 in the main thread; loop 1 in thread 5 (first run
** before loop 2); loop 3 made (a timer set on it) but never run. Each loop
** has a task and a timer. */
static lpui_model *model(void)
{
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    add(&tr, 0, LP_EV_TASK_NEW, 1, 0, 0);
    add(&tr, 0, LP_EV_LOOP_RUN, 0, 0, 0);
    add_timer(&tr, 0, 1, 0, 1.0);
    add(&tr, 0, LP_EV_TASK_NEW, 2, 1, 0);
    add(&tr, 0, LP_EV_LOOP_RUN, 5, 1, 0);
    add_timer(&tr, 0, 2, 1, 2.0);
    add_timer(&tr, 0.5, 3, 3, 9.0);
    add(&tr, 1, LP_EV_TASK_NEW, 3, 2, 0);
    add(&tr, 1, LP_EV_LOOP_RUN, 0, 2, 0);
    add_timer(&tr, 1, 4, 2, 3.0);
    lpui_model *m = calloc(1, sizeof *m);
    assert_int_equal(lpui_model_init(m, &tr, "no-such-program.py", 0, NULL), LP_OK);
    lp_trace_free(&tr);
    return m;
}

static size_t live_timers(const lpui_model *m, uint32_t *out)
{
    size_t n = 0;
    assert_int_equal(lp_state_timer_order(&m->replay.live, out, 8, &n), LP_OK);
    return n;
}

static void views_by_thread(void **state)
{
    (void)state;
    lpui_model *m = model();
    assert_true(m->replay_ok);
    assert_int_equal(m->view_count, 3);
    assert_int_equal(m->view, 0); /* the main thread's, by default */
    assert_int_equal(m->views[0].thread, 0);
    assert_int_equal(m->views[0].loop_count, 2);
    assert_int_equal(m->views[0].loops[0], (1u << 0) | (1u << 2));
    assert_int_equal(m->views[1].thread, 5);
    assert_int_equal(m->views[1].loops[0], 1u << 1);
    assert_int_equal(m->views[2].thread, LPUI_LOOP_THREAD_NONE);
    assert_int_equal(m->views[2].loops[0], 1u << 3);
    assert_true(m->views[1].t0 == 0.0 && m->views[1].t1 == 0.0);
    assert_true(m->views[0].t1 == 1.0);

    uint32_t t[8];
    assert_int_equal(live_timers(m, t), 2); /* loops 0 and 2: timers 1 and 4 */
    assert_int_equal(t[0], 1);
    assert_int_equal(t[1], 4);
    size_t rows = m->row_count;
    assert_int_equal(rows, 3); /* every task has its row, whatever the view */

    assert_int_equal(lpui_model_show_loops(m, 1), LP_OK);
    assert_int_equal(live_timers(m, t), 1);
    assert_int_equal(t[0], 2);
    assert_int_equal(m->row_count, rows);
    assert_int_equal(lpui_model_show_loops(m, 2), LP_OK);
    assert_int_equal(live_timers(m, t), 1);
    assert_int_equal(t[0], 3);
    assert_int_equal(lpui_model_show_loops(m, 3), LP_E_INVAL);
    assert_int_equal(m->view, 2); /* unchanged */
    assert_int_equal(lpui_model_show_loops(m, 0), LP_OK);
    assert_int_equal(live_timers(m, t), 2);
    lpui_model_free(m);
    free(m);
}

/* A trace that names no loop (a single loop, or an older engine): one view,
** the main thread's, following loop 0. */
static void one_loop(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    add(&tr, 0, LP_EV_TASK_NEW, 1, 0, 0);
    add_timer(&tr, 0, 1, 0, 1.0);
    lpui_model m;
    assert_int_equal(lpui_model_init(&m, &tr, "no-such-program.py", 0, NULL), LP_OK);
    assert_int_equal(m.view_count, 1);
    assert_int_equal(m.views[0].thread, 0);
    uint32_t t[8];
    assert_int_equal(live_timers(&m, t), 1);
    lpui_model_free(&m);
    lp_trace_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(views_by_thread),
        cmocka_unit_test(one_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
