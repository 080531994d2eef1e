/*
** export.h: `looplab export`, the window playing a run, as a video or a GIF.
*/
#ifndef LOOPLAB_APP_EXPORT_H
#define LOOPLAB_APP_EXPORT_H

#include "app/cli.h"

/* Exports cli->file to cli->out_path (the format from its extension),
** off screen. Returns the exit status for main: 0; 1 when the program
** did not run or the file could not be written; 2 for a range outside
** the run; 130 when interrupted (SIGINT, SIGTERM), which leaves no file. */
int lpapp_export_run(const lpapp_cli *cli);

#endif
