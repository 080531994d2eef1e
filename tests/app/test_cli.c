/*
** test_cli.c: tests src/app/cli.c, the command line parser.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/cli.h"

#define ARGC(argv) ((int)(sizeof(argv) / sizeof((argv)[0])) - 1)

/* Parses the arguments, expecting success; cli.prog_argv must not be read after. */
#define PARSE_OK(cli, ...)                                                        \
    do {                                                                          \
        char *argv_[] = {"looplab", __VA_ARGS__, NULL};                           \
        char err_[256];                                                           \
        int rc_ = lpapp_cli_parse(&(cli), ARGC(argv_), argv_, err_, sizeof err_); \
        if (rc_ != 0)                                                             \
            fail_msg("unexpected error: %s", err_);                               \
    } while (0)

/* Parses argv expecting an error whose message contains `needle`. */
#define PARSE_ERR(needle, ...)                                                   \
    do {                                                                         \
        lpapp_cli cli_;                                                          \
        char *argv_[] = {"looplab", __VA_ARGS__, NULL};                          \
        char err_[256];                                                          \
        int rc_ = lpapp_cli_parse(&cli_, ARGC(argv_), argv_, err_, sizeof err_); \
        assert_int_equal(rc_, -1);                                               \
        if (strstr(err_, (needle)) == NULL)                                      \
            fail_msg("error \"%s\" does not mention \"%s\"", err_, (needle));    \
    } while (0)

/* Parses a NULL-terminated argv that outlives the result (prog_argv points into it). */
static void parse_argv_ok(lpapp_cli *cli, char **argv)
{
    int argc = 0;
    char err[256];
    while (argv[argc] != NULL)
        argc++;
    if (lpapp_cli_parse(cli, argc, argv, err, sizeof err) != 0)
        fail_msg("unexpected error: %s", err);
}

/* How many times `needle` occurs in `text`. */
static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        n++;
    return n;
}

/* The help names every option once, in its command's block. */
static void test_cli_help_lists_each_option_once(void **state)
{
    (void)state;
    char text[16384] = "";
    FILE *out = fmemopen(text, sizeof text - 1, "w");
    assert_non_null(out);
    lpapp_cli_print_help(out);
    fclose(out);
    static const char *const once[] = {"Options of run:", "Options of shot:", "Options of export:",
                                       "  --stamp ", "  --seed N ", "  --until SECONDS ",
                                       "  --stats ", "  --insights"};
    for (size_t i = 0; i < sizeof once / sizeof once[0]; i++)
        if (count_of(text, once[i]) != 1)
            fail_msg("the help has \"%s\" %d times", once[i], count_of(text, once[i]));
}

static void test_cli_no_args_opens_window_on_first_lesson(void **state)
{
    (void)state;
    lpapp_cli cli;
    char *argv[] = {"looplab", NULL};
    char err[256];
    assert_int_equal(lpapp_cli_parse(&cli, 1, argv, err, sizeof err), 0);
    assert_int_equal(cli.command, LPAPP_CMD_WINDOW);
    assert_null(cli.file);
}

static void test_cli_file_opens_window_on_it(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "demo.py");
    assert_int_equal(cli.command, LPAPP_CMD_WINDOW);
    assert_string_equal(cli.file, "demo.py");
}

static void test_cli_double_dash_allows_dash_file(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "--", "-odd.py");
    assert_int_equal(cli.command, LPAPP_CMD_WINDOW);
    assert_string_equal(cli.file, "-odd.py");
}

static void test_cli_help_version_paths(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "--help");
    assert_int_equal(cli.command, LPAPP_CMD_HELP);
    assert_int_equal(cli.help_of, LPAPP_CMD_WINDOW);
    PARSE_OK(cli, "-h");
    assert_int_equal(cli.command, LPAPP_CMD_HELP);
    PARSE_OK(cli, "--version");
    assert_int_equal(cli.command, LPAPP_CMD_VERSION);
    PARSE_OK(cli, "--paths");
    assert_int_equal(cli.command, LPAPP_CMD_PATHS);
    PARSE_OK(cli, "run", "--help");
    assert_int_equal(cli.command, LPAPP_CMD_HELP);
    assert_int_equal(cli.help_of, LPAPP_CMD_RUN);
    PARSE_OK(cli, "shot", "x.py", "--help");
    assert_int_equal(cli.command, LPAPP_CMD_HELP);
    assert_int_equal(cli.help_of, LPAPP_CMD_SHOT);
}

