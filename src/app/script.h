/*
** script.h: synthetic input for testing the real window (LOOPLAB_TEST_INPUT).
**
** The smoke test drives the window as a user would, through SDL's own event
** queue: LOOPLAB_TEST_INPUT holds steps separated by spaces, run one per
** frame:
**   wait          until the run is loaded (no child running)
**   key:NAME      a key press, SDL's key names, with ctrl+ / shift+ ("key:shift+Right")
**   click:X,Y     a left click at window coordinates
**   frames:N      let N frames pass
**   until-paused  until playing stops (at most 60 s)
**   runs:N        until N runs have ended (the first, reloads; at most 60 s)
**   status        print "status event=A/B time=T playing=P" on stdout
**   shot:PATH     save the window's next frame as a PNG at PATH
**   report:PATH   write what the next frame shows (ui/ui.h lpui_report) to PATH
**   move:X,Y      move the mouse to window coordinates
**   wheel:X,Y,DY  the mouse wheel at X,Y (DY > 0: up)
**   drop:PATH     a file dropped on the window
*/
#ifndef LOOPLAB_APP_SCRIPT_H
#define LOOPLAB_APP_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lpapp_script {
    const char *next;   /* the steps left (borrowed from the environment) */
    int         wait_frames;
    double      waited;
    char        shot[512];  /* a frame to save (shot:PATH), "" = none; the window clears it */
    char        report[512];/* a frame to report (report:PATH), "" = none; the window clears it */
} lpapp_script;

/* What the window tells the script each frame. */
typedef struct lpapp_script_view {
    bool   loaded;      /* a run is shown and no child runs */
    bool   playing;
    size_t event, total;
    unsigned runs;      /* runs ended so far */
    double time;
} lpapp_script_view;

/* false when LOOPLAB_TEST_INPUT is not set. */
bool lpapp_script_init(lpapp_script *s);

/* Runs the steps due this frame (pushing SDL events). */
void lpapp_script_frame(lpapp_script *s, const lpapp_script_view *v, double dt);

#endif
