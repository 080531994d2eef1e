/*
** lessoncheck.h: a lesson's "#: expect" lines checked against the window.
**
** src/lesson checks an expectation against an lpl_view (lesson/expect.h);
** this builds that view from what the window draws at a moment of a run:
** the loop state replayed to that record (core/replay.h) and the ui model's
** reading of it (labels from lpui_model_task_label, task states from
** lpui_model_tstate, the RUNNING card's rule, the console's last line).
** The window uses it to warn a lesson's author; tests/lessons uses it to
** check every lesson.
*/
#ifndef LOOPLAB_APP_LESSONCHECK_H
#define LOOPLAB_APP_LESSONCHECK_H

#include <stddef.h>

#include "lesson/expect.h"
#include "lesson/lesson.h"
#include "ui/model.h"

/* A view and the storage it points into. */
typedef struct lpapp_view {
    lpl_view       v;
    char         (*labels)[64];  /* task labels, then ready card labels; owned */
    const char   **ready;        /* owned */
    lpl_view_task *tasks;        /* owned */
    char           running[64];
} lpapp_view;

/* Builds in *out what the window shows once `applied` records are replayed
** (clamped to the records that replay). Returns LP_OK or LP_E_NOMEM;
** free with lpapp_view_free either way. */
int lpapp_view_at(lpapp_view *out, const lpui_model *m, size_t applied);
void lpapp_view_free(lpapp_view *v);

/* Called for each expectation that does not hold: `shows` says what the
** window shows instead. */
typedef void (*lpapp_expect_report)(void *user, const lpl_note *note, const lpl_expect *e,
                                    const char *shows);

/* Checks every expectation of every note whose moment happened (index:
** lpl_find_moments). Returns how many failed, or -1 when out of memory. */
long lpapp_lesson_check(const lpui_model *m, const lpl_lesson *lesson, const size_t *index,
                        lpapp_expect_report report, void *user);

#endif
