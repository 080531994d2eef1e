/*
** export_canvas.c: the window's frames drawn off screen (see export_canvas.h).
*/
#include "app/export_canvas.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <string.h>

int lpapp_canvas_open(lpapp_canvas *cv, int w, int h, const char *fonts, char *err, size_t n)
{
    memset(cv, 0, sizeof *cv);
    cv->w = w;
    cv->h = h;
    if (TTF_Init() != 0) {
        snprintf(err, n, "cannot start SDL_ttf: %s", TTF_GetError());
        return -1;
    }
    cv->ttf = true;
    cv->surface = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    cv->ren = cv->surface ? SDL_CreateSoftwareRenderer(cv->surface) : NULL;
    if (!cv->ren) {
        snprintf(err, n, "cannot draw off screen: %s", SDL_GetError());
        lpapp_canvas_close(cv);
        return -1;
    }
    cv->scale = lpui_layout_scale((float)w, (float)h, 1.0f);
    if (lpui_sdl_init(&cv->draw, cv->ren, fonts, cv->scale) != 0) {
        snprintf(err, n, "cannot open the fonts in %s: %s", fonts, TTF_GetError());
        lpapp_canvas_close(cv);
        return -1;
    }
    cv->fonts = true;
    return 0;
}

const uint8_t *lpapp_canvas_draw(lpapp_canvas *cv, lpui_ctx *ui, int *pitch)
{
    SDL_FillRect(cv->surface, NULL, 0); /* as shot's new surface */
    lpui_sdl_metrics(&cv->draw, &ui->metrics);
    lpui_build(ui, (float)cv->w, (float)cv->h, cv->scale);
    lpui_sdl_draw(&cv->draw, &ui->cmds);
    SDL_RenderPresent(cv->ren);
    *pitch = cv->surface->pitch;
    return cv->surface->pixels;
}

void lpapp_canvas_close(lpapp_canvas *cv)
{
    if (cv->fonts)
        lpui_sdl_free(&cv->draw);
    if (cv->ren)
        SDL_DestroyRenderer(cv->ren);
    if (cv->surface)
        SDL_FreeSurface(cv->surface);
    if (cv->ttf)
        TTF_Quit();
    memset(cv, 0, sizeof *cv);
}
