/* expect.h - looplab lessons: a note's expectations against what the window shows.
**
** A lesson's narration speaks of what is on screen ("look at the timers: two
** of them"). Its "#: expect" lines (lesson.h) say what that is, and this
** module checks them against a description of the window at the note's
** moment: an lpl_view, filled by whoever knows the window's state (the app,
** src/app/lessoncheck.c, from the replayed loop state and the ui model).
** Keeping the view a plain struct keeps src/lesson free of the ui.
*/
#ifndef LPL_EXPECT_H
#define LPL_EXPECT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/alloc.h"
#include "lesson/lesson.h"

/* A task as the window shows it: its label and its state's name ("waiting"). */
typedef struct lpl_view_task {
    const char *label;
    const char *state;
} lpl_view_task;

/* A finding of the run's insights (src/insight) that has happened: its kind's
** id ("blocked_loop") and its line in the lesson's own file (0: elsewhere). */
typedef struct lpl_view_finding {
    const char *kind;
    int         line;
} lpl_view_finding;

/* What the window shows at one moment. Every pointer is borrowed. */
typedef struct lpl_view {
    double               time;        /* the clock */
    bool                 frozen;      /* the loop thread is blocked */
    const char          *running;     /* the RUNNING card's label, NULL = none */
    const char *const   *ready;       /* the ready queue's card labels, in order */
    size_t               nready;
    const lpl_view_task *tasks;       /* every task made so far */
    size_t               ntasks;
    size_t               timers;      /* cards in TIMERS */
    size_t               workers;     /* worker threads or processes at work (THREADS rows
                                      ** that run, sleep or compute; not idle ones) */
    const char          *last_output; /* the last line printed so far, NULL = none */
    const lpl_view_finding *findings; /* the run's findings that have happened by now */
    size_t               nfindings;
} lpl_view;

/* The records replayed when the window shows a note whose moment is record
** `index` (lpl_find_moments): a say appears once that record is applied
** (index + 1), a question is asked just before it (index). */
size_t lpl_note_applied(const lpl_note *note, size_t index);

/* Whether e holds in v. When it does not, `shows` (n bytes, may be NULL)
** says what the window shows instead: "TIMERS lists 0". */
bool lpl_expect_holds(const lpl_expect *e, const lpl_view *v, char *shows, size_t n);

/* The expectation as written: "expect timers 2". */
void lpl_expect_describe(const lpl_expect *e, char *out, size_t n);

/* ---- internal to src/lesson (the parser) ---- */

/* Parses the words after "#: expect" into *out (source_line set by the
** caller). Returns LP_OK, LP_E_NOMEM, or LP_E_INVAL with the reason in
** why[n]. */
int lpl__parse_expect(const lp_allocator *a, const char *text, size_t len, lpl_expect *out,
                      char *why, size_t n);

/* Frees what an expectation owns. */
void lpl__expect_free(lpl_expect *e, const lp_allocator *a);

#endif