static void test_cli_run_minimal(void **state)
{
    (void)state;
    lpapp_cli cli;
    char *argv[] = {"looplab", "run", "prog.py", NULL};
    parse_argv_ok(&cli, argv);
    assert_int_equal(cli.command, LPAPP_CMD_RUN);
    assert_string_equal(cli.file, "prog.py");
    assert_false(cli.stamp);
    assert_false(cli.trust);
    assert_null(cli.trace_path);
    assert_false(cli.has_seed);
    assert_false(cli.has_until);
    assert_int_equal(cli.prog_argc, 0);
    assert_null(cli.prog_argv[0]);
}

static void test_cli_run_all_options(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "run", "--stamp", "--trace", "out.json", "--seed", "42", "--until", "2.5",
             "--trust", "prog.py");
    assert_int_equal(cli.command, LPAPP_CMD_RUN);
    assert_true(cli.stamp);
    assert_true(cli.trust);
    assert_string_equal(cli.trace_path, "out.json");
    assert_true(cli.has_seed);
    assert_true(cli.seed == 42);
    assert_true(cli.has_until);
    assert_true(cli.until == 2.5);
    assert_string_equal(cli.file, "prog.py");
}

static void test_cli_run_options_with_equals(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "run", "--trace=t.json", "--seed=18446744073709551615", "--until=1e3", "p.py");
    assert_string_equal(cli.trace_path, "t.json");
    assert_true(cli.seed == UINT64_MAX);
    assert_true(cli.until == 1000.0);
}

static void test_cli_run_args_after_file_go_to_program(void **state)
{
    (void)state;
    lpapp_cli cli;
    char *argv[] = {"looplab", "run", "--stamp", "prog.py", "--stamp", "-x", "--", "plain", NULL};
    parse_argv_ok(&cli, argv);
    assert_string_equal(cli.file, "prog.py");
    assert_int_equal(cli.prog_argc, 4);
    assert_string_equal(cli.prog_argv[0], "--stamp");
    assert_string_equal(cli.prog_argv[1], "-x");
    assert_string_equal(cli.prog_argv[2], "--");
    assert_string_equal(cli.prog_argv[3], "plain");
    assert_null(cli.prog_argv[4]);
}

static void test_cli_run_double_dash_ends_options(void **state)
{
    (void)state;
    lpapp_cli cli;
    char *argv[] = {"looplab", "run", "--seed", "7", "--", "--weird.py", "a", NULL};
    parse_argv_ok(&cli, argv);
    assert_string_equal(cli.file, "--weird.py");
    assert_true(cli.seed == 7);
    assert_int_equal(cli.prog_argc, 1);
    assert_string_equal(cli.prog_argv[0], "a");
}

static void test_cli_run_errors(void **state)
{
    (void)state;
    PARSE_ERR("needs the FILE.py", "run");
    PARSE_ERR("needs the FILE.py", "run", "--stamp");
    PARSE_ERR("needs the FILE.py", "run", "--");
    PARSE_ERR("unknown option '--bogus'", "run", "--bogus", "p.py");
    PARSE_ERR("'--seed' needs a value", "run", "--seed");
    PARSE_ERR("'--seed' needs a whole number", "run", "--seed", "abc", "p.py");
    PARSE_ERR("'--seed' needs a whole number", "run", "--seed", "-1", "p.py");
    PARSE_ERR("'--seed' needs a whole number", "run", "--seed", "1.5", "p.py");
    PARSE_ERR("'--seed' is too large", "run", "--seed", "18446744073709551616", "p.py");
    PARSE_ERR("'--until' needs a number", "run", "--until", "soon", "p.py");
    PARSE_ERR("'--until' needs a number", "run", "--until", "3s", "p.py");
    PARSE_ERR("'--until' needs a number", "run", "--until", "inf", "p.py");
    PARSE_ERR("'--until' needs a number", "run", "--until", "nan", "p.py");
    PARSE_ERR("'--until' needs a value", "run", "--until", "", "p.py");
    PARSE_ERR("'--until' needs a time after 0", "run", "--until", "0", "p.py");
    PARSE_ERR("'--until' needs a time after 0", "run", "--until=-2", "p.py");
    PARSE_ERR("'--trace' needs a file name", "run", "--trace", "--stamp", "p.py");
    PARSE_ERR("'--trace' needs a value", "run", "--trace=", "p.py");
    PARSE_ERR("'--stamp' takes no value", "run", "--stamp=yes", "p.py");
    PARSE_ERR("'--seed' given twice", "run", "--seed", "1", "--seed", "2", "p.py");
    PARSE_ERR("'--trust' given twice", "run", "--trust", "--trust", "p.py");
    PARSE_ERR("standard input", "run", "-", "p.py");
}

