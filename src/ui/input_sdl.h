/* input_sdl.h - looplab ui: SDL keys to lpui actions (the only file that reads keys). */
#ifndef LPUI_INPUT_SDL_H
#define LPUI_INPUT_SDL_H

#include <SDL.h>

#include "ui/ui.h"

/* The action of a key press, LPUI_ACT_NONE if it has none. */
lpui_action lpui_sdl_key(const SDL_KeyboardEvent *key);

/* The action of typed text ("?" and "+", whatever the keyboard layout). */
lpui_action lpui_sdl_text(const char *text);

#endif
