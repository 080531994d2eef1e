/* test_sentences.c - the window's sentence table (src/ui/sentences.h) and
** its locations: every template names only slots the filler knows, is
** filled exactly, belongs to a real event kind and is written once; a
** location in another file names it, the standard library's by its path
** inside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/trace.h"
#include "ui/sentences.h"

static const char *const SLOTS[] = {"task", "thread", "by", "where", "what", "call",
                                    "t", "when", "late", "n", "pct", "loop", "Loop", "of_loop", "in_loop"};

static bool known_slot(const char *name, size_t n)
{
    for (size_t i = 0; i < sizeof SLOTS / sizeof SLOTS[0]; i++)
        if (strlen(SLOTS[i]) == n && memcmp(SLOTS[i], name, n) == 0)
            return true;
    return false;
}

static void test_every_sentence_uses_known_slots_once_written(void **state)
{
    (void)state;
    for (int i = 0; i < LPUI_SAY__COUNT; i++) {
        const char *t = lpui_say_text((lpui_say)i);
        assert_true(strlen(t) > 0);
        assert_true(lpui_say_kind((lpui_say)i) < LP_EV__COUNT);
        for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{')) {
            const char *end = strchr(p, '}');
            assert_non_null(end);
            if (!known_slot(p + 1, (size_t)(end - p - 1)))
                fail_msg("sentence %d: unknown slot in \"%s\"", i, t);
        }
        for (int j = 0; j < i; j++) /* each sentence once */
            assert_string_not_equal(t, lpui_say_text((lpui_say)j));
    }
}

static void test_fill_puts_each_slot_in_place_and_cuts_to_fit(void **state)
{
    (void)state;
    char out[512];
    lpui_words w = {.task = "main", .when = 1.5};
    lpui_say_fill(LPUI_SAY_TIMEOUT_BLOCK, &w, out, sizeof out);
    assert_non_null(strstr(out, "cancellation of main is requested"));
    assert_null(strchr(out, '{'));
    lpui_say_fill(LPUI_SAY_BLOCK_NOWHERE, &w, out, sizeof out);
    assert_non_null(strstr(out, "until t = 1.500."));
    lpui_say_fill(LPUI_SAY_TIMEOUT_BLOCK, &w, out, 12); /* cut, still a string */
    assert_int_equal(strlen(out), 11);
    lpui_say_fill(LPUI_SAY_TASK_STEP, NULL, out, sizeof out); /* no words: empty slots */
    assert_true(strncmp(out, " runs a step", 12) == 0);
}

/* With the loop on screen a sentence says "the loop"; with another thread's
** loop it says which, wherever it speaks of the loop, its queue or heap. */
static void test_loop_slots_name_another_threads_loop(void **state)
{
    (void)state;
    char out[512];
    lpui_words here = {.when = 2.0, .n = 3};
    lpui_say_fill(LPUI_SAY_RUN, &here, out, sizeof out);
    assert_true(strncmp(out, "The loop takes the first callback", 33) == 0);
    lpui_say_fill(LPUI_SAY_ITER, &here, out, sizeof out);
    assert_true(strncmp(out, "A new turn of the loop: 3 callbacks", 35) == 0);
    lpui_say_fill(LPUI_SAY_TIMER_DUE, &here, out, sizeof out);
    assert_string_equal(out, "The timer due at 2.000 is due: its callback moves to the ready queue.");
    lpui_words there = {.task = "bells", .when = 2.0, .n = 3, .loop = "the loop of thread 'bell-thread'"};
    lpui_say_fill(LPUI_SAY_RUN, &there, out, sizeof out);
    assert_true(strncmp(out, "The loop of thread 'bell-thread' takes the first callback", 57) == 0);
    lpui_say_fill(LPUI_SAY_ITER, &there, out, sizeof out);
    assert_true(strncmp(out, "A new turn of the loop of thread 'bell-thread': 3 callbacks", 59) == 0);
    lpui_say_fill(LPUI_SAY_TIMER_DUE, &there, out, sizeof out);
    assert_string_equal(out, "The timer due at 2.000 is due: its callback moves to the ready queue of the loop "
                             "of thread 'bell-thread'.");
    lpui_say_fill(LPUI_SAY_TASK_STEP, &there, out, sizeof out);
    assert_true(strncmp(out, "bells runs a step in the loop of thread 'bell-thread': ", 55) == 0);
    /* every sentence that speaks of the loop names it */
    for (int i = 0; i < LPUI_SAY__COUNT; i++) {
        const char *t = lpui_say_text((lpui_say)i);
        if (!strstr(t, "{loop}") && !strstr(t, "{Loop}"))
            continue;
        lpui_say_fill((lpui_say)i, &there, out, sizeof out);
        assert_non_null(strstr(out, "oop of thread 'bell-thread'"));
    }
}

static void test_where_names_other_files(void **state)
{
    (void)state;
    char out[128];
    lpui_where("/home/me/prog.py", 1, 12, out, sizeof out);
    assert_string_equal(out, "line 12");
    lpui_where("/work/looplab/scenarios/sim.py", 0, 53, out, sizeof out);
    assert_string_equal(out, "sim.py:53");
    lpui_where("/usr/lib/python3.11/asyncio/threads.py", 0, 25, out, sizeof out);
    assert_string_equal(out, "asyncio/threads.py:25");
    lpui_where("/usr/lib/python3/dist-packages/foo/bar.py", 0, 3, out, sizeof out);
    assert_string_equal(out, "bar.py:3");
    lpui_where("/usr/lib/python3.11/asyncio/threads.py", 0, 0, out, sizeof out);
    assert_string_equal(out, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_sentence_uses_known_slots_once_written),
        cmocka_unit_test(test_fill_puts_each_slot_in_place_and_cuts_to_fit),
        cmocka_unit_test(test_loop_slots_name_another_threads_loop),
        cmocka_unit_test(test_where_names_other_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
