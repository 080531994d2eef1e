/*
** test_parse.c: tests src/lesson/parse.c, the "#:" narration of a lesson.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "failing_alloc.h"
#include "lesson/lesson.h"

static const char GOOD[] =
    "import asyncio\n"                                 /* 1 */
    "#: title Two waits\n"                             /* 2 */
    "#: intro\n"                                       /* 3 */
    "#:   First paragraph,\n"                          /* 4 */
    "#:   continued.\n"                                /* 5 */
    "#:\n"                                             /* 6 */
    "#:   Second paragraph.\n"                         /* 7 */
    "async def main():\n"                              /* 8 */
    "    #: say at line\n"                             /* 9 */
    "    #:   main stops here.\n"                      /* 10 */
    "    # an ordinary comment\n"                      /* 11 */
    "\n"                                               /* 12 */
    "    await asyncio.sleep(1)\n"                     /* 13 */
    "    #: ask at print \"done \\\"now\\\"\" #2\n"    /* 14 */
    "    #:   What prints?\n"                          /* 15 */
    "    #:   [ ] nothing\n"                           /* 16 */
    "    #:   [x] done\n"                              /* 17 */
    "    #:   why: because\n"                          /* 18 */
    "    #:     it is so.\n"                           /* 19 */
    "    #: say at timer 1.5\n"                        /* 20 */
    "    #:   a timer\n"                               /* 21 */
    "    #: say at done worker #3\n"                   /* 22 */
    "    #:   worker ended\n"                          /* 23 */
    "    print('done \"now\"')\n"                      /* 24 */
    "#: teaches future, event loop\n"                  /* 25 */
    "#: uses GIL\n"                                    /* 26 */
    "#: say at end\n"                                  /* 27 */
    "#:   the end\n"                                   /* 28 */
    "#: expect timers 0\n"                             /* 29 */
    "#: expect not ready a, b\n"                       /* 30 */
    "#: expect output \"x \\\"y\\\"\"\n"       /* 31 */
    "#: expect task worker done\n"                     /* 32 */
    "#: finding blocked_loop\n"                        /* 33 */
    "#: expect finding never_awaited line 12\n";       /* 34 */

