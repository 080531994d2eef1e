/*
** shot.c: `looplab shot`, the window at one virtual time drawn into a PNG.
**
** The program runs in a child looplab (app/child.h) as in the window; the
** frame is the window's own (the same scene), drawn off screen, so no
** display is needed.
*/
#include "app/shot.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/render.h"
#include "app/source.h"
#include "core/status.h"

int lpapp_shot_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;
    char fonts[4200];
    if (lpapp_fonts_dir(fonts, sizeof fonts) != 0)
        return LPAPP_EXIT_FAILURE;
    lpui_model *m = lpapp_run_blocking(cli->file);
    if (!m)
        return LPAPP_EXIT_FAILURE;
    lpui_ctx ui;
    lpui_init(&ui);
    status = LPAPP_EXIT_FAILURE;
    if (lpui_set_model(&ui, m, false) == LP_OK &&
        lpui_player_seek_time(&ui.player, cli->at) == LP_OK &&
        lpapp_render_png(&ui, cli->width ? cli->width : 1600, cli->height ? cli->height : 900, fonts,
                         cli->out_path, cli->report_path) == 0)
        status = LPAPP_EXIT_OK;
    lpui_free(&ui);
    return status;
}
