/*
** shot.h: `looplab shot`, the window at one virtual time drawn into a PNG.
*/
#ifndef LOOPLAB_APP_SHOT_H
#define LOOPLAB_APP_SHOT_H

#include "app/cli.h"

/* Renders cli->file at cli->at seconds into cli->out_path, off screen.
** Returns the exit status for main (an LPAPP_EXIT_*). */
int lpapp_shot_run(const lpapp_cli *cli);

#endif
