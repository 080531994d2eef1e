/*
** export_canvas.h: the window's frames drawn off screen, one after another.
**
** The same drawing as `looplab shot` (app/render.c): SDL's software
** renderer on an ARGB8888 surface, cleared before each frame as shot's
** fresh surface is, the fonts at the scale lpui_layout_scale gives that
** size; but opened once for all the frames of an export.
*/
#ifndef LOOPLAB_APP_EXPORT_CANVAS_H
#define LOOPLAB_APP_EXPORT_CANVAS_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

#include "ui/draw_sdl.h"
#include "ui/ui.h"

typedef struct lpapp_canvas {
    int           w, h;
    float         scale;
    SDL_Surface  *surface; /* owned */
    SDL_Renderer *ren;     /* owned */
    lpui_sdl      draw;
    bool          ttf, fonts;
} lpapp_canvas;

/* Opens a w x h canvas with the fonts in `fonts`. Returns 0, or -1 with a
** message in err. */
int lpapp_canvas_open(lpapp_canvas *cv, int w, int h, const char *fonts, char *err, size_t n);

/* Builds ui's frame and draws it; returns its pixels (B, G, R, A bytes,
** *pitch bytes a row), valid until the next call. */
const uint8_t *lpapp_canvas_draw(lpapp_canvas *cv, lpui_ctx *ui, int *pitch);

void lpapp_canvas_close(lpapp_canvas *cv);

#endif
