/* input_sdl.c - looplab ui: the default keys (DESIGN.md), as media players
** and debuggers have taught people. */
#include "ui/input_sdl.h"

#include <string.h>

lpui_action lpui_sdl_key(const SDL_KeyboardEvent *key)
{
    SDL_Keycode k = key->keysym.sym;
    Uint16 mod = key->keysym.mod;
    bool ctrl = (mod & KMOD_CTRL) != 0, shift = (mod & KMOD_SHIFT) != 0;
    if (ctrl) {
        if (k == SDLK_q)
            return LPUI_ACT_QUIT;
        if (k == SDLK_o)
            return LPUI_ACT_CHOOSE;
        if (k == SDLK_e)
            return LPUI_ACT_EXPORT;
        if (k == SDLK_EQUALS || k == SDLK_PLUS || k == SDLK_KP_PLUS)
            return LPUI_ACT_SCALE_UP;
        if (k == SDLK_MINUS || k == SDLK_KP_MINUS)
            return LPUI_ACT_SCALE_DOWN;
        if (k == SDLK_0 || k == SDLK_KP_0)
            return LPUI_ACT_SCALE_RESET;
        return LPUI_ACT_NONE;
    }
    switch (k) {
    case SDLK_SPACE: return LPUI_ACT_PLAY_PAUSE;
    case SDLK_LEFT: return shift ? LPUI_ACT_MOMENT_BACK : LPUI_ACT_STEP_BACK;
    case SDLK_RIGHT: return shift ? LPUI_ACT_MOMENT_FORWARD : LPUI_ACT_STEP_FORWARD;
    case SDLK_HOME: return LPUI_ACT_HOME;
    case SDLK_END: return LPUI_ACT_END;
    case SDLK_MINUS: case SDLK_KP_MINUS: case SDLK_LEFTBRACKET: return LPUI_ACT_SLOWER;
    case SDLK_KP_PLUS: case SDLK_RIGHTBRACKET: return LPUI_ACT_FASTER;
    case SDLK_EQUALS: return shift ? LPUI_ACT_NONE : LPUI_ACT_FASTER; /* shift: "+" comes as text */
    case SDLK_PAGEUP: return LPUI_ACT_PREV_LESSON;
    case SDLK_PAGEDOWN: return LPUI_ACT_NEXT_LESSON;
    case SDLK_r: return LPUI_ACT_RESTART;
    case SDLK_l: return shift ? LPUI_ACT_NEXT_LOOP : LPUI_ACT_LESSONS;
    case SDLK_BACKSPACE: return LPUI_ACT_PARENT;
    case SDLK_COMMA: return LPUI_ACT_TASK_PREV;
    case SDLK_PERIOD: return LPUI_ACT_TASK_NEXT;
    case SDLK_t: return LPUI_ACT_ROWS;
    case SDLK_e: return LPUI_ACT_RATE_MODE;
    case SDLK_i: return LPUI_ACT_INSIGHTS;
    case SDLK_F1: return LPUI_ACT_HELP;
    case SDLK_ESCAPE: return LPUI_ACT_ESCAPE;
    case SDLK_UP: return LPUI_ACT_UP;
    case SDLK_DOWN: return LPUI_ACT_DOWN;
    case SDLK_RETURN: case SDLK_KP_ENTER: return LPUI_ACT_ENTER;
    default:
        if (k >= SDLK_1 && k <= SDLK_9 && !shift)
            return (lpui_action)(LPUI_ACT_ANSWER_1 + (k - SDLK_1));
        return LPUI_ACT_NONE;
    }
}

lpui_action lpui_sdl_text(const char *text)
{
    if (strcmp(text, "?") == 0)
        return LPUI_ACT_HELP;
    if (strcmp(text, "+") == 0)
        return LPUI_ACT_FASTER;
    return LPUI_ACT_NONE;
}
