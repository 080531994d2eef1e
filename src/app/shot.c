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

#include "app/lessonview.h"
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
    lpui_model *m = lpapp_run_blocking(cli->file, cli->trust);
    if (!m)
        return LPAPP_EXIT_FAILURE;
    lpui_ctx ui;
    lpapp_lesson lesson;
    lpui_init(&ui);
    ui.view.trusted = cli->trust;
    lpapp_lesson_init(&lesson);
    status = LPAPP_EXIT_FAILURE;
    if (lpui_set_model(&ui, m, false) == LP_OK &&
        lpui_player_seek_time(&ui.player, cli->at) == LP_OK) {
        /* a lesson: its narration at that point (no question stops a shot) */
        lpapp_lesson_load(&lesson, ui.model, 0, 0);
        lpapp_lesson_after_tick(&lesson, &ui, ui.player.a.applied);
    }
    if (ui.model && lpapp_render_png(&ui, cli->width ? cli->width : 1600, cli->height ? cli->height : 900, fonts,
                         cli->out_path, cli->report_path) == 0)
        status = LPAPP_EXIT_OK;
    lpapp_lesson_free(&lesson);
    lpui_free(&ui);
    return status;
}