static void test_parse_reads_title_intro_and_notes(void **state)
{
    (void)state;
    lpl_lesson l;
    lpl_error err;
    assert_int_equal(lpl_parse(&l, "good.py", GOOD, strlen(GOOD), NULL, &err), LP_OK);
    assert_string_equal(l.title, "Two waits");
    assert_string_equal(l.intro, "First paragraph, continued.\nSecond paragraph.");
    assert_int_equal(l.nnotes, 5);

    assert_int_equal(l.notes[0].kind, LPL_SAY);
    assert_int_equal(l.notes[0].source_line, 9);
    assert_int_equal(l.notes[0].at.kind, LPL_AT_LINE);
    assert_int_equal(l.notes[0].at.line, 13); /* skips the comment and the blank line */
    assert_string_equal(l.notes[0].text, "main stops here.");

    const lpl_note *ask = &l.notes[1];
    assert_int_equal(ask->kind, LPL_ASK);
    assert_int_equal(ask->at.kind, LPL_AT_PRINT);
    assert_string_equal(ask->at.text, "done \"now\"");
    assert_int_equal(ask->at.nth, 2);
    assert_string_equal(ask->text, "What prints?");
    assert_int_equal(ask->nchoices, 2);
    assert_string_equal(ask->choices[0], "nothing");
    assert_string_equal(ask->choices[1], "done");
    assert_int_equal(ask->answer, 1);
    assert_string_equal(ask->why, "because it is so.");

    assert_int_equal(l.notes[2].at.kind, LPL_AT_TIMER);
    assert_true(l.notes[2].at.time == 1.5);
    assert_int_equal(l.notes[3].at.kind, LPL_AT_DONE);
    assert_string_equal(l.notes[3].at.text, "worker");
    assert_int_equal(l.notes[3].at.nth, 3);
    assert_int_equal(l.notes[3].nexpects, 0);

    assert_int_equal(l.nterms, 3);
    assert_string_equal(l.terms[0].word, "future");
    assert_true(l.terms[0].teaches);
    assert_string_equal(l.terms[1].word, "event loop");
    assert_int_equal(l.terms[1].line, 25);
    assert_string_equal(l.terms[2].word, "GIL");
    assert_false(l.terms[2].teaches);

    const lpl_note *end = &l.notes[4];
    assert_int_equal(end->at.kind, LPL_AT_END);
    assert_int_equal(end->nexpects, 6);
    assert_int_equal(end->expects[0].kind, LPL_EXPECT_TIMERS);
    assert_int_equal(end->expects[0].source_line, 29);
    assert_true(end->expects[0].number == 0);
    assert_int_equal(end->expects[1].kind, LPL_EXPECT_READY);
    assert_true(end->expects[1].negate);
    assert_int_equal(end->expects[1].nnames, 2);
    assert_string_equal(end->expects[1].names[1], "b");
    assert_string_equal(end->expects[2].text, "x \"y\"");
    assert_int_equal(end->expects[3].kind, LPL_EXPECT_TASK);
    assert_string_equal(end->expects[3].names[0], "worker");
    assert_string_equal(end->expects[3].text, "done");
    /* "#: finding KIND": shown with the note, and implied as an expectation */
    assert_null(l.notes[0].finding);
    assert_string_equal(end->finding, "blocked_loop");
    assert_int_equal(end->expects[4].kind, LPL_EXPECT_FINDING);
    assert_int_equal(end->expects[4].source_line, 33);
    assert_string_equal(end->expects[4].names[0], "blocked_loop");
    assert_true(end->expects[4].number == 0); /* any line */
    assert_false(end->expects[4].negate);
    assert_int_equal(end->expects[5].kind, LPL_EXPECT_FINDING);
    assert_string_equal(end->expects[5].names[0], "never_awaited");
    assert_true(end->expects[5].number == 12);
    lpl_lesson_free(&l);
    assert_null(l.notes);
}

/* Parses src, expecting failure at `line` with `needle` in the message. */
static void expect_error(const char *src, int line, const char *needle)
{
    lpl_lesson l;
    lpl_error err;
    assert_int_equal(lpl_parse(&l, "bad.py", src, strlen(src), NULL, &err), LP_E_INVAL);
    assert_int_equal(err.line, line);
    if (strstr(err.message, needle) == NULL)
        fail_msg("message '%s' lacks '%s'", err.message, needle);
    char where[32];
    snprintf(where, sizeof where, "bad.py:%d: ", line);
    assert_true(strncmp(err.message, where, strlen(where)) == 0);
    assert_null(l.title);
    assert_null(l.notes);
}

#define HEAD "#: title T\n#: intro\n#:   I\n"

