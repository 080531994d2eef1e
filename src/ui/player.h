/* player.h - looplab ui: the cursor in a recorded run, and its animation.
**
** The player holds the loop state at the cursor (a: after `a.applied`
** events) and, while an event is being animated, the state after it (b)
** with how far the animation has gone (frac). Playing moves through the
** events at a pace set by the speed: an event that shows something takes
** about half a second at 1x, one that only keeps books a twentieth, and a
** jump of the virtual clock takes that long in real time (at most 2.5 s).
** Seeking copies the nearest replay snapshot (core/replay.h).
*/
#ifndef LPUI_PLAYER_H
#define LPUI_PLAYER_H

#include <stdbool.h>
#include <stddef.h>

#include "core/state.h"
#include "ui/model.h"

typedef struct lpui_player {
    const lpui_model *m;  /* borrowed */
    lp_state a;           /* the state at the cursor; owned */
    lp_state b;           /* a plus the next event, when has_b; owned */
    bool     has_b;
    double   frac;        /* 0..1, the animation from a to b */
    size_t   stop_at;     /* a step's destination (events applied), SIZE_MAX = none */
    bool     playing;
    int      speed;       /* index in lpui_speeds (or lpui_rates, in rate mode) */
    bool     rate_mode;   /* playing at lpui_rates[speed] events a second, whatever
                          ** the virtual time between them (big programs) */
    size_t   limit;       /* events that replay cleanly */
    double   hold;        /* a time asked for between two events (seek_time), shown while
                          ** paused there; -1 = none */
} lpui_player;

int lpui_player_init(lpui_player *p, const lpui_model *m);
void lpui_player_free(lpui_player *p);

/* Puts the cursor after `index` events (clamped), no animation. */
int lpui_player_seek(lpui_player *p, size_t index);
/* After every event at or before virtual time t. */
int lpui_player_seek_time(lpui_player *p, double t);

/* One shown event forward (animated) or back (at once): dir +1 / -1. */
int lpui_player_step(lpui_player *p, int dir);
/* The next / previous moment of virtual time: dir +1 / -1. */
int lpui_player_moment(lpui_player *p, int dir);

/* The next (dir +1) or previous (-1) event of task `task`: its own events
** and its steps' callbacks. Returns LP_OK (the cursor moved, or stayed when
** there is none) or an error. */
int lpui_player_task_event(lpui_player *p, uint32_t task, int dir);

/* Advances playing or a step by dt real seconds. */
int lpui_player_update(lpui_player *p, double dt);

/* The virtual time shown (between a's and the next event's while animating). */
double lpui_player_now(const lpui_player *p);

/* Whether record ev shows something (steps stop at them); a RUN that
** starts a task's step shows as that step. */
bool lpui_player_shown(const lp_event *ev);

static inline size_t lpui_player_total(const lpui_player *p) { return p->limit; }

#endif
