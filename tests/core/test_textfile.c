/* test_textfile.c - a text file read whole: its lines, CRLF, the last
** newline, a size limit, a file that is not there. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/status.h"
#include "core/textfile.h"

/* Writes `bytes` to a new temporary file; its path goes to path[]. */
static void write_temp(char *path, size_t n, const char *bytes, size_t len)
{
    snprintf(path, n, "/tmp/lp_textfile_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, bytes, len), (ssize_t)len);
    close(fd);
}

static void test_textfile_lines_crlf_and_last_newline(void **state)
{
    (void)state;
    char path[64];
    const char text[] = "first\r\nsecond\n\nfourth\n";
    write_temp(path, sizeof path, text, sizeof text - 1);
    lp_textfile tf;
    assert_int_equal(lp_textfile_load(&tf, path, 0), LP_OK);
    assert_int_equal(tf.line_count, 4); /* the final newline makes no empty fifth line */
    assert_string_equal(tf.lines[0], "first");
    assert_string_equal(tf.lines[1], "second");
    assert_string_equal(tf.lines[2], "");
    assert_string_equal(tf.lines[3], "fourth");
    lp_textfile_free(&tf);
    assert_null(tf.text);
    lp_textfile_free(&tf); /* twice is safe */
    unlink(path);
}

static void test_textfile_without_last_newline_and_big(void **state)
{
    (void)state;
    char path[64];
    size_t len = 100000;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = i % 10 == 9 ? '\n' : (char)('a' + i % 10);
    text[len - 1] = 'z'; /* no newline at the end */
    write_temp(path, sizeof path, text, len);
    lp_textfile tf;
    assert_int_equal(lp_textfile_load(&tf, path, 0), LP_OK);
    assert_int_equal(tf.line_count, len / 10);
    assert_string_equal(tf.lines[0], "abcdefghi");
    assert_string_equal(tf.lines[tf.line_count - 1], "abcdefghiz");
    lp_textfile_free(&tf);
    /* past the limit: refused, nothing kept */
    assert_int_equal(lp_textfile_load(&tf, path, len - 1), LP_E_INVAL);
    assert_null(tf.text);
    assert_int_equal(lp_textfile_load(&tf, path, len), LP_OK);
    lp_textfile_free(&tf);
    free(text);
    unlink(path);
}

static void test_textfile_missing_or_empty(void **state)
{
    (void)state;
    lp_textfile tf;
    assert_int_equal(lp_textfile_load(&tf, "/nonexistent/looplab/file.py", 0), LP_E_INVAL);
    assert_null(tf.text);
    assert_int_equal(tf.line_count, 0);
    char path[64];
    write_temp(path, sizeof path, "", 0);
    assert_int_equal(lp_textfile_load(&tf, path, 0), LP_OK);
    assert_int_equal(tf.line_count, 1);
    assert_string_equal(tf.lines[0], "");
    lp_textfile_free(&tf);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textfile_lines_crlf_and_last_newline),
        cmocka_unit_test(test_textfile_without_last_newline_and_big),
        cmocka_unit_test(test_textfile_missing_or_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
