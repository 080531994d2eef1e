/* lesson.h - looplab lessons: a lesson's narration, parsed from its source.
**
** A lesson is an ordinary Python file whose narration lives in structured
** comments, lines starting with "#:" (README: "Writing your own scenario").
** A block starts with a header line ("#: keyword ...") and goes on with the
** "#:" lines below it that are indented by two or more spaces (or empty):
**
**   #: title TEXT                  the lesson's title (one, required)
**   #: intro                       the introduction (one, required)
**   #: say at MOMENT               narration shown when MOMENT happens
**   #: ask at MOMENT               a checkpoint: the window pauses just before
**   #:   question text              MOMENT, asks, takes the answer, explains
**   #:   [ ] a choice               2 to 9 choices,
**   #:   [x] the right choice       exactly one marked [x]
**   #:   why: the explanation       required
**   #: expect WHAT                 right below a say or ask block (one line
**                                  each, any number): what the window must
**                                  show when the note is on screen (expect.h)
**   #: finding KIND                right below a say or ask block (or its
**                                  expects), at most one: the note also shows
**                                  the run's insight of that kind ("blocked_loop",
**                                  src/insight) that has happened by its moment;
**                                  it implies "#: expect finding KIND"
**   #: teaches TERM, TERM          the glossary: terms this lesson explains,
**   #: uses TERM, TERM             and terms it uses (taught by an earlier one)
**
** MOMENT is one of: start, end, line (the next code line below the block),
** time T, timer T (the timer due at T fires), print "TEXT" (a line of output
** starting with TEXT), done NAME, cancel NAME (a task, by its name or its
** coroutine function's name), timeout,
** block (the loop thread blocks); each may end with #N, the Nth time.
**
** Ownership: lpl_parse fills an lpl_lesson that owns every string and array
** in it, all allocated through the given lp_allocator; lpl_lesson_free
** releases them. Nothing points into the source text.
*/
#ifndef LPL_LESSON_H
#define LPL_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "core/alloc.h"

/* The moments a narration block can be anchored to. */
typedef enum lpl_moment_kind {
    LPL_AT_START = 0, /* the first record of the run */
    LPL_AT_END,       /* the last record of the run */
    LPL_AT_LINE,      /* a task stops at `line` (await) or the loop blocks there */
    LPL_AT_TIME,      /* the virtual clock reaches `time` */
    LPL_AT_TIMER,     /* a timer fires (moves to ready); `time` >= 0: the one due then */
    LPL_AT_PRINT,     /* a line of output starting with `text` */
    LPL_AT_DONE,      /* the task named `text` finishes */
    LPL_AT_CANCEL,    /* the task named `text` is cancelled */
    LPL_AT_TIMEOUT,   /* a timeout (wait_for, asyncio.timeout) expires */
    LPL_AT_BLOCK      /* the loop thread blocks (time.sleep, CPU work) */
} lpl_moment_kind;

typedef struct lpl_moment {
    lpl_moment_kind kind;
    unsigned nth;   /* which occurrence counts, 1 = the first */
    int      line;  /* LPL_AT_LINE: the 1-based source line */
    double   time;  /* LPL_AT_TIME, LPL_AT_TIMER (-1: any timer) */
    char    *text;  /* LPL_AT_PRINT, DONE, CANCEL: the text or task name; owned */
} lpl_moment;

