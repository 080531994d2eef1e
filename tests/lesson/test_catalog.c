/*
** test_catalog.c: tests src/lesson/catalog.c, the lessons of a directory.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "lesson/catalog.h"
#include "lesson/lesson.h"

static void test_catalog_names(void **state)
{
    (void)state;
    assert_true(lpl_is_lesson_name("01_intro.py"));
    assert_true(lpl_is_lesson_name("123_x.py"));
    assert_false(lpl_is_lesson_name("sim.py"));
    assert_false(lpl_is_lesson_name("01_.py"));
    assert_false(lpl_is_lesson_name("01intro.py"));
    assert_false(lpl_is_lesson_name("01_intro.pyc"));
    assert_false(lpl_is_lesson_name("_01_intro.py"));
}

static void test_catalog_lists_the_course_in_order(void **state)
{
    (void)state;
    lpl_catalog c;
    assert_int_equal(lpl_catalog_scan(&c, LP_SOURCE_DIR "/scenarios", NULL), LP_OK);
    assert_true(c.count >= 14);
    assert_non_null(strstr(c.paths[0], "/scenarios/01_"));
    for (size_t i = 1; i < c.count; i++)
        assert_true(strcmp(c.paths[i - 1], c.paths[i]) < 0);
    for (size_t i = 0; i < c.count; i++) {
        assert_null(strstr(c.paths[i], "sim.py"));
        /* every lesson of the course has a title, an intro and a checkpoint */
        lpl_lesson l;
        lpl_error err;
        if (lpl_load(&l, c.paths[i], NULL, &err) != LP_OK)
            fail_msg("%s", err.message);
        size_t asks = 0;
        for (size_t n = 0; n < l.nnotes; n++)
            asks += l.notes[n].kind == LPL_ASK;
        if (asks == 0)
            fail_msg("%s has no 'ask' checkpoint", c.paths[i]);
        lpl_lesson_free(&l);
    }
    lpl_catalog_free(&c);
    assert_int_equal(c.count, 0);
}

static void test_catalog_missing_dir(void **state)
{
    (void)state;
    lpl_catalog c;
    assert_int_equal(lpl_catalog_scan(&c, "/nonexistent/looplab/scenarios", NULL), LP_E_INVAL);
    assert_int_equal(c.count, 0);
    assert_null(c.paths);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_names),
        cmocka_unit_test(test_catalog_lists_the_course_in_order),
        cmocka_unit_test(test_catalog_missing_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
