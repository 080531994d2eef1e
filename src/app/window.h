/*
** window.h: `looplab [FILE.py]`, the interactive window.
*/
#ifndef LOOPLAB_APP_WINDOW_H
#define LOOPLAB_APP_WINDOW_H

#include "app/cli.h"

/* Opens the window on cli->file, or on the first lesson when it is NULL.
** Returns the exit status for main (an LPAPP_EXIT_*). */
int lpapp_window_run(const lpapp_cli *cli);

#endif
