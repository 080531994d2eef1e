/* scene.h - looplab ui: one frame of the window as drawing commands.
**
** lpui_scene_build turns what the window shows at one moment (the layout,
** the run, the loop state before and after the event being animated, how
** far that animation is, the view's settings) into an lpui_cmds list.
** It is a pure function of its inputs: the same frame gives the same list,
** which is what the screen tests and `looplab shot` rely on.
*/
#ifndef LPUI_SCENE_H
#define LPUI_SCENE_H

#include <stdbool.h>

#include "insight/insight.h"
#include "ui/cmd.h"
#include "ui/layout.h"
#include "ui/model.h"
#include "ui/srcview.h"

/* Text measurement, injected (SDL_ttf in the window, a fixed advance in tests). */
typedef struct lpui_metrics {
    float (*measure)(void *user, lpui_font font, const char *text); /* width in px */
    void  *user;
    float  height[LPUI_FONT_COUNT]; /* line height of each font, px */
} lpui_metrics;

/* The lesson narration: set by the lessons code (lpui_narration_set). */
typedef struct lpui_narration {
    char   title[256];   /* "9 · A blocking call freezes the loop"; "" = none */
    char   subtitle[256];/* "Lesson 9 of 14" */
    char   text[4096];   /* paragraphs separated by blank lines */
    double checkpoint;   /* a virtual time the lesson stops at, < 0 = none */
    unsigned line;       /* the source line the text is about (kept in view when no
                         ** task runs there), 0 = none */
    /* a question (lpui_narration_ask): its choices, drawn as buttons under the text */
    char   choices[9][160];
    size_t nchoices;     /* 0 = no question */
    size_t answered;     /* the choice taken, 1-based; 0 = not yet */
    size_t right;        /* the right choice, 1-based (shown once answered) */
    /* findings a question is about (lpui_narration_hold): the INSIGHTS panel,
    ** its count and the timeline show each one only from its question on */
    size_t held[8];      /* finding numbers, 1-based */
    size_t held_from[8]; /* ...shown once this many records are applied */
    size_t nheld;
} lpui_narration;

/* Sets the narration; NULL strings leave a field empty. */
void lpui_narration_set(lpui_narration *n, const char *title, const char *subtitle,
                        const char *text, double checkpoint);

/* Adds a question's choices to the narration (after lpui_narration_set);
** answered: the choice taken (1-based) or 0; right: the right one (1-based). */
void lpui_narration_ask(lpui_narration *n, const char *const *choices, size_t count, size_t answered,
                        size_t right);

/* Holds finding `number` (1-based, in the run's report) back until `from`
** records are applied: a lesson's question at that moment is about it
** (after lpui_narration_set; at most 8, more are ignored). */
void lpui_narration_hold(lpui_narration *n, size_t number, size_t from);

#define LPUI_SPEEDS 7
extern const float lpui_speeds[LPUI_SPEEDS]; /* 0.25x .. 16x */
extern const float lpui_rates[LPUI_SPEEDS];  /* the rate mode: 10 .. 10000 events a second */

/* What the user set up: the parts of a frame that are not the run. */
typedef struct lpui_view {
    bool     playing;
    int      speed;        /* index in lpui_speeds, or lpui_rates in rate mode */
    bool     rate_mode;    /* speed in events a second (E) */
    uint32_t selected_task;/* clicked: , and . jump between its events; 0 = none */
    bool     tl_short;     /* short timeline rows: more fit (T) */
    bool     tl_bar_drag;  /* the rows' scroll bar is being dragged */
    int      more;         /* a "+N more" opened as a list: 1 ready queue, 2 timers,
                           ** 3 waiting tasks; 0 = none */
    size_t   more_first;   /* its first row shown (scrolled) */
    size_t   console_back; /* the console scrolled back by this many lines (wheel); 0 = the newest */
    uint32_t hover_task;   /* highlighted everywhere, 0 = none */
    float    mouse_x, mouse_y;
    bool     help;         /* the help overlay is open */
    bool     picker;       /* the lesson list (and files opened before) is open */
    const char *const *files; /* the picker's entries (borrowed) */
    const char *const *file_titles; /* per entry: a lesson's title or NULL (borrowed; may be NULL) */
    size_t   file_count;
    size_t   lesson_count; /* the first lesson_count entries are the course's lessons */
    int      picker_sel;
    int      picker_current; /* the entry on screen, -1 = none */
    /* the built-in file chooser (when the desktop has none) */
    bool     chooser;
    const char *chooser_dir;                /* the folder listed (borrowed) */
    const char *const *chooser_names;       /* "../", "folder/", "file.py" (borrowed) */
    size_t   chooser_count;
    int      chooser_sel;
    double   tl_start, tl_span; /* the timeline's visible time range; span 0 = whole run */
    size_t   tl_row;       /* first timeline row shown */
    char     banner[512];  /* a message over the loop panel ("" = none) */
    bool     banner_error;
    bool     running_child;/* a run is under way (reload) */
    bool     trusted;      /* runs go with --trust: the safety layer is lifted */
    const lpin_report *insights; /* what went wrong in the run on screen (borrowed), or NULL */
    bool     insights_open;/* the INSIGHTS panel is open */
    size_t   insight_sel;  /* the finding picked last (1-based), 0 = none */
    size_t   insight_top;  /* the first finding the panel shows (it scrolls) */
    const lpui_srcview *other; /* another file SOURCE shows instead of the program (borrowed),
                               ** NULL = the program */
} lpui_view;

typedef struct lpui_frame {
    const lpui_layout  *L;
    const lpui_metrics *mx;
    const lpui_model   *m;     /* NULL: nothing loaded yet */
    const lp_state     *a;     /* the state before event a->applied; NULL with m */
    const lp_state     *b;     /* after it, or NULL (at the end) */
    double              frac;  /* 0..1: how far the animation to b has gone */
    double              now;   /* the virtual time shown */
    const lpui_view    *v;
    const lpui_narration *n;
} lpui_frame;

void lpui_scene_build(const lpui_frame *f, lpui_cmds *out);

/* The INSIGHTS panel's k-th finding (1-based) as it lists them in frame f
** (in a lesson only those reached, scene_insights.c): its number in the
** report (1-based), 0 when it lists fewer. */
size_t lpui_scene_insight_nth(const lpui_frame *f, size_t k);

/* Fits the layout to what the frame shows (f->L is not read: L is): the
** lesson's narration gets the height its text needs, the console the rest. */
void lpui_scene_fit(lpui_layout *L, const lpui_frame *f);

/* ease in/out over 0..1 */
double lpui_ease(double t);

#endif
