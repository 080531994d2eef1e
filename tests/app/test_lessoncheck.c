/*
** test_lessoncheck.c: tests src/app/lessoncheck.c, what the window shows at a
** moment of a run (the view "#: expect" lines are checked against), on a
** small hand-written trace with the records src/py writes for:
**
**   async def main():                        # task 1, "main()"
**       task = asyncio.create_task(worker()) # task 2, "worker()"
**       await asyncio.sleep(1)               # line 5: a timer due at 1.0
**   async def worker():
**       print("hello")
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/lessoncheck.h"
#include "core/status.h"
#include "lesson/lesson.h"
#include "lesson/moments.h"

typedef struct gen {
    lp_trace *t;
    double    now;
} gen;

static void emit(gen *g, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t u64)
{
    lp_event ev = {g->now, subject, (uint8_t)kind, 0, small, {.u64 = u64}};
    assert_int_equal(lp_trace_append(g->t, &ev), LP_OK);
}

static void emit_when(gen *g, lp_event_kind kind, uint32_t subject, double when)
{
    lp_event ev = {g->now, subject, (uint8_t)kind, 0, 0, {.when = when}};
    assert_int_equal(lp_trace_append(g->t, &ev), LP_OK);
}

static uint32_t intern(lp_trace *t, const char *s)
{
    uint32_t id;
    assert_int_equal(lp_trace_intern(t, s, strlen(s), &id), LP_OK);
    return id;
}

/* Records applied when the tests look (numbered in make_run). */
enum { MAIN_QUEUED = 3, WORKER_QUEUED = 10, TIMER_SET = 11, HELLO_PRINTED = 18 };

static void make_run(lpui_model *m)
{
    lp_trace t;
    assert_int_equal(lp_trace_init(&t, lp_allocator_default()), LP_OK);
    gen g = {&t, 0.0};
    uint32_t main_name = intern(&t, "Task-1"), main_coro = intern(&t, "main()");
    uint32_t worker_name = intern(&t, "Task-2"), worker_coro = intern(&t, "main.<locals>.worker()");
    uint32_t file = intern(&t, "prog.py"), wait = intern(&t, "main > sleep : sleep");
    uint32_t hello = intern(&t, "hello");

    emit(&g, LP_EV_TASK_NEW, 1, 0, main_name | (uint64_t)main_coro << 32);   /* 1 */
    emit(&g, LP_EV_TASK_PARENT, 1, 0, 0);                                    /* 2 */
    emit(&g, LP_EV_CALL_SOON, 1, 0, 0);                                      /* 3 */
    emit_when(&g, LP_EV_POLL, 0, 0.0);                                       /* 4 */
    emit(&g, LP_EV_ITER, 0, 0, 1);                                           /* 5 */
    emit(&g, LP_EV_RUN, 1, 0, 0);                                            /* 6 */
    emit(&g, LP_EV_TASK_STEP, 1, 0, 1);                                      /* 7 */
    emit(&g, LP_EV_TASK_NEW, 2, 0, worker_name | (uint64_t)worker_coro << 32); /* 8 */
    emit(&g, LP_EV_TASK_PARENT, 2, 0, 1);                                    /* 9 */
    emit(&g, LP_EV_CALL_SOON, 2, 0, 0);                                      /* 10 */
    emit_when(&g, LP_EV_CALL_AT, 3, 1.0);                                    /* 11 */
    emit(&g, LP_EV_TASK_SUSPEND, 1, 0, (uint64_t)file << 32 | 5);            /* 12 */
    emit(&g, LP_EV_TASK_WAIT, 1, LP_WAIT_SLEEP, wait);                       /* 13 */
    emit_when(&g, LP_EV_POLL, 0, 0.0);                                       /* 14 */
    emit(&g, LP_EV_ITER, 0, 0, 1);                                           /* 15 */
    emit(&g, LP_EV_RUN, 2, 0, 0);                                            /* 16 */
    emit(&g, LP_EV_TASK_STEP, 2, 0, 2);                                      /* 17 */
    emit(&g, LP_EV_OUTPUT, 2, 1, hello);                                     /* 18 */
    emit(&g, LP_EV_TASK_DONE, 2, LP_TASK_RESULT, 0);                         /* 19 */
    assert_int_equal(lpui_model_init(m, &t, "prog.py", 0, NULL), LP_OK);
    assert_true(m->replay_ok);
    lp_trace_free(&t);
}

static const lpl_view_task *task(const lpl_view *v, const char *label)
{
    for (size_t i = 0; i < v->ntasks; i++)
        if (strcmp(v->tasks[i].label, label) == 0)
            return &v->tasks[i];
    fail_msg("no task %s in the view", label);
    return NULL;
}