static void test_cli_shot_forms(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "shot", "p.py", "--at", "1.25", "--out", "o.png");
    assert_int_equal(cli.command, LPAPP_CMD_SHOT);
    assert_string_equal(cli.file, "p.py");
    assert_true(cli.at == 1.25);
    assert_string_equal(cli.out_path, "o.png");
    assert_int_equal(cli.width, 0);
    assert_int_equal(cli.height, 0);

    PARSE_OK(cli, "shot", "--out=o.png", "--size", "1280x800", "--at=0", "p.py");
    assert_string_equal(cli.file, "p.py");
    assert_true(cli.at == 0.0);
    assert_int_equal(cli.width, 1280);
    assert_int_equal(cli.height, 800);

    PARSE_OK(cli, "shot", "p.py", "--at", "3", "--out", "o.png", "--size=640X480");
    assert_int_equal(cli.width, 640);
    assert_int_equal(cli.height, 480);
}

static void test_cli_shot_errors(void **state)
{
    (void)state;
    PARSE_ERR("needs the FILE.py", "shot", "--at", "1", "--out", "o.png");
    PARSE_ERR("needs --at", "shot", "p.py", "--out", "o.png");
    PARSE_ERR("needs --out", "shot", "p.py", "--at", "1");
    PARSE_ERR("'--at' needs a value", "shot", "p.py", "--out", "o.png", "--at");
    PARSE_ERR("'--at' needs a time >= 0", "shot", "p.py", "--at", "-1", "--out", "o.png");
    PARSE_ERR("'--at' needs a number", "shot", "p.py", "--at", "x", "--out", "o.png");
    PARSE_ERR("takes one FILE.py", "shot", "p.py", "q.py", "--at", "1", "--out", "o.png");
    PARSE_ERR("unknown option '--stamp'", "shot", "p.py", "--stamp");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "1280", "--at", "1");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "0x10");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "10x");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "x10");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "10x10x");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "-5x10");
    PARSE_ERR("'--size' needs WIDTHxHEIGHT", "shot", "p.py", "--size", "99999x10");
    PARSE_ERR("'--out' needs a file name", "shot", "p.py", "--out", "--at", "1");
}

static void test_cli_top_level_errors(void **state)
{
    (void)state;
    PARSE_ERR("unknown option '--bogus'", "--bogus");
    PARSE_ERR("unknown option '-x'", "-x");
    PARSE_ERR("belongs to 'looplab run'", "--stamp", "p.py");
    PARSE_ERR("unexpected argument 'b.py'", "a.py", "b.py");
    PARSE_ERR("takes no other arguments", "--version", "a.py");
    PARSE_ERR("takes no other arguments", "--paths", "a.py");
    PARSE_ERR("cannot be combined", "--version", "--paths");
}

static void test_cli_export_forms(void **state)
{
    (void)state;
    lpapp_cli cli;
    PARSE_OK(cli, "export", "p.py", "--out", "run.mp4");
    assert_int_equal(cli.command, LPAPP_CMD_EXPORT);
    assert_string_equal(cli.file, "p.py");
    assert_string_equal(cli.out_path, "run.mp4");
    assert_false(cli.has_from);
    assert_false(cli.has_to);
    assert_true(cli.speed == 0.0); /* chosen by the export */
    assert_int_equal(cli.fps, 0);
    assert_int_equal(cli.width, 0);

    PARSE_OK(cli, "export", "--from=1.5", "--to", "4", "--speed", "2.5", "--fps=24", "--size", "640x360",
             "--trust", "--out", "dir/a.WebM", "p.py");
    assert_true(cli.has_from && cli.from == 1.5);
    assert_true(cli.has_to && cli.to == 4.0);
    assert_true(cli.speed == 2.5);
    assert_int_equal(cli.fps, 24);
    assert_int_equal(cli.width, 640);
    assert_int_equal(cli.height, 360);
    assert_true(cli.trust);

    PARSE_OK(cli, "export", "p.py", "--out", "a.gif", "--size", "641x361", "--fps", "50");
    assert_int_equal(cli.width, 641); /* a GIF may be odd */
    assert_int_equal(cli.fps, 50);
    PARSE_OK(cli, "export", "p.py", "--out", "a.mp4", "--progress-fd", "3");
    assert_int_equal(cli.progress_fd, 3);
}

