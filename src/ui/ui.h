/* ui.h - looplab ui: the window's state, independent of SDL.
**
** lpui_ctx holds the run on screen (model + player), what the user set up
** (view), the lesson narration, and the last frame's layout and commands.
** The app feeds it actions (from keys, buttons, the mouse) and time, and
** asks it for a frame; input_sdl.c and draw_sdl.c are the SDL ends.
*/
#ifndef LPUI_UI_H
#define LPUI_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "ui/cmd.h"
#include "ui/layout.h"
#include "ui/model.h"
#include "ui/player.h"
#include "ui/scene.h"

typedef enum lpui_action {
    LPUI_ACT_NONE = 0,
    LPUI_ACT_PLAY_PAUSE, LPUI_ACT_STEP_BACK, LPUI_ACT_STEP_FORWARD,
    LPUI_ACT_MOMENT_BACK, LPUI_ACT_MOMENT_FORWARD, LPUI_ACT_HOME, LPUI_ACT_END,
    LPUI_ACT_SLOWER, LPUI_ACT_FASTER, LPUI_ACT_RESTART, LPUI_ACT_OPEN,
    LPUI_ACT_PREV_LESSON, LPUI_ACT_NEXT_LESSON, LPUI_ACT_HELP, LPUI_ACT_ESCAPE,
    LPUI_ACT_QUIT, LPUI_ACT_ANSWER_1, /* ... up to 9 in a row */
    LPUI_ACT_ANSWER_9 = LPUI_ACT_ANSWER_1 + 8,
    LPUI_ACT_UP, LPUI_ACT_DOWN, LPUI_ACT_ENTER,
    LPUI_ACT_INSIGHTS,    /* open or close the INSIGHTS panel */
    LPUI_ACT_EXPORT, /* Ctrl+E: the app exports the run on screen (app/export_window.h) */
    LPUI_ACT_LESSONS,     /* the lesson list (L) */
    LPUI_ACT_CHOOSE,      /* a file chooser (Ctrl+O, Open): the app's */
    LPUI_ACT_CHOOSE_PICK, /* the built-in chooser's selected entry: the app's */
    LPUI_ACT_PARENT,      /* the built-in chooser: the folder above (Backspace) */
    LPUI_ACT_SCALE_UP, LPUI_ACT_SCALE_DOWN, LPUI_ACT_SCALE_RESET, /* Ctrl+= / Ctrl+- / Ctrl+0: the app's */
    LPUI_ACT_TASK_PREV, LPUI_ACT_TASK_NEXT, /* , and . : the selected task's previous / next event */
    LPUI_ACT_ROWS,        /* the timeline's rows: tall / short (T) */
    LPUI_ACT_RATE_MODE,   /* speed in virtual time or in events a second (E) */
    LPUI_ACT_NEXT_LOOP,   /* the loop panels show the next thread's event loop (Shift+L) */
} lpui_action;

typedef struct lpui_ctx {
    lpui_model    *model;     /* owned; NULL before the first run */
    lpui_player    player;    /* valid when model */
    lpui_view      view;
    lpui_narration narration;
    lpui_layout    layout;    /* of the last frame */
    lpui_cmds      cmds;      /* the last frame */
    lpui_metrics   metrics;   /* set by the app (draw_sdl.c or a test's) */
    size_t         answer;    /* the last prediction answered (1-9), 0 = none */
    lpin_report    insights;  /* what went wrong in the run on screen (src/insight); owned */
    lpui_srcview   other;     /* a file opened from a location, shown in SOURCE; owned */
} lpui_ctx;

void lpui_init(lpui_ctx *ui);
void lpui_free(lpui_ctx *ui);

/* Shows a new run (ownership of *m passes to ui) and reads its insights
** from the trace (with the program's lines from disk, as `looplab run
** --insights` reads them). keep_time: stay at the same virtual time (a
** reload), else start at 0. Returns LP_OK or an error. */
int lpui_set_model(lpui_ctx *ui, lpui_model *m, bool keep_time);

/* The narration of a lesson (lessons code calls this); NULLs clear fields. */
void lpui_set_narration(lpui_ctx *ui, const char *title, const char *subtitle, const char *text,
                        double checkpoint);

/* Lays the window out at w x h device pixels and builds the frame into ui->cmds. */
void lpui_build(lpui_ctx *ui, float w, float h, float scale);

/* Advances playing by dt real seconds. */
void lpui_tick(lpui_ctx *ui, double dt);

/* Applies an action. Returns the action for the app to finish when it is
** the app's (OPEN with a picked file, RESTART, QUIT, lessons), else NONE. */
lpui_action lpui_act(lpui_ctx *ui, lpui_action a);

/* The mouse: moves (hover), presses and drags (seek on the timeline, the
** buttons, the picker), wheel. Returns an action for the app, as lpui_act. */
lpui_action lpui_mouse_move(lpui_ctx *ui, float x, float y, bool dragging);
lpui_action lpui_mouse_down(lpui_ctx *ui, float x, float y);
void lpui_mouse_wheel(lpui_ctx *ui, float x, float y, int dy);

/* Jumps to finding `number` (1-based) of the INSIGHTS panel: its moment, its
** first task highlighted, the panel closed so the window shows it. */
void lpui_insight_jump(lpui_ctx *ui, size_t number);

/* The topmost command of the last frame under (x, y) with a tag (not
** PANEL/NONE), or NULL. */
const lpui_cmd *lpui_hit(const lpui_ctx *ui, float x, float y);

/* Writes one line per tagged command of the last frame, "tag id x y w h",
** and per text, "text 0 x y w h TEXT" (for the screen tests); a shortened
** text is "text 1 ..." followed by "full 0 0 0 0 0 WHOLE" (newlines as \n). */
void lpui_report(const lpui_ctx *ui, FILE *out);

#endif