static void test_view_follows_the_window(void **state)
{
    (void)state;
    lpui_model m;
    make_run(&m);
    lpapp_view view;

    assert_int_equal(lpapp_view_at(&view, &m, MAIN_QUEUED), LP_OK); /* main's first step queued */
    assert_int_equal(view.v.nready, 1);
    assert_string_equal(view.v.ready[0], "main");
    assert_null(view.v.running);
    assert_string_equal(task(&view.v, "main")->state, "ready");
    assert_null(view.v.last_output);
    lpapp_view_free(&view);

    /* main runs and makes worker, whose first step is queued: labels as
    ** the window writes them (coroutine names, no "main.<locals>.", no "()") */
    assert_int_equal(lpapp_view_at(&view, &m, WORKER_QUEUED), LP_OK);
    assert_string_equal(view.v.running, "main");
    assert_int_equal(view.v.nready, 1);
    assert_string_equal(view.v.ready[0], "worker");
    assert_int_equal(view.v.ntasks, 2);
    assert_string_equal(task(&view.v, "worker")->state, "ready");
    assert_int_equal(view.v.timers, 0);
    lpapp_view_free(&view);

    /* its sleep set a timer; main then stops at line 5 */
    assert_int_equal(lpapp_view_at(&view, &m, TIMER_SET), LP_OK);
    assert_int_equal(view.v.timers, 1);
    assert_false(view.v.frozen);
    assert_int_equal(view.v.workers, 0);
    lpapp_view_free(&view);

    /* the worker runs and prints; main waits on its timer */
    assert_int_equal(lpapp_view_at(&view, &m, HELLO_PRINTED), LP_OK);
    assert_string_equal(view.v.running, "worker");
    assert_int_equal(view.v.nready, 0);
    assert_string_equal(task(&view.v, "main")->state, "waiting");
    assert_string_equal(view.v.last_output, "hello");
    lpapp_view_free(&view);

    /* at the end nothing runs, whatever ran last */
    assert_int_equal(lpapp_view_at(&view, &m, 1000), LP_OK);
    assert_null(view.v.running);
    assert_string_equal(task(&view.v, "worker")->state, "done");
    lpapp_view_free(&view);
    lpui_model_free(&m);
}

static const char LESSON[] =
    "#: title T\n"
    "#: intro\n"
    "#:   I\n"
    "#: say at print \"hello\"\n"        /* 4 */
    "#:   worker printed\n"
    "#: expect running worker\n"         /* 6: holds */
    "#: expect waiting main\n"           /* 7: holds */
    "#: expect timers 2\n"               /* 8: does not */
    "#: ask at done worker\n"            /* 9: asked just before TASK_DONE */
    "#:   q\n"
    "#:   [x] a\n"
    "#:   [ ] b\n"
    "#:   why: w\n"
    "#: expect task worker running\n"    /* 14: holds (not done yet) */
    "#: expect output none\n";           /* 15: does not */

typedef struct seen {
    int    lines[8];
    char   shows[8][128];
    size_t count;
} seen;

static void record(void *user, const lpl_note *note, const lpl_expect *e, const char *shows)
{
    (void)note;
    seen *s = user;
    assert_true(s->count < 8);
    s->lines[s->count] = e->source_line;
    snprintf(s->shows[s->count], sizeof s->shows[0], "%s", shows);
    s->count++;
}

static void test_check_reports_each_failure_with_what_is_shown(void **state)
{
    (void)state;
    lpui_model m;
    make_run(&m);
    lpl_lesson l;
    assert_int_equal(lpl_parse(&l, "prog.py", LESSON, strlen(LESSON), NULL, NULL), LP_OK);
    size_t index[2];
    assert_int_equal(lpl_find_moments(&l, &m.trace, "prog.py", index), LP_OK);
    assert_int_equal(index[0], 17); /* the OUTPUT record */
    assert_int_equal(index[1], 18); /* TASK_DONE */
    seen s = {0};
    assert_int_equal(lpapp_lesson_check(&m, &l, index, record, &s), 2);
    assert_int_equal(s.count, 2);
    assert_int_equal(s.lines[0], 8);
    assert_string_equal(s.shows[0], "TIMERS lists 1");
    assert_int_equal(s.lines[1], 15);
    assert_string_equal(s.shows[1], "the last line printed is \"hello\"");

    /* a moment that never happens is not checked */
    index[0] = index[1] = LPL_NEVER;
    assert_int_equal(lpapp_lesson_check(&m, &l, index, record, &s), 0);
    lpl_lesson_free(&l);
    lpui_model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_follows_the_window),
        cmocka_unit_test(test_check_reports_each_failure_with_what_is_shown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