static void test_parse_errors_name_file_and_line(void **state)
{
    (void)state;
    expect_error("#: intro\n#:   I\n", 1, "no title");
    expect_error("#: title T\n", 1, "no introduction");
    expect_error(HEAD "#: title U\n", 4, "a second title (the first is on line 1)");
    expect_error(HEAD "#: explain at line\n#:   x\nx = 1\n", 4, "unknown narration 'explain'");
    expect_error(HEAD "#: say at noon\n#:   x\n", 4, "unknown moment 'noon'");
    expect_error(HEAD "#: say line\n#:   x\n", 4, "expected 'at'");
    expect_error(HEAD "#: say at line\n#:   x\n# only comments\n", 4, "needs a line of code");
    expect_error(HEAD "#: say at time soon\n#:   x\n", 4, "'soon' is not a time");
    expect_error(HEAD "#: say at time -1\n#:   x\n", 4, "'-1' is not a time");
    expect_error(HEAD "#: say at print done\n#:   x\n", 4, "double quotes");
    expect_error(HEAD "#: say at print \"done\n#:   x\n", 4, "no closing");
    expect_error(HEAD "#: say at done\n#:   x\n", 4, "needs a task name");
    expect_error(HEAD "#: say at start #0\n#:   x\n", 4, "'#0' is not an occurrence");
    expect_error(HEAD "#: say at start now\n#:   x\n", 4, "unexpected 'now'");
    expect_error(HEAD "#: say at timer #2 now\n#:   x\n", 4, "'#2 now' is not an occurrence");
    expect_error(HEAD "#: say at start\n", 4, "no text");
    expect_error(HEAD "#: say at start\n#:   x\n#:   [x] y\n", 6, "only an 'ask' block has choices");
    expect_error(HEAD "#: ask at start\n#:   q\n#:   [x] a\n", 4, "at least 2 choices");
    expect_error(HEAD "#: ask at start\n#:   q\n#:   [ ] a\n#:   [ ] b\n#:   why: w\n", 4,
                 "exactly one right choice");
    expect_error(HEAD "#: ask at start\n#:   q\n#:   [x] a\n#:   [ ] b\n", 4, "explanation");
    expect_error(HEAD "#: ask at start\n#:   q\n#:   [x] a\n#:   more\n", 7, "text after the choices");
    expect_error(HEAD "#: ask at start\n#:   q\n#:   why: w\n", 6, "before any choice");
    expect_error("#:   stray text\n" HEAD, 1, "outside a block");
    expect_error(HEAD "#: intro\n#:   again\n", 4, "a second intro");
    /* expectations: right below their note, one line each, well formed */
    expect_error(HEAD "#: expect timers 1\n", 4, "belongs right below a 'say' or 'ask'");
    expect_error(HEAD "#: say at start\n#:   x\nx = 1\n#: expect timers 1\n", 7, "belongs right below");
    expect_error(HEAD "#: say at start\n#:   x\n#: teaches y\n#: expect timers 1\n", 7, "belongs right below");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect timers 1\n#:   more\n", 7, "one line");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect clouds 2\n", 6, "unknown expectation 'clouds'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect timers two\n", 6, "needs a count");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect timers 1.5\n", 6, "needs a count");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect time\n", 6, "needs a time");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect timers 1 2\n", 6, "unexpected '2'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect ready\n", 6, "or 'none'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect ready a,\n", 6, "a comma with no name");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect ready a,,b\n", 6, "an empty name");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect ready a b\n", 6, "separate names with commas");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect waiting a, none\n", 6, "'none' stands alone");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect running a, b\n", 6, "takes one task");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect output done\n", 6, "double quotes");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect output \"done\n", 6, "no closing");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect output \"\"\n", 6, "some text");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect output \"a\" b\n", 6, "after the closing");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect task worker\n", 6, "a task and a state");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect task worker asleep\n", 6, "unknown state 'asleep'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect frozen now\n", 6, "unexpected 'now'");
    /* findings: right below their note (or its expects), one per note, one kind */
    expect_error(HEAD "#: finding blocked_loop\n", 4, "'finding' belongs right below a 'say' or 'ask'");
    expect_error(HEAD "#: say at start\n#:   x\nx = 1\n#: finding blocked_loop\n", 7, "belongs right below");
    expect_error(HEAD "#: say at start\n#:   x\n#: finding blocked_loop\n#: finding never_awaited\n", 7,
                 "one finding (this one has 'blocked_loop')");
    expect_error(HEAD "#: say at start\n#:   x\n#: finding\n", 6, "needs the kind of an insight");
    expect_error(HEAD "#: say at start\n#:   x\n#: finding Blocked\n", 6, "needs the kind of an insight");
    expect_error(HEAD "#: say at start\n#:   x\n#: finding blocked_loop now\n", 6, "one word");
    expect_error(HEAD "#: say at start\n#:   x\n#: finding blocked_loop\n#:   more\n", 7, "one line");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect finding\n", 6, "needs the kind of an insight");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect finding x line\n", 6, "only 'line N'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect finding x line 0\n", 6, "only 'line N'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect finding x at 3\n", 6, "only 'line N'");
    expect_error(HEAD "#: say at start\n#:   x\n#: expect finding x line 3 4\n", 6, "unexpected '4'");
    /* the glossary */
    expect_error(HEAD "#: teaches\n", 4, "needs terms");
    expect_error(HEAD "#: uses a,\n", 4, "a comma with no term");
    expect_error(HEAD "#: uses a, , b\n", 4, "an empty term");
    expect_error(HEAD "#: teaches a\n#:   b\n", 5, "one line");
}

