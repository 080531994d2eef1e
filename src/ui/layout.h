/* layout.h - looplab ui: where every panel and card goes (pure functions).
**
** Layout only does arithmetic on rectangles: no SDL, no trace. The window
** size and a scale (HiDPI and window size) go in; panel rectangles, and the
** places of N cards in an area, come out. Tests check at several sizes that
** panels never overlap and every card lies inside its area.
*/
#ifndef LPUI_LAYOUT_H
#define LPUI_LAYOUT_H

#include <stddef.h>

#include "ui/cmd.h"

/* The buttons of the top bar, left to right. */
typedef enum lpui_button {
    LPUI_BTN_OPEN = 0, /* Open… a file (a chooser) */
    LPUI_BTN_LESSONS,  /* the lesson list (and recent files) */
    LPUI_BTN_RESTART, LPUI_BTN_BACK, LPUI_BTN_PLAY, LPUI_BTN_FORWARD,
    LPUI_BTN_SLOWER, LPUI_BTN_FASTER, LPUI_BTN_PREV_LESSON, LPUI_BTN_NEXT_LESSON, LPUI_BTN_HELP,
    LPUI_BTN_EXPORT, LPUI_BTN_COUNT
} lpui_button;

typedef struct lpui_layout {
    float     scale;     /* 1 at 1600x900 on a normal screen */
    lpui_rect window;
    lpui_rect top;       /* the top bar */
    lpui_rect title;     /* lesson title and file name */
    lpui_rect buttons[LPUI_BTN_COUNT];
    lpui_rect clock;
    lpui_rect source, loop, narration, console, timeline; /* the panels */
    /* inside the loop panel (below its header) */
    lpui_rect running;   /* the running slot */
    lpui_rect ready;     /* the ready queue row */
    lpui_rect timers, waiting, lanes;
    /* inside the timeline panel */
    lpui_rect tl_labels; /* task names, left */
    lpui_rect tl_plot;   /* swimlanes; the time axis runs along its bottom */
    float     header;    /* height of a panel's header */
    float     line;      /* height of a source / console line */
    float     card_h;    /* height of a card in the loop panel */
    float     lane_h;    /* height of a timeline swimlane */
} lpui_layout;

/* The smallest window the layout is made for (smaller ones are squeezed). */
#define LPUI_MIN_W 1024
#define LPUI_MIN_H 640

/* The scale for a window of w x h logical pixels drawn at `dpi` device
** pixels per logical pixel: 1 from 1600x900 up (a larger window shows
** more), down to 0.8 for smaller ones; times dpi (sharp on HiDPI). The
** window multiplies it by the user's UI scale (Ctrl+= / Ctrl+-). */
float lpui_layout_scale(float w, float h, float dpi);

/* Fills *L for a w x h window (device pixels) at this scale. */
void lpui_layout_compute(lpui_layout *L, float w, float h, float scale);

/* Places up to `max` cards of preferred width `card_w` (at least `min_w`)
** and height `card_h` in a row inside `area`, left to right with `gap`.
** Returns how many fit (the caller shows "+N more" for the rest in the
** last place when fewer than n fit: it is given as out[shown-1]). */
size_t lpui_layout_row(lpui_rect area, size_t n, float card_w, float min_w, float card_h,
                       float gap, lpui_rect *out, size_t max);

/* The same in a column, top to bottom, each card as wide as the area. */
size_t lpui_layout_column(lpui_rect area, size_t n, float card_h, float gap, lpui_rect *out,
                          size_t max);

#endif
