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

#include "insight/insight.h"
#include "lesson/expect.h"
#include "lesson/lesson.h"
#include "ui/model.h"

/* A view and the storage it points into. */
typedef struct lpapp_view {
    lpl_view       v;
    char         (*labels)[64];  /* task labels, then ready card labels; owned */
    const char   **ready;        /* owned */
    lpl_view_task *tasks;        /* owned */
    lpl_view_finding *findings;  /* owned */
    char           running[64];
} lpapp_view;

/* Builds in *out what the window shows once `applied` records are replayed
** (clamped to the records that replay). Returns LP_OK or LP_E_NOMEM;
** free with lpapp_view_free either way. */
int lpapp_view_at(lpapp_view *out, const lpui_model *m, size_t applied);
void lpapp_view_free(lpapp_view *v);

/* The run's insights, read from its trace and the program's lines on disk
** as `looplab run --insights` and the window read them. Returns LP_OK or
** LP_E_NOMEM; free *out with lpin_report_free either way. */
int lpapp_lesson_insights(const lpui_model *m, lpin_report *out);

/* Whether finding f has happened once `applied` records are replayed: its
** first record is among them and the clock has reached the end of its span
** (a finding is told whole, so not before its cost is known). */
bool lpapp_finding_happened(const lpui_model *m, const lpin_finding *f, size_t applied);

/* Adds to the view (after lpapp_view_at) the findings of r that have
** happened once `applied` records are replayed. Returns LP_OK or LP_E_NOMEM. */
int lpapp_view_findings(lpapp_view *out, const lpui_model *m, const lpin_report *r, size_t applied);

/* The finding a note shows ("#: finding KIND"; index: its moment): the
** latest of that kind that has happened where the window shows the note,
** as an index into r->findings, or -1 (none, or the note names none). */
long lpapp_note_finding(const lpui_model *m, const lpin_report *r, const lpl_note *note, size_t index);

/* Called for each expectation that does not hold: `shows` says what the
** window shows instead. */
typedef void (*lpapp_expect_report)(void *user, const lpl_note *note, const lpl_expect *e,
                                    const char *shows);

/* Checks every expectation of every note whose moment happened (index:
** lpl_find_moments); "expect finding" against the run's insights. Returns
** how many failed, or -1 when out of memory. */
long lpapp_lesson_check(const lpui_model *m, const lpl_lesson *lesson, const size_t *index,
                        lpapp_expect_report report, void *user);

#endif