static void test_cli_export_errors(void **state)
{
    (void)state;
    PARSE_ERR("needs the FILE.py", "export", "--out", "a.mp4");
    PARSE_ERR("needs --out", "export", "p.py");
    PARSE_ERR("name it .mp4, .webm or .gif", "export", "p.py", "--out", "a.avi");
    PARSE_ERR("name it .mp4, .webm or .gif", "export", "p.py", "--out", "a.d/mp4");
    PARSE_ERR("name it .mp4, .webm or .gif", "export", "p.py", "--out", "mp4");
    PARSE_ERR("'--from' (3) must come before '--to' (2)", "export", "p.py", "--out", "a.mp4", "--from", "3",
              "--to", "2");
    PARSE_ERR("must come before", "export", "p.py", "--out", "a.mp4", "--from", "2", "--to", "2");
    PARSE_ERR("'--from' needs a time >= 0", "export", "p.py", "--out", "a.mp4", "--from", "-1");
    PARSE_ERR("'--to' needs a time after 0", "export", "p.py", "--out", "a.mp4", "--to", "0");
    PARSE_ERR("'--speed' needs a number above 0", "export", "p.py", "--out", "a.mp4", "--speed", "0");
    PARSE_ERR("'--speed' needs a number above 0", "export", "p.py", "--out", "a.mp4", "--speed", "fast");
    PARSE_ERR("'--fps' needs a whole number from 1 to 120", "export", "p.py", "--out", "a.mp4", "--fps", "0");
    PARSE_ERR("'--fps' needs a whole number", "export", "p.py", "--out", "a.mp4", "--fps", "29.97");
    PARSE_ERR("'--fps' needs a whole number", "export", "p.py", "--out", "a.mp4", "--fps", "99999999999");
    PARSE_ERR("'--fps' is at most 50", "export", "p.py", "--out", "a.gif", "--fps", "60");
    PARSE_ERR("even width and height", "export", "p.py", "--out", "a.mp4", "--size", "641x360");
    PARSE_ERR("'--progress-fd' needs a whole number from 3", "export", "p.py", "--out", "a.mp4",
              "--progress-fd", "1");
    PARSE_ERR("option '--out' given twice", "export", "p.py", "--out", "a.mp4", "--out", "b.mp4");
    PARSE_ERR("takes one FILE.py", "export", "p.py", "q.py", "--out", "a.mp4");
    PARSE_ERR("unknown option '--at'", "export", "p.py", "--out", "a.mp4", "--at", "1");
}

static void test_cli_error_fits_small_buffer(void **state)
{
    (void)state;
    lpapp_cli cli;
    char *argv[] = {"looplab", "--a-very-long-unknown-option-name", NULL};
    char err[8];
    assert_int_equal(lpapp_cli_parse(&cli, 2, argv, err, sizeof err), -1);
    assert_int_equal(strlen(err), sizeof err - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli_no_args_opens_window_on_first_lesson),
        cmocka_unit_test(test_cli_file_opens_window_on_it),
        cmocka_unit_test(test_cli_double_dash_allows_dash_file),
        cmocka_unit_test(test_cli_help_version_paths),
        cmocka_unit_test(test_cli_run_minimal),
        cmocka_unit_test(test_cli_run_all_options),
        cmocka_unit_test(test_cli_run_options_with_equals),
        cmocka_unit_test(test_cli_run_args_after_file_go_to_program),
        cmocka_unit_test(test_cli_run_double_dash_ends_options),
        cmocka_unit_test(test_cli_run_errors),
        cmocka_unit_test(test_cli_shot_forms),
        cmocka_unit_test(test_cli_shot_errors),
        cmocka_unit_test(test_cli_export_forms),
        cmocka_unit_test(test_cli_export_errors),
        cmocka_unit_test(test_cli_top_level_errors),
        cmocka_unit_test(test_cli_error_fits_small_buffer),
        cmocka_unit_test(test_cli_help_lists_each_option_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
