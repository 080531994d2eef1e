/* scene_int.h - looplab ui: what the scene's files (scene*.c) share.
** Internal to src/ui: names carry the lpui__ prefix.
*/
#ifndef LPUI_SCENE_INT_H
#define LPUI_SCENE_INT_H

#include <stddef.h>

#include "ui/scene.h"
#include "ui/theme.h"

typedef struct lpui__sc {
    const lpui_frame *f;
    lpui_cmds  *out;
    float       s;          /* layout scale */
    uint8_t    *ready_a;    /* task id -> its step is in a's ready queue; owned */
    uint8_t    *ready_b;    /* the same for b; owned */
    size_t      max_task;   /* ready_* hold max_task + 1 entries */
} lpui__sc;

/* The id of a callback's or timer's card (task cards use the task id). */
#define LPUI_ID_HANDLE 0x80000000u

lpui_cmd *lpui__rect(lpui__sc *sc, lpui_rect r, uint32_t bg, uint8_t bg_a, uint32_t border,
                     float width, float radius);
void lpui__tag(lpui_cmd *c, lpui_tag tag, uint32_t id);
void lpui__pattern(lpui__sc *sc, lpui_rect r, lpui_pattern p, lpui_color c);
void lpui__shape(lpui__sc *sc, lpui_rect r, uint32_t task);
void lpui__line(lpui__sc *sc, float x0, float y0, float x1, float y1, lpui_color c, float w);
/* Text at (x, y) cut with an ellipsis to max_w (<= 0: no limit); returns its width. */
float lpui__text(lpui__sc *sc, float x, float y, lpui_font font, uint32_t color,
                 const char *text, float max_w);
float lpui__measure(lpui__sc *sc, lpui_font font, const char *text);
/* The advance of one character of a monospaced font (its real step, not a glyph's box). */
float lpui__advance(lpui__sc *sc, lpui_font font);
float lpui__font_h(lpui__sc *sc, lpui_font font);
void lpui__clip(lpui__sc *sc, lpui_rect r);
void lpui__unclip(lpui__sc *sc);
/* A panel's frame and header; returns the body below the header. */
lpui_rect lpui__panel(lpui__sc *sc, lpui_rect r, const char *title, const char *right);
/* A box filled as the window draws state `st` (solid, stripes, outline...). */
void lpui__state_box(lpui__sc *sc, lpui_rect r, lpui_tstate st, lpui_color c);
/* Word-wrapped text in r (words wider than r broken between characters);
** returns the height used. Text that does not fit is kept whole on the last
** line drawn (lpui_cmd_full), for its tooltip. */
float lpui__wrap(lpui__sc *sc, lpui_rect r, lpui_font font, uint32_t color, const char *text);
/* The height lpui__wrap would use for text at width w, with no limit. */
float lpui__wrap_height(lpui__sc *sc, float w, lpui_font font, const char *text);
/* The same for prose with `code` spans: drawn in the code font, no backticks. */
float lpui__wrap_code(lpui__sc *sc, lpui_rect r, lpui_font font, uint32_t color, const char *text);
float lpui__wrap_code_height(lpui__sc *sc, float w, lpui_font font, const char *text);

lpui_tstate lpui__tstate(const lpui__sc *sc, const lp_state *s, const lp_state_task *t);
void lpui__label(const lpui__sc *sc, const lp_state_task *t, char *out, size_t n);
const char *lpui__wait_name(unsigned kind);

void lpui__loop_panel(lpui__sc *sc);
/* scene_loops.c: when the run has several threads with event loops, the
** chip naming the one shown (from x in the EVENT LOOP header) and the note
** on the others; whether a thread runs an event loop at `now`. */
void lpui__loop_chip(lpui__sc *sc, float x);
bool lpui__thread_runs_loop(const lpui_model *m, uint32_t thread, double now);
/* "bell-thread's loop" when `loop` is not among the loops the panels show
** (the program runs several); false (out untouched) when it is. */
bool lpui__other_loop_words(const lpui_model *m, uint8_t loop, char *out, size_t n);
/* Whether no thread but the main one runs an event loop (then it is "the
** loop thread"; else "the main thread"). */
bool lpui__main_runs_the_loops(const lpui_model *m);
/* The thread that runs loop `loop` (its job serial, 0: the main thread),
** LPUI_LOOP_THREAD_NONE when none ran it. */
uint32_t lpui__loop_thread(const lpui_model *m, uint8_t loop);
/* Where thread `thread` (not the main one) is in its own event loop once
** `index` records are applied, read from the last record of its loops
** (a few records back only): in its poll (until: the poll's deadline; inf:
** no timer), inside a callback (a wait there freezes that loop), or neither. */
typedef enum lpui_in_loop { LPUI_IN_LOOP_NONE, LPUI_IN_LOOP_POLL, LPUI_IN_LOOP_CALLBACK } lpui_in_loop;
lpui_in_loop lpui__thread_in_loop(const lpui_model *m, size_t index, uint32_t thread, double *until);
/* The same as the loop chip words it, for a sentence: "the loop of thread
** 'bell-thread'", "the loop of the main thread"; false when it is shown. */
bool lpui__loop_of_words(const lpui_model *m, uint8_t loop, char *out, size_t n);
void lpui__source_panel(lpui__sc *sc);
void lpui__timeline_panel(lpui__sc *sc);
void lpui__side_panels(lpui__sc *sc);
/* The height the lesson's narration needs at width w (0: no lesson text). */
float lpui__narration_need(lpui__sc *sc, float w);
void lpui__top_bar(lpui__sc *sc);
void lpui__overlays(lpui__sc *sc);
/* scene_insights.c: the count in the top bar (takes its room from *title),
** the panel, and each finding's span on the timeline's plot. */
void lpui__insights_chip(lpui__sc *sc, lpui_rect *title);
void lpui__insights_overlay(lpui__sc *sc);
void lpui__insights_marks(lpui__sc *sc, lpui_rect plot, double t0, double span);
/* scene_deadlock.c: a deadlock's cycle, drawn in r once the replay reached
** it; returns the height used (0: no deadlock at this moment). */
float lpui__deadlock_card(lpui__sc *sc, lpui_rect r);
/* A tooltip for what the mouse rests on (scene_chrome.c; drawn last). */
void lpui__hover_help(lpui__sc *sc);

#endif
