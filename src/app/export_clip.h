/*
** export_clip.h: the frames of an export, in virtual time.
**
** A clip drives the window's own state (lpui_ctx: the player and its
** tweening, the lesson narration of app/lessonview.h) with a fixed frame
** clock instead of real time: frame 0 shows the run at `from` exactly as
** `looplab shot --at from` draws it, each next frame plays on by
** speed / fps seconds of the window's playing, and the last one shows `to`
** (or the end of the run) exactly as `shot --at to` does. Where the window
** would stop for the learner (a lesson's note, its question, the end),
** the clip holds the frame long enough to read it, then plays on: the
** question is shown, then its answer. A run that failed ends on its error.
** Nothing here draws: the caller builds and draws ui after each step.
*/
#ifndef LOOPLAB_APP_EXPORT_CLIP_H
#define LOOPLAB_APP_EXPORT_CLIP_H

#include <stdbool.h>
#include <stddef.h>

#include "app/lessonview.h"
#include "ui/ui.h"

typedef struct lpapp_clip_opts {
    double from;   /* virtual seconds, >= 0 */
    double to;     /* virtual seconds, < 0 = the end of the run */
    double speed;  /* the window's playing speed (1 = 1x), > 0 */
    int    fps;
} lpapp_clip_opts;

typedef struct lpapp_clip {
    lpui_ctx        ui;      /* the window's state; its model is borrowed */
    lpapp_lesson    lesson;
    lpapp_clip_opts o;
    long            frame;   /* frames made so far */
    long            hold;    /* frames still to hold the one on screen */
    bool            still;   /* this frame is the last one again (a hold): no need to redraw */
    long            play_frames; /* frames made while playing (not holding) */
    int             phase;   /* internal: playing, ending, done */
    size_t          skip_ask;    /* a question held and shown: play on past it (SIZE_MAX = none) */
    long            answer;      /* a question whose answer to hold once it shows, -1 = none */
} lpapp_clip;

/* Starts a clip of m (borrowed: it must outlive the clip) at o->from;
** `trusted` as the run's --trust (the window's badge). Frame 0 is ready in
** c->ui. Returns LP_OK or an error code. */
int lpapp_clip_start(lpapp_clip *c, lpui_model *m, bool trusted, const lpapp_clip_opts *o);

/* Moves to the next frame. Returns false when the clip has ended (the
** last frame was the one before). */
bool lpapp_clip_next(lpapp_clip *c);

void lpapp_clip_free(lpapp_clip *c);

/* The seconds a frame is held to read text of this many characters. */
double lpapp_clip_read_time(size_t chars);

/* Counts a clip's frames without drawing (a dry run), stopping past
** `limit` (then returns limit + 1). */
long lpapp_clip_count(lpui_model *m, const lpapp_clip_opts *o, long limit, long *play_frames);

/* The fastest speed a clip plays at (the window's is 16x). */
#define LPAPP_CLIP_MAX_SPEED 65536.0

/* The speed at which the clip from o->from to o->to lasts about `seconds`,
** holds included (o->speed is ignored), within 0.25x..LPAPP_CLIP_MAX_SPEED. */
double lpapp_clip_auto_speed(lpui_model *m, const lpapp_clip_opts *o, double seconds);

#endif
