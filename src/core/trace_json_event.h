/* trace_json_event.h - looplab core: the trace export's events, decided and
** then written (internal to trace_json.c and trace_json_render.c).
**
** The exporter reads the records once and decides each JSON event as a small
** fixed-size lp__tj_event: which kind, its track, its times and the few
** numbers and string ids its name and args are made of (a task's label is
** kept as the task's name and coroutine ids at that moment). Only once the
** events are sorted is each one rendered as text, straight into the output
** block: the text of a whole trace (about 140 bytes an event) never sits in
** memory at once. Rendering allocates nothing: the strings are escaped
** beforehand (lp__tj_strings_prepare) and an event is at most
** LP__TJ_EVENT_STRINGS of them plus LP__TJ_EVENT_SLACK bytes.
*/
#ifndef LP_TRACE_JSON_EVENT_H
#define LP_TRACE_JSON_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/json_buf.h"
#include "core/trace.h"

enum { LP__TJ_PID_LOOP = 1, LP__TJ_PID_THREADS = 2 };
#define LP__TJ_NAME_MAX 60 /* bytes of an output line or a thread name shown in a name */
#define LP__TJ_EVENT_STRINGS 3     /* whole strings in one event, at most */
#define LP__TJ_EVENT_SLACK 2048    /* and the bytes of the rest, at most */

/* What an event is; the comment says which fields it uses. */
typedef enum lp__tj_kind {
    LP__TJ_TIMER_FIRES, /* i: n[0] timer serial; flag: deadline known, x deadline (s), y late (ns) */
    LP__TJ_BLOCKED,     /* X: x until (s); flag: BLOCK_AT known, then flag2 cpu work,
                        ** n[0..1] at file:line, label the task */
    LP__TJ_LOOP_STEP,   /* X on the loop track: label the task */
    LP__TJ_MARK,        /* i global: n[0] the label's sid */
    LP__TJ_READY,       /* X */
    LP__TJ_STEP,        /* X: n[0] handle (0 none), n[1..2] stopped at file:line;
                        ** flag: created by `label` */
    LP__TJ_WAITING,     /* X: flag: on n[0] (a sid), small its lp_wait_kind; n[1..2] at */
    LP__TJ_DONE,        /* i: small the outcome */
    LP__TJ_CANCEL,      /* i: label the task that asked */
    LP__TJ_TIMEOUT,     /* i */
    LP__TJ_OUTPUT,      /* i: n[0] the line's sid, small the stream */
    LP__TJ_JOB_WAIT,    /* X: small lp__tj_job_wait; x work (s) when computing, n[0] the
                        ** call's sid; flag: sleeping, x2 until (s) */
    LP__TJ_JOB,         /* X: n[0] thread name sid (0: "job N"), n[1] job, n[2] pool,
                        ** n[3] lane; flag: submitted at y (ns) */
    LP__TJ_LOOP_RUN     /* i global: n[0] loop, n[1] thread (0: the main thread) */
} lp__tj_kind;

/* LP__TJ_JOB_WAIT: what the job's thread did. */
typedef enum lp__tj_job_wait {
    LP__TJ_COMPUTING,
    LP__TJ_WAITING_IN, /* waiting in a call (n[0]) */
    LP__TJ_SLEEPING,
    LP__TJ_PARKED
} lp__tj_job_wait;

/* A task as its label read when the event was decided: "Task-1 main()",
** or "task 1" while its name is unknown (name_sid 0), "no task" for 0. */
typedef struct lp__tj_label {
    uint32_t number;
    uint32_t name_sid, coro_sid;
} lp__tj_label;

typedef struct lp__tj_event {
    int64_t ts, dur; /* ns; dur for X only */
    uint64_t tid;
    double x;
    union {
        double x2;
        int64_t y;
    } u;
    uint32_t n[4];
    lp__tj_label label;
    uint8_t kind; /* lp__tj_kind */
    uint8_t small;
    bool flag, flag2;
    bool unfinished; /* X: the trace ended inside it */
} lp__tj_event;

/* What rendering reads: the trace's strings, each escaped once. */
typedef struct lp__tj_strings {
    const lp_strtab *strings; /* borrowed */
    lp_allocator alloc;
    lp_jbuf escaped;           /* every string escaped, back to back */
    struct lp__tj_span *spans; /* by sid; owned */
    size_t count;              /* strings escaped */
} lp__tj_strings;

void lp__tj_strings_init(lp__tj_strings *s, const lp_strtab *strings, lp_allocator alloc);
void lp__tj_strings_free(lp__tj_strings *s);

/* Escapes every string of the table, once, so that rendering allocates
** nothing; the longest escaped string's length goes to *longest. Returns
** LP_OK or LP_E_NOMEM. */
int lp__tj_strings_prepare(lp__tj_strings *s, size_t *longest);

/* Appends string `sid` escaped (no quotes): at most `max` bytes of it, cut
** at a character boundary and followed by "..." when longer (max 0: all);
** "?" for an unknown id. */
void lp__tj_put_sid(lp__tj_strings *s, lp_jbuf *out, uint32_t sid, size_t max);

/* Whether string `sid` is empty or unknown. */
bool lp__tj_sid_is_empty(const lp__tj_strings *s, uint32_t sid);

/* Appends a task's label (escaped, no quotes). */
void lp__tj_put_label(lp__tj_strings *s, lp_jbuf *out, const lp__tj_label *label);

/* Virtual seconds to whole nanoseconds; non-finite times give `fallback`. */
int64_t lp__tj_ns(double seconds, int64_t fallback);

/* Appends the event's JSON object, from "{" to "}" (no separator). */
void lp__tj_render(lp__tj_strings *s, lp_jbuf *out, const lp__tj_event *e);

#endif
