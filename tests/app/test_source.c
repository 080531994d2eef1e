/*
** test_source.c: tests src/app/source.c, the check that FILE.py can be read.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/source.h"

/* Runs lpapp_source_check(path) and returns what it wrote, in buf. */
static int check(const char *path, char *buf, size_t len)
{
    FILE *err = tmpfile();
    assert_non_null(err);
    int status = lpapp_source_check(path, err);
    rewind(err);
    size_t n = fread(buf, 1, len - 1, err);
    buf[n] = '\0';
    fclose(err);
    return status;
}

static void test_source_readable_file_passes(void **state)
{
    (void)state;
    char out[512];
    assert_int_equal(check(LP_SOURCE_DIR "/CMakeLists.txt", out, sizeof out), 0);
    assert_string_equal(out, "");
}

static void test_source_missing_file_is_usage_error(void **state)
{
    (void)state;
    char out[512];
    assert_int_equal(check("no/such/file.py", out, sizeof out), LPAPP_EXIT_USAGE);
    assert_string_equal(out, "looplab: cannot read 'no/such/file.py': No such file or directory\n");
}

static void test_source_directory_is_usage_error(void **state)
{
    (void)state;
    char out[512];
    assert_int_equal(check(LP_SOURCE_DIR, out, sizeof out), LPAPP_EXIT_USAGE);
    assert_non_null(strstr(out, "': Is a directory\n"));
}

static void test_source_device_is_usage_error(void **state)
{
    (void)state;
    char out[512];
    assert_int_equal(check("/dev/zero", out, sizeof out), LPAPP_EXIT_USAGE);
    assert_non_null(strstr(out, "'/dev/zero': not a regular file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source_readable_file_passes),
        cmocka_unit_test(test_source_missing_file_is_usage_error),
        cmocka_unit_test(test_source_directory_is_usage_error),
        cmocka_unit_test(test_source_device_is_usage_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
