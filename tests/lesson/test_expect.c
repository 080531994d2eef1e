/*
** test_expect.c: tests src/lesson/expect.c, "#: expect" lines checked
** against a description of the window (an lpl_view).
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "lesson/expect.h"
#include "lesson/lesson.h"

/* Parses one expectation (the words after "expect"); fails the test if it
** does not parse. Free with lpl__expect_free(e, NULL-allocator). */
static lpl_expect parse(const char *words)
{
    lpl_expect e;
    char why[300];
    lp_allocator a = lp_allocator_default();
    int rc = lpl__parse_expect(&a, words, strlen(words), &e, why, sizeof why);
    if (rc != LP_OK)
        fail_msg("'%s' does not parse: %s", words, why);
    return e;
}

static void release(lpl_expect *e)
{
    lp_allocator a = lp_allocator_default();
    lpl__expect_free(e, &a);
}

/* Whether `words` holds in v; `shows` receives what the window shows. */
static bool check(const char *words, const lpl_view *v, char *shows, size_t n)
{
    lpl_expect e = parse(words);
    bool ok = lpl_expect_holds(&e, v, shows, n);
    release(&e);
    return ok;
}

static const char *const READY[] = {"download", "download", "callback"};
static const lpl_view_task TASKS[] = {
    {"main", "waiting"}, {"download", "ready"}, {"download", "ready"},
    {"worker", "waiting"}, {"spinner", "cancelled"}, {"late", "new"},
};

static lpl_view sample(void)
{
    return (lpl_view){
        .time = 2.0, .frozen = false, .running = "clock",
        .ready = READY, .nready = 3, .tasks = TASKS, .ntasks = 6,
        .timers = 2, .workers = 1, .last_output = "  got a at 1.00 s",
    };
}

static void test_expect_holds_against_the_view(void **state)
{
    (void)state;
    lpl_view v = sample();
    char shows[256];
    assert_true(check("timers 2", &v, shows, sizeof shows));
    assert_false(check("timers 1", &v, shows, sizeof shows));
    assert_string_equal(shows, "TIMERS lists 2");
    assert_true(check("not timers 1", &v, shows, sizeof shows));
    assert_false(check("not timers 2", &v, shows, sizeof shows));

    assert_true(check("ready download, download, callback", &v, shows, sizeof shows));
    assert_false(check("ready download, callback, download", &v, shows, sizeof shows)); /* in order */
    assert_false(check("ready download, download", &v, shows, sizeof shows));
    assert_string_equal(shows, "the ready queue holds download, download, callback");
    assert_false(check("ready none", &v, shows, sizeof shows));

    assert_true(check("running clock", &v, shows, sizeof shows));
    assert_false(check("running none", &v, shows, sizeof shows));
    assert_string_equal(shows, "RUNNING shows clock");

    /* WAITING: the waiting tasks and the new ones, as a multiset */
    assert_true(check("waiting late, worker, main", &v, shows, sizeof shows));
    assert_false(check("waiting main, worker", &v, shows, sizeof shows));
    assert_string_equal(shows, "WAITING holds main, worker, late");
    assert_false(check("waiting main, main, worker", &v, shows, sizeof shows));

    assert_false(check("frozen", &v, shows, sizeof shows));
    assert_string_equal(shows, "the loop is not frozen");
    assert_true(check("not frozen", &v, shows, sizeof shows));

    assert_true(check("output \"got a\"", &v, shows, sizeof shows));
    assert_false(check("output \"got b\"", &v, shows, sizeof shows));
    assert_string_equal(shows, "the last line printed is \"  got a at 1.00 s\"");
    assert_false(check("output none", &v, shows, sizeof shows));

    assert_true(check("time 2", &v, shows, sizeof shows));
    assert_true(check("time 2.0000001", &v, shows, sizeof shows));
    assert_false(check("time 2.01", &v, shows, sizeof shows));
    assert_string_equal(shows, "the clock reads 2.000 s");

    assert_true(check("task download ready", &v, shows, sizeof shows)); /* every task so named */
    assert_false(check("task worker done", &v, shows, sizeof shows));
    assert_string_equal(shows, "worker is waiting");
    assert_false(check("task ghost done", &v, shows, sizeof shows));
    assert_string_equal(shows, "no task ghost yet");
    assert_true(check("task spinner cancelled", &v, shows, sizeof shows));

    assert_true(check("workers 1", &v, shows, sizeof shows));
    assert_false(check("workers 0", &v, shows, sizeof shows));
}

