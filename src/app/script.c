/*
** script.c: the window's synthetic input for tests (see script.h).
*/
#include "app/script.h"

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool lpapp_script_init(lpapp_script *s)
{
    memset(s, 0, sizeof *s);
    s->next = getenv("LOOPLAB_TEST_INPUT");
    return s->next != NULL;
}

static void push_key(const char *name)
{
    Uint16 mod = KMOD_NONE;
    for (;;) {
        if (strncmp(name, "ctrl+", 5) == 0) {
            mod |= KMOD_LCTRL;
            name += 5;
        } else if (strncmp(name, "shift+", 6) == 0) {
            mod |= KMOD_LSHIFT;
            name += 6;
        } else {
            break;
        }
    }
    SDL_Keycode k = SDL_GetKeyFromName(name);
    if (k == SDLK_UNKNOWN) {
        fprintf(stderr, "script: unknown key '%s'\n", name);
        return;
    }
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = k;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(k);
    e.key.keysym.mod = mod;
    SDL_PushEvent(&e);
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

static void push_click(int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = SDL_PRESSED;
    e.button.x = x;
    e.button.y = y;
    e.button.clicks = 1;
    SDL_PushEvent(&e);
    e.type = SDL_MOUSEBUTTONUP;
    e.button.state = SDL_RELEASED;
    SDL_PushEvent(&e);
}

static void push_mouse(int type, int x, int y, int dy)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = (Uint32)type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = x;
        e.motion.y = y;
    } else {
        e.wheel.y = dy;
        e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
        SDL_Event m; /* the wheel turns where the mouse is: move it there first */
        memset(&m, 0, sizeof m);
        m.type = SDL_MOUSEMOTION;
        m.motion.x = x;
        m.motion.y = y;
        SDL_PushEvent(&m);
    }
    SDL_PushEvent(&e);
}

static void push_drop(const char *path)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_DROPFILE;
    size_t n = strlen(path) + 1;
    e.drop.file = SDL_malloc(n); /* the window frees it, as SDL's own */
    if (!e.drop.file)
        return;
    memcpy(e.drop.file, path, n);
    SDL_PushEvent(&e);
}

void lpapp_script_frame(lpapp_script *s, const lpapp_script_view *v, double dt)
{
    if (!s->next)
        return;
    if (s->wait_frames > 0) {
        s->wait_frames--;
        return;
    }
    while (*s->next == ' ')
        s->next++;
    if (!*s->next)
        return;
    char step[512];
    size_t n = strcspn(s->next, " ");
    snprintf(step, sizeof step, "%.*s", (int)(n < sizeof step ? n : sizeof step - 1), s->next);
    bool done = true;
    if (strcmp(step, "wait") == 0) {
        done = v->loaded;
    } else if (strcmp(step, "until-paused") == 0) {
        s->waited += dt;
        done = !v->playing || s->waited > 60;
        if (done)
            s->waited = 0;
    } else if (strncmp(step, "runs:", 5) == 0) {
        s->waited += dt;
        done = v->runs >= (unsigned)atoi(step + 5) || s->waited > 60;
        if (done)
            s->waited = 0;
    } else if (strcmp(step, "status") == 0) {
        printf("status event=%zu/%zu time=%.3f playing=%d\n", v->event, v->total, v->time,
               v->playing ? 1 : 0);
        fflush(stdout);
    } else if (strncmp(step, "key:", 4) == 0) {
        push_key(step + 4);
    } else if (strncmp(step, "shot:", 5) == 0) {
        snprintf(s->shot, sizeof s->shot, "%s", step + 5);
    } else if (strncmp(step, "report:", 7) == 0) {
        snprintf(s->report, sizeof s->report, "%s", step + 7);
    } else if (strncmp(step, "drop:", 5) == 0) {
        push_drop(step + 5);
    } else if (strncmp(step, "move:", 5) == 0) {
        int x = 0, y = 0;
        if (sscanf(step + 5, "%d,%d", &x, &y) == 2)
            push_mouse(SDL_MOUSEMOTION, x, y, 0);
    } else if (strncmp(step, "wheel:", 6) == 0) {
        int x = 0, y = 0, dy = 0;
        if (sscanf(step + 6, "%d,%d,%d", &x, &y, &dy) == 3)
            push_mouse(SDL_MOUSEWHEEL, x, y, dy);
    } else if (strncmp(step, "frames:", 7) == 0) {
        s->wait_frames = atoi(step + 7);
    } else if (strncmp(step, "click:", 6) == 0) {
        int x = 0, y = 0;
        if (sscanf(step + 6, "%d,%d", &x, &y) == 2)
            push_click(x, y);
    } else {
        fprintf(stderr, "script: unknown step '%s'\n", step);
    }
    if (done)
        s->next += n;
}
