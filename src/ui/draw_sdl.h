/* draw_sdl.h - looplab ui: drawing an lpui_cmds list with SDL2 and SDL2_ttf.
**
** The only file that draws. It owns the fonts (DejaVu, from assets/fonts)
** at the sizes the scale asks for, and a cache of measured and rendered
** text, so a frame that shows the same words as the last costs no glyph
** rendering. Works on any SDL_Renderer: the window's, or a software one on
** a surface for `looplab shot` and the benchmarks.
*/
#ifndef LPUI_DRAW_SDL_H
#define LPUI_DRAW_SDL_H

#include <SDL.h>
#include <SDL_ttf.h>

#include "ui/cmd.h"
#include "ui/scene.h"

typedef struct lpui_text_entry lpui_text_entry;

typedef struct lpui_sdl {
    SDL_Renderer *ren;                    /* borrowed */
    TTF_Font     *fonts[LPUI_FONT_COUNT]; /* owned */
    float         line_h[LPUI_FONT_COUNT];
    float         scale;
    char          font_dir[1024];
    lpui_text_entry *cache;               /* open addressing; owned */
    size_t        cache_cap, cache_count;
    SDL_Rect      clip;                   /* the clip set by the commands */
    bool          clipped;
} lpui_sdl;

/* Opens the fonts in font_dir at this scale. Returns 0, or -1 with SDL's
** error set (TTF_Init must have been called). */
int lpui_sdl_init(lpui_sdl *d, SDL_Renderer *ren, const char *font_dir, float scale);
void lpui_sdl_free(lpui_sdl *d);

/* Reopens the fonts for a new scale (a resize); no-op if unchanged. */
int lpui_sdl_set_scale(lpui_sdl *d, float scale);

/* Text measurement for the scene, bound to these fonts. */
void lpui_sdl_metrics(lpui_sdl *d, lpui_metrics *out);

void lpui_sdl_draw(lpui_sdl *d, const lpui_cmds *cmds);

#endif
