/*
** main.c: looplab's entry point; parses the command line and dispatches.
*/
#include <stdio.h>
#include <string.h>

#include "app/cli.h"
#include "app/export.h"
#include "app/headless.h"
#include "app/paths.h"
#include "app/sandbox.h"
#include "app/shot.h"
#include "app/window.h"

/* looplab --paths: one "name: path" line each, the first lesson last
** ("first lesson: none" when the scenarios directory has no lesson). */
static int print_paths(void)
{
    lpapp_paths paths;
    if (lpapp_paths_find(&paths) != 0) {
        fprintf(stderr,
                "looplab: cannot find the data directory (one holding %s);\n"
                "looplab: set LOOPLAB_DATA to it\n",
                LPAPP_PATHS_MARKER);
        return LPAPP_EXIT_FAILURE;
    }
    char first[LPAPP_PATH_MAX];
    if (lpapp_paths_first_lesson(&paths, first, sizeof first) != 0)
        strcpy(first, "none");
    printf("data: %s\nassets: %s\nscenarios: %s\nfirst lesson: %s\n", paths.data, paths.assets,
           paths.scenarios, first);
    return LPAPP_EXIT_OK;
}

int main(int argc, char **argv)
{
    lpapp_cli cli;
    char err[512];

    if (argc == 2 && strcmp(argv[1], "doctor") == 0) /* which sandbox layers hold here */
        return lpapp_sandbox_doctor(stdout);
    if (lpapp_cli_parse(&cli, argc, argv, err, sizeof err) != 0) {
        fprintf(stderr, "looplab: %s\nTry 'looplab --help' for more information.\n", err);
        return LPAPP_EXIT_USAGE;
    }
    switch (cli.command) {
    case LPAPP_CMD_HELP:
        lpapp_cli_print_command_help(stdout, cli.help_of);
        return LPAPP_EXIT_OK;
    case LPAPP_CMD_VERSION:
        lpapp_cli_print_version(stdout);
        return LPAPP_EXIT_OK;
    case LPAPP_CMD_PATHS:
        return print_paths();
    case LPAPP_CMD_RUN:
        return lpapp_headless_run(&cli);
    case LPAPP_CMD_SHOT:
        return lpapp_shot_run(&cli);
    case LPAPP_CMD_EXPORT:
        return lpapp_export_run(&cli);
    case LPAPP_CMD_WINDOW:
        return lpapp_window_run(&cli);
    }
    return LPAPP_EXIT_FAILURE;
}
