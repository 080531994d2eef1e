/*
** test_paths.c: tests src/app/paths.c, the search for the data directory.
**
** Each test gets a fresh temporary tree:
**   <tmp>/prefix/share/looplab/assets/fonts/<font>   an installed layout
**   <tmp>/envdata/assets/fonts/<font>                a $LOOPLAB_DATA directory
**   <tmp>/srcdir/assets/fonts/<font>                 a source tree
**   <tmp>/empty/bin                                  no data anywhere near
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/paths.h"

#define MAX_CREATED 32

typedef struct fixture {
    char root[256];                 /* the temporary directory */
    char created[MAX_CREATED][512]; /* paths made under root, in order */
    int ncreated;
} fixture;

/* Writes "<root>/<rel>" into buf (static size 512). */
static const char *at(const fixture *fx, const char *rel, char buf[512])
{
    int n = snprintf(buf, 512, "%s/%s", fx->root, rel);
    assert_true(n > 0 && n < 512);
    return buf;
}

static void remember(fixture *fx, const char *path)
{
    assert_true(fx->ncreated < MAX_CREATED);
    strcpy(fx->created[fx->ncreated++], path);
}

/* mkdir -p <root>/<rel>, remembering each directory made. */
static void make_dirs(fixture *fx, const char *rel)
{
    char path[512];
    at(fx, rel, path);
    for (char *c = path + strlen(fx->root) + 1;; c++) {
        if (*c == '/' || *c == '\0') {
            char saved = *c;
            *c = '\0';
            if (mkdir(path, 0700) == 0)
                remember(fx, path);
            else
                assert_int_equal(errno, EEXIST);
            *c = saved;
            if (saved == '\0')
                break;
        }
    }
}

/* Creates <root>/<dir>/assets/fonts/<marker font>. */
static void make_data_dir(fixture *fx, const char *dir)
{
    char rel[512];
    char path[512];
    snprintf(rel, sizeof rel, "%s/assets/fonts", dir);
    make_dirs(fx, rel);
    snprintf(rel, sizeof rel, "%s/%s", dir, LPAPP_PATHS_MARKER);
    FILE *f = fopen(at(fx, rel, path), "wb");
    assert_non_null(f);
    fclose(f);
    remember(fx, path);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    const char *tmp = getenv("TMPDIR");
    if (fx == NULL)
        return -1;
    snprintf(fx->root, sizeof fx->root, "%s/lpapp_paths_XXXXXX",
             tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(fx->root) == NULL) {
        free(fx);
        return -1;
    }
    make_data_dir(fx, "prefix/share/looplab");
    make_dirs(fx, "prefix/bin");
    make_data_dir(fx, "envdata");
    make_data_dir(fx, "srcdir");
    make_dirs(fx, "empty/bin");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    int failed = 0;
    for (int i = fx->ncreated - 1; i >= 0; i--)
        failed |= remove(fx->created[i]) != 0;
    failed |= rmdir(fx->root) != 0;
    free(fx);
    return failed ? -1 : 0;
}

static void test_paths_env_wins(void **state)
{
    fixture *fx = *state;
    char exe[512], env[512], src[512], want[512];
    lpapp_paths p;
    int rc = lpapp_paths_resolve(&p, at(fx, "prefix/bin/looplab", exe), at(fx, "envdata", env),
                                 at(fx, "srcdir", src));
    assert_int_equal(rc, 0);
    assert_int_equal(p.origin, LPAPP_PATHS_ENV);
    assert_string_equal(p.data, env);
    assert_string_equal(p.assets, at(fx, "envdata/assets", want));
    assert_string_equal(p.scenarios, at(fx, "envdata/scenarios", want));
}

static void test_paths_env_trailing_slashes_dropped(void **state)
{
    fixture *fx = *state;
    char env[512], want[512];
    lpapp_paths p;
    assert_int_equal(lpapp_paths_resolve(&p, NULL, at(fx, "envdata//", env), NULL), 0);
    assert_string_equal(p.data, at(fx, "envdata", want));
    assert_string_equal(p.assets, at(fx, "envdata/assets", want));
}

static void test_paths_env_without_marker_is_skipped(void **state)
{
    fixture *fx = *state;
    char exe[512], env[512], want[512];
    lpapp_paths p;
    assert_int_equal(
        lpapp_paths_resolve(&p, at(fx, "prefix/bin/looplab", exe), at(fx, "empty", env), NULL), 0);
    assert_int_equal(p.origin, LPAPP_PATHS_INSTALLED);
    assert_string_equal(p.data, at(fx, "prefix/share/looplab", want));
}

