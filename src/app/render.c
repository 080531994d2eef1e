/*
** render.c: off-screen frames with SDL's software renderer (see render.h).
*/
#include "app/render.h"

#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/child.h"
#include "app/paths.h"
#include "ui/draw_sdl.h"

int lpapp_fonts_dir(char *out, size_t n)
{
    lpapp_paths paths;
    if (lpapp_paths_find(&paths) != 0) {
        fprintf(stderr, "looplab: cannot find the data directory (one holding %s); set LOOPLAB_DATA\n",
                LPAPP_PATHS_MARKER);
        return -1;
    }
    snprintf(out, n, "%s/fonts", paths.assets);
    return 0;
}

lpui_model *lpapp_run_blocking(const char *file, bool trust)
{
    lpapp_child child;
    char msg[256];
    int status = 0;
    lpapp_child_init(&child);
    child.trust = trust;
    if (lpapp_child_start(&child, file, msg, sizeof msg) != 0) {
        fprintf(stderr, "looplab: %s\n", msg);
        return NULL;
    }
    lpapp_child_done(&child, true, 120.0, &status);
    lpui_model *m = lpapp_child_result(&child, status, msg, sizeof msg);
    if (!m)
        fprintf(stderr, "looplab: %s\n", msg);
    lpapp_child_close(&child);
    return m;
}

int lpapp_render_png(lpui_ctx *ui, int w, int h, const char *fonts, const char *out_path,
                     const char *report_path)
{
    int rc = -1;
    SDL_Surface *surface = NULL;
    SDL_Renderer *ren = NULL;
    lpui_sdl draw;
    bool drawn = false;
    if (TTF_Init() != 0) {
        fprintf(stderr, "looplab: cannot start SDL_ttf: %s\n", TTF_GetError());
        return -1;
    }
    surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    ren = surface ? SDL_CreateSoftwareRenderer(surface) : NULL;
    if (!ren) {
        fprintf(stderr, "looplab: cannot draw off screen: %s\n", SDL_GetError());
        goto done;
    }
    float scale = lpui_layout_scale((float)w, (float)h, 1.0f);
    if (lpui_sdl_init(&draw, ren, fonts, scale) != 0) {
        fprintf(stderr, "looplab: cannot open the fonts in %s: %s\n", fonts, TTF_GetError());
        goto done;
    }
    drawn = true;
    lpui_sdl_metrics(&draw, &ui->metrics);
    lpui_build(ui, (float)w, (float)h, scale);
    lpui_sdl_draw(&draw, &ui->cmds);
    SDL_RenderPresent(ren);
    if (IMG_SavePNG(surface, out_path) != 0) {
        fprintf(stderr, "looplab: cannot write '%s': %s\n", out_path, IMG_GetError());
        goto done;
    }
    if (report_path) {
        FILE *f = fopen(report_path, "w");
        if (!f) {
            fprintf(stderr, "looplab: cannot write '%s'\n", report_path);
            goto done;
        }
        lpui_report(ui, f);
        fclose(f);
    }
    rc = 0;
done:
    if (drawn)
        lpui_sdl_free(&draw);
    if (ren)
        SDL_DestroyRenderer(ren);
    if (surface)
        SDL_FreeSurface(surface);
    TTF_Quit();
    return rc;
}
