/*
** cli.h: looplab's command line, parsed into an lpapp_cli (no I/O, no exit).
**
**   looplab [FILE.py]                       open the window (first lesson, or FILE.py)
**   looplab run [--stamp] [--trace OUT.json] [--seed N] [--until SECONDS] [--trust] [--stats]
**               [--insights[=json]]
**               FILE.py [ARGS...]           run headless, as python3 FILE.py would
**   looplab shot FILE.py --at SECONDS --out OUT.png [--size WxH]
**   looplab export FILE.py --out OUT.mp4|.webm|.gif [--from S] [--to S] [--speed X]
**               [--fps N] [--size WxH] [--trust]
**   looplab --help | --version | --paths
**
** Options may also be written --opt=value. "--" ends the options. For run,
** everything after FILE.py belongs to the program, even if it starts with "-".
*/
#ifndef LOOPLAB_APP_CLI_H
#define LOOPLAB_APP_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Exit statuses of looplab itself (run passes python's own 0 or 1 through). */
enum {
    LPAPP_EXIT_OK = 0,
    LPAPP_EXIT_FAILURE = 1,    /* the program failed, or looplab could not work */
    LPAPP_EXIT_USAGE = 2,      /* bad command line, or FILE.py cannot be read */
    LPAPP_EXIT_UNAVAILABLE = 3 /* the feature is not built yet */
};

typedef enum lpapp_command {
    LPAPP_CMD_WINDOW = 0, /* looplab [FILE.py] */
    LPAPP_CMD_RUN,        /* looplab run ... */
    LPAPP_CMD_SHOT,       /* looplab shot ... */
    LPAPP_CMD_EXPORT,     /* looplab export ... */
    LPAPP_CMD_HELP,       /* --help, -h (anywhere before the file) */
    LPAPP_CMD_VERSION,    /* --version */
    LPAPP_CMD_PATHS       /* --paths */
} lpapp_command;

/* --insights: none, a report for people, or JSON for tools. */
typedef enum lpapp_insights { LPAPP_INSIGHTS_NONE = 0, LPAPP_INSIGHTS_TEXT, LPAPP_INSIGHTS_JSON } lpapp_insights;

/* All strings point into the argv given to lpapp_cli_parse (borrowed). */
typedef struct lpapp_cli {
    lpapp_command command;
    lpapp_command help_of; /* with LPAPP_CMD_HELP: whose help (run, shot, or the window's) */
    const char *file; /* FILE.py; NULL for the window's first lesson */

    /* run */
    bool stamp;             /* --stamp: prefix stdout lines with "[%8.3f] " */
    const char *trace_path; /* --trace OUT.json, or NULL */
    bool has_seed;          /* --seed given */
    uint64_t seed;          /* --seed N (random and os.urandom seed); 0 by default */
    bool has_until;         /* --until given */
    double until;           /* --until SECONDS: virtual-time limit, > 0 */
    bool trust;             /* --trust: lift the safety layer */
    bool has_real_limit;    /* --real-limit given */
    double real_limit;      /* --real-limit SECONDS: real time the run may take, > 0
                            ** (default 60 s; none under --trust) */
    bool stats;             /* --stats: print trace statistics to stderr at the end */
    lpapp_insights insights;/* --insights[=json]: what went wrong, on stderr at the end */
    const char *raw_path;   /* --raw-trace OUT (not in --help): the binary trace, for the
                            ** window's child process (core/trace_file.h), or NULL */
    int prog_argc;          /* ARGS after FILE.py, for sys.argv[1:] */
    char **prog_argv;       /* points into argv; prog_argv[prog_argc] is argv's NULL */

    /* shot */
    double at;            /* --at SECONDS (required), >= 0 */
    const char *out_path; /* --out OUT.png (required) */
    int width, height;    /* --size WxH; 0 means the window's default size */
    const char *report_path; /* --report FILE (not in --help): what the frame shows, one
                             ** line per tagged command (ui/ui.h lpui_report), for tests */

    /* export (and out_path, width, height, trust as for shot) */
    bool has_from, has_to;  /* --from, --to given */
    double from, to;        /* --from S, --to S: the virtual-time range; from < to */
    double speed;           /* --speed X: the window's playing speed, > 0; 0 = chosen */
    int fps;                /* --fps N; 0 = 30 */
    int progress_fd;        /* --progress-fd N (not in --help): "done/total" lines for the
                            ** window's export; 0 = none */
} lpapp_cli;

/*
** Parses argv[1..argc-1] (argv[argc] must be NULL, as in main) into *cli.
** Returns 0, or -1 with a one-line message (no "looplab: " prefix, no newline)
** written into err[0..errlen-1].
*/
int lpapp_cli_parse(lpapp_cli *cli, int argc, char **argv, char *err, size_t errlen);

/* Writes the --help text. */
void lpapp_cli_print_help(FILE *out);

/* Writes the help of one command: `looplab shot --help`, `looplab run --help`
** (LPAPP_CMD_WINDOW: the general help). */
void lpapp_cli_print_command_help(FILE *out, lpapp_command of);

/* Writes the --version line, "looplab 0.1.0". */
void lpapp_cli_print_version(FILE *out);

#endif