static void test_expect_on_an_empty_window(void **state)
{
    (void)state;
    lpl_view v = {0};
    char shows[256];
    assert_true(check("ready none", &v, shows, sizeof shows));
    assert_true(check("waiting none", &v, shows, sizeof shows));
    assert_true(check("running none", &v, shows, sizeof shows));
    assert_true(check("output none", &v, shows, sizeof shows));
    assert_true(check("timers 0", &v, shows, sizeof shows));
    assert_false(check("running main", &v, shows, sizeof shows));
    assert_string_equal(shows, "RUNNING shows nothing");
    assert_false(check("output \"x\"", &v, shows, sizeof shows));
    assert_string_equal(shows, "nothing printed yet");
    assert_false(check("ready main", &v, shows, sizeof shows));
    assert_string_equal(shows, "the ready queue holds nothing");
    /* no room for the message: still answers */
    lpl_expect e = parse("frozen");
    assert_false(lpl_expect_holds(&e, &v, NULL, 0));
    release(&e);
}

static void test_expect_describes_itself_as_written(void **state)
{
    (void)state;
    const char *const cases[] = {
        "timers 2", "not ready a, b", "ready none", "running main", "waiting x, y",
        "frozen", "not frozen", "output \"got a\"", "output none", "time 1.5",
        "task stubborn waiting", "workers 3", "finding blocked_loop", "finding never_awaited line 43",
        "not finding one_at_a_time",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lpl_expect e = parse(cases[i]);
        char out[128], want[128];
        lpl_expect_describe(&e, out, sizeof out);
        snprintf(want, sizeof want, "expect %s", cases[i]);
        assert_string_equal(out, want);
        release(&e);
    }
}

static void test_expect_finding_happened_at_its_line(void **state)
{
    (void)state;
    static const lpl_view_finding FOUND[] = {{"blocked_loop", 45}, {"never_awaited", 0}};
    lpl_view v = sample();
    v.findings = FOUND;
    v.nfindings = 2;
    char shows[256];
    assert_true(check("finding blocked_loop", &v, shows, sizeof shows));
    assert_true(check("finding blocked_loop line 45", &v, shows, sizeof shows));
    assert_false(check("finding blocked_loop line 44", &v, shows, sizeof shows));
    assert_string_equal(shows, "the findings so far: blocked_loop at line 45, never_awaited elsewhere");
    assert_true(check("finding never_awaited", &v, shows, sizeof shows));
    assert_false(check("finding never_awaited line 3", &v, shows, sizeof shows)); /* in another file */
    assert_false(check("finding one_at_a_time", &v, shows, sizeof shows));
    assert_true(check("not finding one_at_a_time", &v, shows, sizeof shows));
    assert_false(check("not finding blocked_loop", &v, shows, sizeof shows));
    lpl_view empty = {0};
    assert_false(check("finding blocked_loop", &empty, shows, sizeof shows));
    assert_string_equal(shows, "no finding yet");
}

static void test_note_moment_is_the_windows(void **state)
{
    (void)state;
    lpl_note say = {.kind = LPL_SAY}, ask = {.kind = LPL_ASK};
    assert_int_equal(lpl_note_applied(&say, 7), 8); /* shown once its record is replayed */
    assert_int_equal(lpl_note_applied(&ask, 7), 7); /* asked just before it */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_expect_holds_against_the_view),
        cmocka_unit_test(test_expect_on_an_empty_window),
        cmocka_unit_test(test_expect_describes_itself_as_written),
        cmocka_unit_test(test_expect_finding_happened_at_its_line),
        cmocka_unit_test(test_note_moment_is_the_windows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
