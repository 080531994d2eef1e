/*
** lessonview.h: a lesson's narration in the window (src/lesson drives ui).
**
** When the program on screen is a lesson (its file has "#:" narration), the
** narration panel shows its title and intro, then each note once the replay
** has reached its moment; playing stops just after each narration (a
** "say", so it can be read; Space plays on) and just before each question
** (an "ask"), the keys 1-9 answer it, and the explanation follows.
**
** A note with "#: finding KIND" also shows the run's insight of that kind
** (src/insight), in the INSIGHTS panel's own words, once it has happened
** and, for a question, once it is answered: its span is lit on the timeline
** and its first task highlighted, as a jump from the panel does.
*/
#ifndef LOOPLAB_APP_LESSONVIEW_H
#define LOOPLAB_APP_LESSONVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "ui/ui.h"

typedef struct lpapp_lesson {
    bool        active;     /* the file on screen is a lesson */
    lpl_lesson  lesson;     /* owned */
    size_t     *index;      /* record of each note's moment; owned */
    size_t     *answered;   /* per note: the choice taken + 1, 0 = not yet; owned */
    long        asking;     /* the question at the cursor (asked or just answered), -1 = none */
    size_t      lit;        /* the finding the lesson lit (1-based, as view.insight_sel), 0 = none */
    char        subtitle[128];
} lpapp_lesson;

void lpapp_lesson_init(lpapp_lesson *l);
void lpapp_lesson_free(lpapp_lesson *l);

/* Loads the narration of the run now on screen (nothing if the file has
** none); number/count: its place in the course, 0 = not one of it. An
** "#: expect" line that does not hold at its note's moment is reported on
** stderr, for the lesson's author (app/lessoncheck.h). */
void lpapp_lesson_load(lpapp_lesson *l, const lpui_model *m, size_t number, size_t count);

/* Before a tick: the events applied so far. After it: stops at a question
** the playing went past, and sets the narration for the cursor. */
void lpapp_lesson_after_tick(lpapp_lesson *l, lpui_ctx *ui, size_t applied_before);

/* An answer key (1-9). Returns whether the lesson took it. */
bool lpapp_lesson_answer(lpapp_lesson *l, lpui_ctx *ui, size_t choice);

#endif