/* What an expectation checks, at the moment its note is on screen:
**   timers N            TIMERS lists N timers
**   ready A, B | none   the ready queue's cards, in order (task labels as the
**                       window shows them; "callback" for a plain callback)
**   running A | none    the RUNNING card
**   waiting A, B | none the tasks in WAITING, in any order
**   frozen              the loop thread is blocked (LOOP FROZEN)
**   output "TEXT"|none  the last line printed so far contains TEXT
**   time T              the clock reads T seconds
**   task A STATE        every task labelled A is in STATE (new, ready,
**                       running, waiting, blocked, done, failed, cancelled)
**   workers N           N worker threads or processes are at work (running,
**                       sleeping or computing, not idle)
**   finding KIND [line N]  the run's insights hold a finding of KIND (its id,
**                       "blocked_loop") that has happened by then, at line
**                       N of the lesson's own file when a line is given
** Any of them may start with "not". */
typedef enum lpl_expect_kind {
    LPL_EXPECT_TIMERS = 0,
    LPL_EXPECT_READY,
    LPL_EXPECT_RUNNING,
    LPL_EXPECT_WAITING,
    LPL_EXPECT_FROZEN,
    LPL_EXPECT_OUTPUT,
    LPL_EXPECT_TIME,
    LPL_EXPECT_TASK,
    LPL_EXPECT_WORKERS,
    LPL_EXPECT_FINDING
} lpl_expect_kind;

typedef struct lpl_expect {
    lpl_expect_kind kind;
    bool     negate;      /* "expect not ..." */
    int      source_line;
    double   number;      /* TIMERS, TIME, WORKERS; FINDING: its line, 0 = any */
    char   **names;       /* READY, RUNNING, WAITING (none: 0 names), TASK, FINDING (1); owned */
    size_t   nnames;
    char    *text;        /* OUTPUT (NULL: none), TASK: the state; owned */
} lpl_expect;

typedef enum lpl_note_kind { LPL_SAY = 0, LPL_ASK } lpl_note_kind;

#define LPL_MAX_CHOICES 9 /* answered with the keys 1-9 */

/* One anchored block of narration. Text is plain: the lines of a paragraph
** joined by spaces, paragraphs (split by an empty "#:" line) by '\n'. */
typedef struct lpl_note {
    lpl_note_kind kind;
    int         source_line;  /* the block's first line, for messages */
    lpl_moment  at;
    char       *text;         /* the narration, or the question; owned */
    char      **choices;      /* LPL_ASK: nchoices strings; owned */
    size_t      nchoices;
    size_t      answer;       /* LPL_ASK: index of the [x] choice */
    char       *why;          /* LPL_ASK: the explanation; owned */
    lpl_expect *expects;      /* what the window shows at the note; owned */
    size_t      nexpects;
    char       *finding;      /* "#: finding KIND": the insight shown with the note, NULL =
                              ** none; owned */
} lpl_note;

/* A glossary entry: a term the lesson explains, or one it relies on. */
typedef struct lpl_term {
    char *word;     /* owned */
    int   line;
    bool  teaches;  /* "teaches" (else "uses") */
} lpl_term;

typedef struct lpl_lesson {
    char        *title;   /* owned */
    char        *intro;   /* owned */
    lpl_note    *notes;   /* in source order; owned */
    size_t       nnotes;
    lpl_term    *terms;   /* in source order; owned */
    size_t       nterms;
    lp_allocator alloc;   /* what allocated all of the above */
} lpl_lesson;

/* A parse error: "FILE:LINE: what is wrong". */
typedef struct lpl_error {
    int  line;          /* 1-based; 0 when not about a line (out of memory) */
    char message[512];  /* the full message, with file and line */
} lpl_error;

/* Parses the narration of `len` bytes of Python source. `file` is only used
** in error messages. The allocator may be NULL (the C library's). Returns
** LP_OK and fills *out, or LP_E_INVAL (malformed narration) or LP_E_NOMEM,
** with *err filled (if err is not NULL) and *out left empty. */
int lpl_parse(lpl_lesson *out, const char *file, const char *text, size_t len,
              const lp_allocator *alloc, lpl_error *err);

/* lpl_parse on the contents of the file at `path`. An unreadable file is
** LP_E_INVAL with the reason (strerror) in *err. */
int lpl_load(lpl_lesson *out, const char *path, const lp_allocator *alloc, lpl_error *err);

/* Frees everything the lesson owns and empties it. Safe on an empty lesson. */
void lpl_lesson_free(lpl_lesson *lesson);

/* "start", "line", "print"... for messages and tools. */
const char *lpl_moment_kind_name(lpl_moment_kind kind);

#endif