static void test_parse_ignores_python_and_handles_crlf(void **state)
{
    (void)state;
    const char *src = "x = '#: not narration, inside code'\r\n#: title T\r\n#: intro\r\n#:   I\r\n";
    lpl_lesson l;
    assert_int_equal(lpl_parse(&l, "crlf.py", src, strlen(src), NULL, NULL), LP_OK);
    assert_string_equal(l.title, "T");
    assert_string_equal(l.intro, "I");
    assert_int_equal(l.nnotes, 0);
    lpl_lesson_free(&l);

    const char *bare = "#: title T\n#: intro\n#:   I\n#: say at timer   #2\n#:   x\n";
    assert_int_equal(lpl_parse(&l, "bare.py", bare, strlen(bare), NULL, NULL), LP_OK);
    assert_true(l.notes[0].at.time < 0);
    assert_int_equal(l.notes[0].at.nth, 2);
    lpl_lesson_free(&l);

    lpl_error err;
    assert_int_equal(lpl_parse(&l, "nul.py", "a\0b", 3, NULL, &err), LP_E_INVAL);
    assert_non_null(strstr(err.message, "NUL"));
}

static void test_parse_survives_every_failed_allocation(void **state)
{
    (void)state;
    for (long budget = 0;; budget++) {
        failing_alloc b = {.fail_after = budget};
        lp_allocator a = failing_alloc_make(&b);
        lpl_lesson l;
        lpl_error err;
        int rc = lpl_parse(&l, "good.py", GOOD, strlen(GOOD), &a, &err);
        if (rc == LP_OK) {
            assert_int_equal(l.nnotes, 5);
            assert_int_equal(l.notes[4].nexpects, 6);
            lpl_lesson_free(&l);
            assert_int_equal(b.live, 0);
            assert_true(budget > 10);
            break;
        }
        assert_int_equal(rc, LP_E_NOMEM);
        assert_non_null(strstr(err.message, "out of memory"));
        assert_int_equal(b.live, 0); /* nothing leaked on the way out */
        assert_true(budget < 10000);
    }
}

static void test_load_reports_missing_file_and_reads_lessons(void **state)
{
    (void)state;
    lpl_lesson l;
    lpl_error err;
    assert_int_equal(lpl_load(&l, "/nonexistent/lesson.py", NULL, &err), LP_E_INVAL);
    assert_non_null(strstr(err.message, "/nonexistent/lesson.py: cannot open"));

    assert_int_equal(lpl_load(&l, LP_SOURCE_DIR "/scenarios/01_sequence_vs_together.py", NULL, &err),
                     LP_OK);
    assert_non_null(strstr(l.title, "sequence"));
    assert_true(l.nnotes >= 3);
    size_t asks = 0;
    for (size_t i = 0; i < l.nnotes; i++)
        asks += l.notes[i].kind == LPL_ASK;
    assert_true(asks >= 1);
    lpl_lesson_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_reads_title_intro_and_notes),
        cmocka_unit_test(test_parse_errors_name_file_and_line),
        cmocka_unit_test(test_parse_ignores_python_and_handles_crlf),
        cmocka_unit_test(test_parse_survives_every_failed_allocation),
        cmocka_unit_test(test_load_reports_missing_file_and_reads_lessons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