static void test_paths_empty_env_is_unset(void **state)
{
    fixture *fx = *state;
    char src[512];
    lpapp_paths p;
    assert_int_equal(lpapp_paths_resolve(&p, NULL, "", at(fx, "srcdir", src)), 0);
    assert_int_equal(p.origin, LPAPP_PATHS_SOURCE);
}

static void test_paths_installed_layout_from_exe(void **state)
{
    fixture *fx = *state;
    char exe[512], src[512], want[512];
    lpapp_paths p;
    int rc =
        lpapp_paths_resolve(&p, at(fx, "prefix/bin/looplab", exe), NULL, at(fx, "srcdir", src));
    assert_int_equal(rc, 0);
    assert_int_equal(p.origin, LPAPP_PATHS_INSTALLED);
    assert_string_equal(p.data, at(fx, "prefix/share/looplab", want));
    assert_string_equal(p.assets, at(fx, "prefix/share/looplab/assets", want));
    assert_string_equal(p.scenarios, at(fx, "prefix/share/looplab/scenarios", want));
}

static void test_paths_relative_exe_is_ignored(void **state)
{
    (void)state;
    lpapp_paths p;
    assert_int_equal(lpapp_paths_resolve(&p, "bin/looplab", NULL, NULL), -ENOENT);
}

static void test_paths_source_tree_fallback(void **state)
{
    fixture *fx = *state;
    char exe[512], src[512];
    lpapp_paths p;
    int rc = lpapp_paths_resolve(&p, at(fx, "empty/bin/looplab", exe), NULL, at(fx, "srcdir", src));
    assert_int_equal(rc, 0);
    assert_int_equal(p.origin, LPAPP_PATHS_SOURCE);
    assert_string_equal(p.data, src);
}

static void test_paths_nothing_found(void **state)
{
    fixture *fx = *state;
    char exe[512], env[512], src[512];
    lpapp_paths p;
    int rc = lpapp_paths_resolve(&p, at(fx, "empty/bin/looplab", exe), at(fx, "empty", env),
                                 at(fx, "missing", src));
    assert_int_equal(rc, -ENOENT);
    assert_int_equal(p.origin, LPAPP_PATHS_NONE);
    assert_string_equal(p.data, "");
    assert_string_equal(p.assets, "");

    assert_int_equal(lpapp_paths_resolve(&p, NULL, NULL, NULL), -ENOENT);
}

static void test_paths_real_source_tree_has_marker(void **state)
{
    (void)state;
    lpapp_paths p;
    assert_int_equal(lpapp_paths_resolve(&p, NULL, NULL, LP_SOURCE_DIR), 0);
    assert_string_equal(p.data, LP_SOURCE_DIR);
}

static void test_paths_first_lesson(void **state)
{
    (void)state;
    lpapp_paths p;
    char first[LPAPP_PATH_MAX];
    assert_int_equal(lpapp_paths_resolve(&p, NULL, NULL, LP_SOURCE_DIR), 0);
    assert_int_equal(lpapp_paths_first_lesson(&p, first, sizeof first), 0);
    assert_string_equal(first, LP_SOURCE_DIR "/scenarios/01_sequence_vs_together.py");
    assert_int_equal(lpapp_paths_first_lesson(&p, first, 8), -ENAMETOOLONG);

    /* a data directory with no scenarios/ has no first lesson */
    fixture *fx = *state;
    char dir[512];
    assert_int_equal(lpapp_paths_resolve(&p, NULL, at(fx, "envdata", dir), NULL), 0);
    assert_int_equal(lpapp_paths_first_lesson(&p, first, sizeof first), -ENOENT);
    assert_string_equal(first, "");
}

static void test_paths_find_reads_env(void **state)
{
    fixture *fx = *state;
    char env[512];
    lpapp_paths p;
    assert_int_equal(setenv("LOOPLAB_DATA", at(fx, "envdata", env), 1), 0);
    int rc = lpapp_paths_find(&p);
    unsetenv("LOOPLAB_DATA");
    assert_int_equal(rc, 0);
    assert_int_equal(p.origin, LPAPP_PATHS_ENV);
    assert_string_equal(p.data, env);

    /* Without it, this test binary (in the build tree) finds the source tree. */
    assert_int_equal(lpapp_paths_find(&p), 0);
    assert_int_not_equal(p.origin, LPAPP_PATHS_ENV);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_paths_env_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_env_trailing_slashes_dropped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_env_without_marker_is_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_empty_env_is_unset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_installed_layout_from_exe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_relative_exe_is_ignored, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_source_tree_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_nothing_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_real_source_tree_has_marker, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_find_reads_env, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths_first_lesson, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
