/* moments.h - looplab lessons: where in a run each narration block belongs.
**
** After a lesson has run, the window has its trace (core/trace.h). For each
** note of the lesson, lpl_find_moments finds the index of the record at which
** its moment happens:
**   start    record 0                 end      the last record
**   line     TASK_SUSPEND (a task stops at an await on that line) or
**            BLOCK_AT (the loop thread blocks there), in the lesson's file
**   time T   the first record at virtual time >= T
**   timer T  TIMER_DUE of a timer whose deadline (its CALL_AT) is T
**   print    OUTPUT of a line starting with the text (stdout or stderr)
**   done N   TASK_DONE of the task named N      cancel N  TASK_CANCEL of it
**            (N: the task's name in its TASK_NEW, or its coroutine function's
**            name: "tick" for a task running tick())
**   timeout  TIMEOUT                             block     BLOCK_BEGIN
** counting the note's #N-th such record. How to use the index: narration
** appears once the replay has applied record `index`; a checkpoint (ask)
** pauses the replay just before applying it, so the learner predicts what
** that record will show.
*/
#ifndef LPL_MOMENTS_H
#define LPL_MOMENTS_H

#include <stddef.h>

#include "core/trace.h"
#include "lesson/lesson.h"

/* A moment that never happened in this run. */
#define LPL_NEVER ((size_t)-1)

/* Fills index[i] (an array of lesson->nnotes, owned by the caller) for each
** note: the record index of its moment, or LPL_NEVER. `run_file` is the path
** the lesson was run as (the trace names files that way); a line moment
** matches a record whose file is run_file or has the same base name. NULL
** matches any file. Returns LP_OK, or LP_E_NOMEM (index then all LPL_NEVER).
** Scratch memory comes from the lesson's allocator and is freed on return. */
int lpl_find_moments(const lpl_lesson *lesson, const lp_trace *trace, const char *run_file,
                     size_t *index);

/* Given the index array of lpl_find_moments, with the first `applied`
** records replayed: the note to show, the one whose record came last (on a
** tie, the later in the source), or -1 when none has come yet (show the
** intro). An ask counts once its record is replayed, that is, once answered. */
long lpl_note_shown(const lpl_lesson *lesson, const size_t *index, size_t applied);

/* Playback is about to replay records [from, to): the first checkpoint (an
** ask) whose record lies among them, or -1. The window then replays only up
** to record index[note] (not including it), asks, and goes on when answered. */
long lpl_next_checkpoint(const lpl_lesson *lesson, const size_t *index, size_t from, size_t to);

#endif
