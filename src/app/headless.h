/*
** headless.h: `looplab run`, a program run without a window.
*/
#ifndef LOOPLAB_APP_HEADLESS_H
#define LOOPLAB_APP_HEADLESS_H

#include "app/cli.h"

/* Runs cli->file as `python3 FILE.py ARGS...` would, in virtual time.
** Returns the exit status for main: python's 0 or 1, or an LPAPP_EXIT_*. */
int lpapp_headless_run(const lpapp_cli *cli);

#endif
