/*
** cli.c: parses looplab's command line (grammar in cli.h) and prints its help.
*/
#include "app/cli.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/encode.h"

#ifndef LPAPP_VERSION
#error "LPAPP_VERSION must be defined by the build (CMakeLists.txt)"
#endif

#define SIZE_MAX_PIXELS 16384 /* --size limit per side */

/* Walks argv; err receives the message of the first error. */
typedef struct parser {
    int argc;
    char **argv;
    int next; /* index of the next argument to read */
    char *err;
    size_t errlen;
} parser;

#if defined(__GNUC__)
#define PRINTF_LIKE(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define PRINTF_LIKE(fmt, first)
#endif

/* Writes the error message; returns -1 so callers can `return fail(...)`. */
static int fail(parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int fail(parser *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (p->errlen > 0)
        vsnprintf(p->err, p->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_option(const char *arg)
{
    return arg[0] == '-' && arg[1] != '\0';
}

/*
** Does arg name the option `name`, as "--name" or "--name=value"? On a match,
** *inline_value is the text after '=' or NULL.
*/
static bool match(const char *arg, const char *name, const char **inline_value)
{
    size_t len = strlen(name);
    if (strncmp(arg, name, len) != 0)
        return false;
    if (arg[len] == '\0') {
        *inline_value = NULL;
        return true;
    }
    if (arg[len] == '=') {
        *inline_value = arg + len + 1;
        return true;
    }
    return false;
}

/* An option without value (--stamp), given at most once. */
static int take_flag(parser *p, const char *name, const char *inline_value, bool *flag)
{
    if (inline_value != NULL)
        return fail(p, "option '%s' takes no value", name);
    if (*flag)
        return fail(p, "option '%s' given twice", name);
    *flag = true;
    return 0;
}

/* The value of an option: after '=' or the next argument. */
static int take_value(parser *p, const char *name, const char *inline_value, bool seen,
                      const char **value)
{
    if (seen)
        return fail(p, "option '%s' given twice", name);
    if (inline_value != NULL) {
        *value = inline_value;
    } else if (p->next < p->argc) {
        *value = p->argv[p->next++];
    } else {
        return fail(p, "option '%s' needs a value", name);
    }
    if ((*value)[0] == '\0')
        return fail(p, "option '%s' needs a value", name);
    return 0;
}

/* A file name value: like take_value, but "--trace --stamp" is a mistake. */
static int take_path(parser *p, const char *name, const char *inline_value, bool seen,
                     const char **path)
{
    if (take_value(p, name, inline_value, seen, path) != 0)
        return -1;
    if (inline_value == NULL && is_option(*path))
        return fail(p, "option '%s' needs a file name, got '%s'", name, *path);
    return 0;
}

/* A finite decimal number of seconds, with nothing after it. */
static int parse_seconds(parser *p, const char *name, const char *text, double *out)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (text[0] == ' ' || text[0] == '\t' || end == text || *end != '\0' || errno != 0 ||
        !isfinite(value))
        return fail(p, "option '%s' needs a number of seconds, got '%s'", name, text);
    *out = value;
    return 0;
}

static int parse_seed(parser *p, const char *text, uint64_t *out)
{
    for (const char *c = text; *c != '\0'; c++) {
        if (*c < '0' || *c > '9')
            return fail(p, "option '--seed' needs a whole number >= 0, got '%s'", text);
    }
    errno = 0;
    unsigned long long value = strtoull(text, NULL, 10);
    bool too_large = errno != 0;
#if ULLONG_MAX > UINT64_MAX
    too_large = too_large || value > UINT64_MAX;
#endif
    if (too_large)
        return fail(p, "option '--seed' is too large: '%s'", text);
    *out = (uint64_t)value;
    return 0;
}

/* Reads 1..SIZE_MAX_PIXELS in decimal at *s, advancing *s. */
static bool parse_pixels(const char **s, int *out)
{
    long value = 0;
    const char *c = *s;
    if (*c < '0' || *c > '9')
        return false;
    for (; *c >= '0' && *c <= '9'; c++) {
        value = value * 10 + (*c - '0');
        if (value > SIZE_MAX_PIXELS)
            return false;
    }
    if (value < 1)
        return false;
    *out = (int)value;
    *s = c;
    return true;
}

/* "WxH", e.g. 1280x800. */
static int parse_size(parser *p, const char *text, int *width, int *height)
{
    const char *c = text;
    if (!parse_pixels(&c, width) || (*c != 'x' && *c != 'X'))
        goto bad;
    c++;
    if (!parse_pixels(&c, height) || *c != '\0')
        goto bad;
    return 0;
bad:
    return fail(p,
                "option '--size' needs WIDTHxHEIGHT in pixels (1 to %d each, e.g. 1280x800), "
                "got '%s'",
                SIZE_MAX_PIXELS, text);
}

static bool is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

static int unknown_option(parser *p, const char *arg, const char *command)
{
    return fail(p, "unknown option '%s'%s%s", arg, command ? " for " : "", command ? command : "");
}

/* looplab run [options] FILE.py [ARGS...] */
static int parse_run(parser *p, lpapp_cli *cli)
{
    bool options_done = false;
    bool seen_trace = false;
    while (p->next < p->argc) {
        const char *arg = p->argv[p->next++];
        const char *value = NULL;
        const char *inline_value = NULL;

        if (!options_done && strcmp(arg, "-") == 0)
            return fail(p, "reading a program from standard input is not supported");
        if (options_done || !is_option(arg)) {
            cli->file = arg;
            cli->prog_argc = p->argc - p->next;
            cli->prog_argv = p->argv + p->next;
            return 0;
        }
        if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (is_help(arg)) {
            cli->command = LPAPP_CMD_HELP;
            cli->help_of = LPAPP_CMD_RUN;
            return 0;
        } else if (match(arg, "--stamp", &inline_value)) {
            if (take_flag(p, "--stamp", inline_value, &cli->stamp) != 0)
                return -1;
        } else if (match(arg, "--trust", &inline_value)) {
            if (take_flag(p, "--trust", inline_value, &cli->trust) != 0)
                return -1;
        } else if (match(arg, "--stats", &inline_value)) {
            if (take_flag(p, "--stats", inline_value, &cli->stats) != 0)
                return -1;
        } else if (match(arg, "--insights", &inline_value)) {
            if (cli->insights != LPAPP_INSIGHTS_NONE)
                return fail(p, "option '--insights' given twice");
            if (inline_value == NULL || strcmp(inline_value, "text") == 0)
                cli->insights = LPAPP_INSIGHTS_TEXT;
            else if (strcmp(inline_value, "json") == 0)
                cli->insights = LPAPP_INSIGHTS_JSON;
            else
                return fail(p, "option '--insights' takes 'text' or 'json', got '%s'", inline_value);
        } else if (match(arg, "--raw-trace", &inline_value)) {
            if (take_path(p, "--raw-trace", inline_value, cli->raw_path != NULL,
                          &cli->raw_path) != 0)
                return -1;
        } else if (match(arg, "--trace", &inline_value)) {
            if (take_path(p, "--trace", inline_value, seen_trace, &cli->trace_path) != 0)
                return -1;
            seen_trace = true;
        } else if (match(arg, "--seed", &inline_value)) {
            if (take_value(p, "--seed", inline_value, cli->has_seed, &value) != 0 ||
                parse_seed(p, value, &cli->seed) != 0)
                return -1;
            cli->has_seed = true;
        } else if (match(arg, "--real-limit", &inline_value)) {
            if (take_value(p, "--real-limit", inline_value, cli->has_real_limit, &value) != 0 ||
                parse_seconds(p, "--real-limit", value, &cli->real_limit) != 0)
                return -1;
            if (!(cli->real_limit > 0.0))
                return fail(p, "option '--real-limit' needs a time after 0, got '%s'", value);
            cli->has_real_limit = true;
        } else if (match(arg, "--until", &inline_value)) {
            if (take_value(p, "--until", inline_value, cli->has_until, &value) != 0 ||
                parse_seconds(p, "--until", value, &cli->until) != 0)
                return -1;
            if (!(cli->until > 0.0))
                return fail(p, "option '--until' needs a time after 0, got '%s'", value);
            cli->has_until = true;
        } else {
            return unknown_option(p, arg, "'looplab run'");
        }
    }
    return fail(p, "'looplab run' needs the FILE.py to run");
}

/* looplab shot FILE.py --at SECONDS --out OUT.png [--size WxH], in any order */
static int parse_shot(parser *p, lpapp_cli *cli)
{
    bool options_done = false;
    bool seen_at = false;
    bool seen_out = false;
    bool seen_size = false;
    while (p->next < p->argc) {
        const char *arg = p->argv[p->next++];
        const char *value = NULL;
        const char *inline_value = NULL;

        if (options_done || !is_option(arg)) {
            if (cli->file != NULL)
                return fail(p, "unexpected argument '%s' ('looplab shot' takes one FILE.py)", arg);
            cli->file = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (is_help(arg)) {
            cli->command = LPAPP_CMD_HELP;
            cli->help_of = LPAPP_CMD_SHOT;
            return 0;
        } else if (match(arg, "--at", &inline_value)) {
            if (take_value(p, "--at", inline_value, seen_at, &value) != 0 ||
                parse_seconds(p, "--at", value, &cli->at) != 0)
                return -1;
            if (cli->at < 0.0)
                return fail(p, "option '--at' needs a time >= 0, got '%s'", value);
            seen_at = true;
        } else if (match(arg, "--out", &inline_value)) {
            if (take_path(p, "--out", inline_value, seen_out, &cli->out_path) != 0)
                return -1;
            seen_out = true;
        } else if (match(arg, "--trust", &inline_value)) {
            if (take_flag(p, "--trust", inline_value, &cli->trust) != 0)
                return -1;
        } else if (match(arg, "--report", &inline_value)) {
            if (take_path(p, "--report", inline_value, cli->report_path != NULL,
                          &cli->report_path) != 0)
                return -1;
        } else if (match(arg, "--size", &inline_value)) {
            if (take_value(p, "--size", inline_value, seen_size, &value) != 0 ||
                parse_size(p, value, &cli->width, &cli->height) != 0)
                return -1;
            seen_size = true;
        } else {
            return unknown_option(p, arg, "'looplab shot'");
        }
    }
    if (cli->file == NULL)
        return fail(p, "'looplab shot' needs the FILE.py to show");
    if (!seen_at)
        return fail(p, "'looplab shot' needs --at SECONDS");
    if (!seen_out)
        return fail(p, "'looplab shot' needs --out OUT.png");
    return 0;
}

/* A decimal number > 0 and at most `max`, with nothing after it. */
static int parse_positive(parser *p, const char *name, const char *text, double max, double *out)
{
    char *end = NULL;
    errno = 0;
    double value = strtod(text, &end);
    if (text[0] == ' ' || text[0] == '\t' || end == text || *end != '\0' || errno != 0 ||
        !isfinite(value) || !(value > 0.0) || value > max)
        return fail(p, "option '%s' needs a number above 0 and at most %g, got '%s'", name, max, text);
    *out = value;
    return 0;
}

/* A whole number in lo..hi. */
static int parse_int(parser *p, const char *name, const char *text, int lo, int hi, int *out)
{
    long value = 0;
    const char *c = text;
    for (; *c >= '0' && *c <= '9' && value <= hi; c++)
        value = value * 10 + (*c - '0');
    if (c == text || *c != '\0' || value < lo || value > hi)
        return fail(p, "option '%s' needs a whole number from %d to %d, got '%s'", name, lo, hi, text);
    *out = (int)value;
    return 0;
}

/* looplab export FILE.py --out OUT.mp4|.webm|.gif [--from S] [--to S] [--speed X]
** [--fps N] [--size WxH] [--trust], in any order */
static int parse_export(parser *p, lpapp_cli *cli)
{
    bool options_done = false;
    bool seen_size = false;
    bool seen_speed = false;
    bool seen_fps = false;
    const char *fps_text = NULL;
    while (p->next < p->argc) {
        const char *arg = p->argv[p->next++];
        const char *value = NULL;
        const char *inline_value = NULL;

        if (options_done || !is_option(arg)) {
            if (cli->file != NULL)
                return fail(p, "unexpected argument '%s' ('looplab export' takes one FILE.py)", arg);
            cli->file = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (is_help(arg)) {
            cli->command = LPAPP_CMD_HELP;
            return 0;
        } else if (match(arg, "--out", &inline_value)) {
            if (take_path(p, "--out", inline_value, cli->out_path != NULL, &cli->out_path) != 0)
                return -1;
        } else if (match(arg, "--from", &inline_value)) {
            if (take_value(p, "--from", inline_value, cli->has_from, &value) != 0 ||
                parse_seconds(p, "--from", value, &cli->from) != 0)
                return -1;
            if (cli->from < 0.0)
                return fail(p, "option '--from' needs a time >= 0, got '%s'", value);
            cli->has_from = true;
        } else if (match(arg, "--to", &inline_value)) {
            if (take_value(p, "--to", inline_value, cli->has_to, &value) != 0 ||
                parse_seconds(p, "--to", value, &cli->to) != 0)
                return -1;
            if (!(cli->to > 0.0))
                return fail(p, "option '--to' needs a time after 0, got '%s'", value);
            cli->has_to = true;
        } else if (match(arg, "--speed", &inline_value)) {
            if (take_value(p, "--speed", inline_value, seen_speed, &value) != 0 ||
                parse_positive(p, "--speed", value, 65536.0, &cli->speed) != 0)
                return -1;
            seen_speed = true;
        } else if (match(arg, "--fps", &inline_value)) {
            if (take_value(p, "--fps", inline_value, seen_fps, &fps_text) != 0 ||
                parse_int(p, "--fps", fps_text, 1, 120, &cli->fps) != 0)
                return -1;
            seen_fps = true;
        } else if (match(arg, "--size", &inline_value)) {
            if (take_value(p, "--size", inline_value, seen_size, &value) != 0 ||
                parse_size(p, value, &cli->width, &cli->height) != 0)
                return -1;
            seen_size = true;
        } else if (match(arg, "--trust", &inline_value)) {
            if (take_flag(p, "--trust", inline_value, &cli->trust) != 0)
                return -1;
        } else if (match(arg, "--progress-fd", &inline_value)) {
            if (take_value(p, "--progress-fd", inline_value, cli->progress_fd != 0, &value) != 0 ||
                parse_int(p, "--progress-fd", value, 3, 1023, &cli->progress_fd) != 0)
                return -1;
        } else {
            return unknown_option(p, arg, "'looplab export'");
        }
    }
    if (cli->file == NULL)
        return fail(p, "'looplab export' needs the FILE.py to show");
    if (cli->out_path == NULL)
        return fail(p, "'looplab export' needs --out OUT.mp4, OUT.webm or OUT.gif");
    lpapp_format format = lpapp_format_of(cli->out_path);
    if (format == LPAPP_FMT_NONE)
        return fail(p, "cannot tell the video format of '%s': name it .mp4, .webm or .gif",
                    cli->out_path);
    if (cli->has_from && cli->has_to && !(cli->from < cli->to))
        return fail(p, "option '--from' (%g) must come before '--to' (%g)", cli->from, cli->to);
    if (seen_fps && cli->fps > lpapp_format_max_fps(format))
        return fail(p, "option '--fps' is at most %d for this format, got '%s'",
                    lpapp_format_max_fps(format), fps_text);
    if (seen_size && format != LPAPP_FMT_GIF && (cli->width % 2 || cli->height % 2))
        return fail(p, "option '--size' needs an even width and height for MP4 and WebM, got %dx%d",
                    cli->width, cli->height);
    return 0;
}

static bool is_run_option(const char *arg)
{
    static const char *const names[] = {"--stamp", "--trace", "--seed",  "--until",   "--trust",
                                         "--stats", "--insights", "--real-limit"};
    const char *inline_value = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (match(arg, names[i], &inline_value))
            return true;
    }
    return false;
}

/* looplab [FILE.py] | --help | --version | --paths */
static int parse_top(parser *p, lpapp_cli *cli)
{
    bool options_done = false;
    const char *solo = NULL; /* --version or --paths: must stand alone */
    const char *trust_value = NULL;
    while (p->next < p->argc) {
        const char *arg = p->argv[p->next++];
        if (options_done || !is_option(arg)) {
            if (cli->file != NULL)
                return fail(p,
                            "unexpected argument '%s' (to pass arguments to a program, "
                            "use 'looplab run FILE.py ARGS...')",
                            arg);
            cli->file = arg;
        } else if (strcmp(arg, "--") == 0) {
            options_done = true;
        } else if (is_help(arg)) {
            cli->command = LPAPP_CMD_HELP;
            return 0;
        } else if (strcmp(arg, "--version") == 0 || strcmp(arg, "--paths") == 0) {
            if (solo != NULL)
                return fail(p, "'%s' and '%s' cannot be combined", solo, arg);
            solo = arg;
            cli->command = strcmp(arg, "--version") == 0 ? LPAPP_CMD_VERSION : LPAPP_CMD_PATHS;
        } else if (match(arg, "--trust", &trust_value)) {
            if (take_flag(p, "--trust", trust_value, &cli->trust) != 0)
                return -1;
        } else if (is_run_option(arg)) {
            return fail(p, "option '%s' belongs to 'looplab run'", arg);
        } else {
            return unknown_option(p, arg, NULL);
        }
    }
    if (solo != NULL && cli->file != NULL)
        return fail(p, "'%s' takes no other arguments", solo);
    return 0;
}

int lpapp_cli_parse(lpapp_cli *cli, int argc, char **argv, char *err, size_t errlen)
{
    parser p = {.argc = argc, .argv = argv, .next = 1, .err = err, .errlen = errlen};
    memset(cli, 0, sizeof *cli);
    cli->command = LPAPP_CMD_WINDOW;
    if (errlen > 0)
        err[0] = '\0';

    if (argc >= 2 && strcmp(argv[1], "run") == 0) {
        cli->command = LPAPP_CMD_RUN;
        p.next = 2;
        return parse_run(&p, cli);
    }
    if (argc >= 2 && strcmp(argv[1], "shot") == 0) {
        cli->command = LPAPP_CMD_SHOT;
        p.next = 2;
        return parse_shot(&p, cli);
    }
    if (argc >= 2 && strcmp(argv[1], "export") == 0) {
        cli->command = LPAPP_CMD_EXPORT;
        p.next = 2;
        return parse_export(&p, cli);
    }
    return parse_top(&p, cli);
}

#define RUN_OPTIONS                                                                      \
    "Options of run:\n"                                                                   \
    "  --stamp                  start every stdout line with the virtual time\n"          \
    "  --trace OUT.json         write a Chrome trace-event file (Perfetto opens it)\n"    \
    "  --seed N                 seed random and os.urandom with N (default 0)\n"          \
    "  --until SECONDS          a limit: stop the run at this virtual time (default\n"    \
    "                           3600 s), with exit status 124\n"                          \
    "  --trust                  lift the safety layer (for your own programs)\n"          \
    "  --stats                  at the end, print the trace's size to stderr\n"          \
    "  --insights[=json]        at the end, say on stderr what went wrong and where\n"   \
    "                           (a blocked loop, waits one after another, a coroutine\n" \
    "                           never awaited...), with a fix for each\n"

#define SHOT_OPTIONS                                                                     \
    "Options of shot:\n"                                                                  \
    "  --at SECONDS             the virtual time to draw (required)\n"                    \
    "  --out OUT.png            the image to write (required)\n"                          \
    "  --size WxH               the window size in pixels, e.g. 1280x800 (default\n"      \
    "                           1600x900)\n"                                              \
    "  --trust                  lift the safety layer (for your own programs)\n"

#define RUN_STATUS                                                                       \
    "Exit status of run: the program's (0, or 1 after an uncaught exception or a\n"      \
    "syntax error); 124 when the run reached the virtual-time limit (--until);\n"        \
    "130 when it was interrupted (Ctrl+C, KeyboardInterrupt); 2 for a usage error\n"      \
    "or a FILE.py that cannot be read.\n"

void lpapp_cli_print_command_help(FILE *out, lpapp_command of)
{
    if (of == LPAPP_CMD_SHOT)
        fputs("Usage: looplab shot FILE.py --at SECONDS --out OUT.png [--size WxH] [--trust]\n"
              "Draws the window as it looks at virtual time SECONDS into a PNG, without a\n"
              "display (the program runs first, headless).\n"
              "\n" SHOT_OPTIONS
              "\n"
              "Exit status: 0 when the picture is written; 1 when it cannot be drawn or\n"
              "written; 2 for a usage error or a FILE.py that cannot be read.\n",
              out);
    else if (of == LPAPP_CMD_RUN)
        fputs("Usage: looplab run [OPTIONS] FILE.py [ARGS...]\n"
              "Runs FILE.py without a window; it prints what 'python3 FILE.py ARGS...'\n"
              "prints, in virtual time.\n"
              "\n" RUN_OPTIONS
              "\n"
              "'--' ends the options. Arguments after FILE.py go to the program.\n" RUN_STATUS,
              out);
    else
        lpapp_cli_print_help(out);
}

void lpapp_cli_print_help(FILE *out)
{
    fputs("looplab " LPAPP_VERSION ": watch Python's asyncio event loop run a program.\n"
          "\n"
          "Usage:\n"
          "  looplab                  open the window on the first lesson\n"
          "  looplab [--trust] FILE.py  open the window on FILE.py (--trust: your own\n"
          "                           program, the safety layer lifted, as the window says)\n"
          "  looplab run [OPTIONS] FILE.py [ARGS...]\n"
          "                           run FILE.py without a window; it prints what\n"
          "                           'python3 FILE.py ARGS...' prints, in virtual time\n"
          "  looplab shot FILE.py --at SECONDS --out OUT.png [--size WxH] [--trust]\n"
          "                           draw the window at virtual time SECONDS into a PNG\n"
          "  looplab export FILE.py --out OUT.mp4|OUT.webm|OUT.gif [OPTIONS]\n"
          "                           the window playing the run, as a video or a GIF\n"
          "  looplab --paths          show the data directories and the first lesson\n"
          "  looplab --help           show this help\n"
          "  looplab --version        show the version\n"
          "\n"
          RUN_OPTIONS
          "\n"
          SHOT_OPTIONS
          "\n"
          "Options of export:\n"
          "  --out OUT                the file to write; .mp4 (H.264), .webm (VP9) or .gif\n"
          "  --from S, --to S         the virtual-time range (default: the whole run)\n"
          "  --speed X                the playing speed, 1 = the window's 1x (default: the\n"
          "                           clip lasts about 12 s, plus the time lesson notes are held)\n"
          "  --fps N                  frames a second (default 30; a GIF at most 50)\n"
          "  --size WxH               the frame size in pixels (default 1280x720)\n"
          "  --trust                  lift the safety layer (for your own programs)\n"
          "\n"
          "'--' ends the options. Arguments after FILE.py go to the program.\n"
          RUN_STATUS
          "The window needs a display (DISPLAY or WAYLAND_DISPLAY); without one, use\n"
          "run or shot.\n"
          "Environment: LOOPLAB_DATA names the directory holding assets/ and scenarios/.\n",
          out);
}

void lpapp_cli_print_version(FILE *out)
{
    fputs("looplab " LPAPP_VERSION "\n", out);
}
