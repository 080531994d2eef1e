/*
** test_moments.c: tests src/lesson/moments.c on hand-made traces.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "core/trace.h"
#include "lesson/lesson.h"
#include "lesson/moments.h"

typedef struct fixture {
    lp_trace trace;
} fixture;

static uint32_t sid(fixture *fx, const char *s)
{
    uint32_t id;
    assert_int_equal(lp_trace_intern(&fx->trace, s, strlen(s), &id), LP_OK);
    return id;
}

static void add(fixture *fx, double time, lp_event_kind kind, uint32_t subject, uint16_t small,
                uint64_t arg)
{
    lp_event ev = {.time = time, .subject = subject, .kind = (uint8_t)kind, .small = small, .arg.u64 = arg};
    assert_int_equal(lp_trace_append(&fx->trace, &ev), LP_OK);
}

static void add_when(fixture *fx, double time, lp_event_kind kind, uint32_t subject, double when)
{
    lp_event ev = {.time = time, .subject = subject, .kind = (uint8_t)kind, .arg.when = when};
    assert_int_equal(lp_trace_append(&fx->trace, &ev), LP_OK);
}

static uint64_t where(fixture *fx, const char *file, uint32_t line)
{
    return ((uint64_t)sid(fx, file) << 32) | line;
}

/* A small run of a lesson "dir/lesson.py":
**  0 TASK_NEW 1 'Task-1' main()      1 TASK_NEW 2 'fetcher' fetch()
**  2 CALL_AT #1 when 1.0              3 CALL_AT #2 when 0.5
**  4 TASK_SUSPEND 1 at lesson.py:7   5 TASK_SUSPEND 2 at other.py:7
**  6 TASK_SUSPEND 2 at lesson.py:7   7 CLOCK 0.5   8 TIMER_DUE #2
**  9 OUTPUT "half way"               10 CLOCK 1.0  11 TIMER_DUE #1
** 12 TASK_CANCEL 2   13 TIMEOUT      14 TASK_DONE 2  15 BLOCK_BEGIN
** 16 OUTPUT "half way again"         17 TASK_DONE 1 */
static int setup(void **state)
{
    static fixture fx;
    memset(&fx, 0, sizeof fx);
    assert_int_equal(lp_trace_init(&fx.trace, lp_allocator_default()), LP_OK);
    fixture *f = &fx;
    add(f, 0, LP_EV_TASK_NEW, 1, 0, sid(f, "Task-1") | ((uint64_t)sid(f, "main()") << 32));
    add(f, 0, LP_EV_TASK_NEW, 2, 0, sid(f, "fetcher") | ((uint64_t)sid(f, "main.<locals>.fetch()") << 32));
    add_when(f, 0, LP_EV_CALL_AT, 1, 1.0);
    add_when(f, 0, LP_EV_CALL_AT, 2, 0.5);
    add(f, 0, LP_EV_TASK_SUSPEND, 1, 0, where(f, "dir/lesson.py", 7));
    add(f, 0, LP_EV_TASK_SUSPEND, 2, 0, where(f, "other.py", 7));
    add(f, 0, LP_EV_TASK_SUSPEND, 2, 0, where(f, "dir/lesson.py", 7));
    add_when(f, 0.5, LP_EV_CLOCK, 0, 0.0);
    add(f, 0.5, LP_EV_TIMER_DUE, 2, 0, 0);
    add(f, 0.5, LP_EV_OUTPUT, 2, 1, sid(f, "half way"));
    add_when(f, 1.0, LP_EV_CLOCK, 0, 0.5);
    add(f, 1.0, LP_EV_TIMER_DUE, 1, 0, 0);
    add(f, 1.0, LP_EV_TASK_CANCEL, 2, 0, 1);
    add(f, 1.0, LP_EV_TIMEOUT, 2, 0, 0);
    add(f, 1.0, LP_EV_TASK_DONE, 2, LP_TASK_CANCELLED, 0);
    add_when(f, 1.0, LP_EV_BLOCK_BEGIN, 0, 2.0);
    add(f, 3.0, LP_EV_OUTPUT, 1, 1, sid(f, "half way again"));
    add(f, 3.0, LP_EV_TASK_DONE, 1, LP_TASK_RESULT, 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    lp_trace_free(&fx->trace);
    return 0;
}

/* Parses one "#: say at MOMENT" note and returns where it falls. */
static size_t find(fixture *fx, const char *moment, const char *run_file)
{
    char src[512];
    snprintf(src, sizeof src, "#: title T\n#: intro\n#:   I\n#: say at %s\n#:   n\n%s", moment,
             "x = 1\nx = 2\nawait_here = 3\n"); /* the code line after the note is line 6 */
    lpl_lesson l;
    lpl_error err;
    if (lpl_parse(&l, "lesson.py", src, strlen(src), NULL, &err) != LP_OK)
        fail_msg("%s", err.message);
    size_t index = 12345;
    assert_int_equal(lpl_find_moments(&l, &fx->trace, run_file, &index), LP_OK);
    lpl_lesson_free(&l);
    return index;
}

static void test_moments_by_position_and_time(void **state)
{
    fixture *fx = *state;
    assert_int_equal(find(fx, "start", NULL), 0);
    assert_int_equal(find(fx, "end", NULL), 17);
    assert_int_equal(find(fx, "time 0.5", NULL), 7);
    assert_int_equal(find(fx, "time 0.7", NULL), 10);
    assert_int_equal(find(fx, "time 9", NULL), LPL_NEVER);
}

static void test_moments_timers_by_deadline(void **state)
{
    fixture *fx = *state;
    assert_int_equal(find(fx, "timer", NULL), 8);
    assert_int_equal(find(fx, "timer #2", NULL), 11);
    assert_int_equal(find(fx, "timer 1.0", NULL), 11); /* due at 1.0: timer #1, second to fire */
    assert_int_equal(find(fx, "timer 0.5", NULL), 8);
    assert_int_equal(find(fx, "timer 0.75", NULL), LPL_NEVER);
}

static void test_moments_output_tasks_and_others(void **state)
{
    fixture *fx = *state;
    assert_int_equal(find(fx, "print \"half\"", NULL), 9);
    assert_int_equal(find(fx, "print \"half\" #2", NULL), 16);
    assert_int_equal(find(fx, "print \"way\"", NULL), LPL_NEVER); /* a prefix, not a substring */
    assert_int_equal(find(fx, "done fetcher", NULL), 14);
    assert_int_equal(find(fx, "done fetch", NULL), 14);  /* by coroutine function name */
    assert_int_equal(find(fx, "done main", NULL), 17);
    assert_int_equal(find(fx, "done Task-1", NULL), 17);
    assert_int_equal(find(fx, "done etch", NULL), LPL_NEVER);
    assert_int_equal(find(fx, "cancel fetcher", NULL), 12);
    assert_int_equal(find(fx, "timeout", NULL), 13);
    assert_int_equal(find(fx, "block", NULL), 15);
}

static void test_moments_lines_match_the_lesson_file(void **state)
{
    fixture *fx = *state;
    /* the note's code line is line 6 in find()'s source; the trace has line 7 */
    assert_int_equal(find(fx, "line", NULL), LPL_NEVER);

    lpl_lesson l;
    const char *src = "#: title T\n#: intro\n#:   I\n\n\n#: say at line\n#:   n\nawait x\n"
                      "#: say at line #2\n#:   n\nawait y\n";
    assert_int_equal(lpl_parse(&l, "lesson.py", src, strlen(src), NULL, NULL), LP_OK);
    assert_int_equal(l.notes[0].at.line, 8);
    l.notes[0].at.line = 7; /* point both notes at line 7 of the trace */
    l.notes[1].at.line = 7;
    size_t index[2];
    assert_int_equal(lpl_find_moments(&l, &fx->trace, "dir/lesson.py", index), LP_OK);
    assert_int_equal(index[0], 4);
    assert_int_equal(index[1], 6); /* other.py:7 is another file */
    assert_int_equal(lpl_find_moments(&l, &fx->trace, "/elsewhere/lesson.py", index), LP_OK);
    assert_int_equal(index[0], 4); /* same base name */
    assert_int_equal(lpl_find_moments(&l, &fx->trace, NULL, index), LP_OK);
    assert_int_equal(index[1], 5); /* any file */
    lpl_lesson_free(&l);
}

static void test_moments_on_an_empty_trace_never_happen(void **state)
{
    (void)state;
    lp_trace empty;
    assert_int_equal(lp_trace_init(&empty, lp_allocator_default()), LP_OK);
    lpl_lesson l;
    const char *src = "#: title T\n#: intro\n#:   I\n#: say at start\n#:   a\n#: say at end\n#:   b\n";
    assert_int_equal(lpl_parse(&l, "l.py", src, strlen(src), NULL, NULL), LP_OK);
    size_t index[2] = {0, 0};
    assert_int_equal(lpl_find_moments(&l, &empty, NULL, index), LP_OK);
    assert_int_equal(index[0], LPL_NEVER);
    assert_int_equal(index[1], LPL_NEVER);
    lpl_lesson_free(&l);
    lp_trace_free(&empty);
}

static void test_moments_note_shown_and_next_checkpoint(void **state)
{
    (void)state;
    lpl_lesson l;
    const char *src = "#: title T\n#: intro\n#:   I\n"
                      "#: say at start\n#:   s0\n"
                      "#: ask at start\n#:   q\n#:   [x] a\n#:   [ ] b\n#:   why: w\n"
                      "#: say at end\n#:   s2\n"
                      "#: ask at end\n#:   q\n#:   [x] a\n#:   [ ] b\n#:   why: w\n";
    assert_int_equal(lpl_parse(&l, "l.py", src, strlen(src), NULL, NULL), LP_OK);
    size_t index[4] = {5, 3, 9, LPL_NEVER}; /* as lpl_find_moments might give */
    assert_int_equal(lpl_note_shown(&l, index, 0), -1);  /* nothing yet: the intro */
    assert_int_equal(lpl_note_shown(&l, index, 3), -1);  /* the ask's record not replayed */
    assert_int_equal(lpl_note_shown(&l, index, 4), 1);   /* answered: its explanation */
    assert_int_equal(lpl_note_shown(&l, index, 6), 0);
    assert_int_equal(lpl_note_shown(&l, index, 100), 2); /* the never-happening ask never shows */
    index[2] = 5;
    assert_int_equal(lpl_note_shown(&l, index, 6), 2);   /* a tie: the later in the source */

    assert_int_equal(lpl_next_checkpoint(&l, index, 0, 100), 1);
    assert_int_equal(lpl_next_checkpoint(&l, index, 0, 3), -1); /* [0, 3) stops short of it */
    assert_int_equal(lpl_next_checkpoint(&l, index, 3, 4), 1);
    assert_int_equal(lpl_next_checkpoint(&l, index, 4, 100), -1); /* says are not checkpoints */
    lpl_lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_moments_by_position_and_time, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moments_timers_by_deadline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moments_output_tasks_and_others, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moments_lines_match_the_lesson_file, setup, teardown),
        cmocka_unit_test(test_moments_on_an_empty_trace_never_happen),
        cmocka_unit_test(test_moments_note_shown_and_next_checkpoint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
