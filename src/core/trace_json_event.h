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
** beforehand (lp__tj_renderer_prepare) and an event is at most
** LP__TJ_EVENT_STRINGS of them plus LP__TJ_EVENT_SLACK bytes.
*/
#ifndef LP_TRACE_JSON_EVENT_H
#define LP_TRACE_JSON_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/json_buf.h"
#include "core/trace.h"

enum { LP__TJ_PID_LOOP = 1, LP__TJ_PID_THREADS = 2, LP__TJ_TID_TASK_BASE = 1000 };
#define LP__TJ_NAME_MAX      60   /* bytes of an output line or a thread name shown in a name */
#define LP__TJ_EVENT_STRINGS 3    /* whole strings in one event, at most */
#define LP__TJ_EVENT_SLACK   2048 /* and the bytes of the rest, at most */

/* What an event is: "X" slices and "i" instants, on the loop's track, a
** task's track or a lane's track (lp__tj_event.track says which), in this
** order: the loop's kinds, then the tasks', then the lanes'. */
typedef enum lp__tj_kind {
    LP__TJ_TIMER_FIRES, /* i, loop: .timer */
    LP__TJ_BLOCKED,     /* X, loop: .blocked */
    LP__TJ_LOOP_STEP,   /* X, loop: .task (whose step it is) */
    LP__TJ_MARK,        /* i global, loop: .sid (its label) */
    LP__TJ_LOOP_RUN,    /* i global, loop: .loop_run */
    LP__TJ_READY,       /* X, task */
    LP__TJ_STEP,        /* X, task: .step */
    LP__TJ_WAITING,     /* X, task: .waiting */
    LP__TJ_DONE,        /* i, task: .small = the lp_task_outcome */
    LP__TJ_CANCEL,      /* i, task: .task (who asked) */
    LP__TJ_TIMEOUT,     /* i, task */
    LP__TJ_OUTPUT,      /* i, task or loop (track 0): .sid (the line), .small = the stream */
    LP__TJ_JOB_WAIT,    /* X, lane: .job_wait */
    LP__TJ_JOB          /* X, lane: .job */
} lp__tj_kind;

/* LP__TJ_JOB_WAIT: what the job's thread did. */
typedef enum lp__tj_job_wait {
    LP__TJ_COMPUTING,
    LP__TJ_WAITING_IN, /* waiting in a call */
    LP__TJ_SLEEPING,
    LP__TJ_PARKED
} lp__tj_job_wait;

/* A task as its label read when the event was decided: "Task-1 main()",
** or "task 1" while its name is unknown (name_sid 0), "no task" for 0. */
typedef struct lp__tj_label {
    uint32_t number;
    uint32_t name_sid, coro_sid;
} lp__tj_label;

/* A place in the program, file:line; nothing when both are 0. */
typedef struct lp__tj_place {
    uint32_t file_sid, line;
} lp__tj_place;

typedef struct lp__tj_event {
    int64_t ts;      /* ns */
    int64_t dur;     /* ns, slices only */
    uint32_t track;  /* loop kinds: 0; task kinds: the task's number (0: the loop's
                    ** track); lane kinds: the lane's track index */
    uint8_t kind;    /* lp__tj_kind */
    uint8_t small;   /* see the kind */
    bool unfinished; /* a slice the trace ended inside */
    union {
        uint32_t sid;
        lp__tj_label task;
        struct {
            uint32_t serial;
            bool known; /* the timer's deadline */
            double deadline;
            int64_t late_ns;
        } timer;
        struct {
            double until;
            bool known; /* the BLOCK_AT that says where and why */
            bool cpu;   /* CPU work, not a blocking call */
            lp__tj_place at;
            lp__tj_label task;
        } blocked;
        struct {
            uint32_t loop, thread;
        } loop_run;
        struct {
            uint32_t handle; /* 0: none */
            lp__tj_place stopped_at;
            bool first; /* the task's first step: created by `parent` */
            lp__tj_label parent;
        } step;
        struct {
            bool known;   /* a TASK_WAIT said on what */
            uint8_t kind; /* lp_wait_kind */
            uint32_t on_sid;
            lp__tj_place at;
        } waiting;
        struct {
            uint8_t what; /* lp__tj_job_wait */
            bool sleeps;  /* a sleep: until */
            uint32_t call_sid;
            double work, until;
        } job_wait;
        struct {
            uint32_t name_sid; /* the thread's name; 0: "job N" */
            uint32_t serial, pool, lane;
            bool submitted;
            int64_t submitted_ns;
        } job;
    } u;
} lp__tj_event;

/* A fanout of 10,000 tasks makes a million events: keep them small. */
_Static_assert(sizeof(lp__tj_event) <= 56, "an event fits in 56 bytes");

/* What rendering reads and remembers: the trace's strings, each escaped
** once, and the text of the last timestamp (sorted events share many). */
typedef struct lp__tj_renderer {
    const lp_strtab *strings; /* borrowed */
    lp_allocator alloc;
    lp_jbuf escaped;           /* every string escaped, back to back */
    struct lp__tj_span *spans; /* by sid; owned */
    size_t count;              /* strings escaped */
    int64_t last_ts;           /* ts_text is its text, when ts_len > 0 */
    char ts_text[LP_JBUF_NUMBER_MAX];
    size_t ts_len;
} lp__tj_renderer;

void lp__tj_renderer_init(lp__tj_renderer *s, const lp_strtab *strings, lp_allocator alloc);
void lp__tj_renderer_free(lp__tj_renderer *s);

/* Escapes every string of the table, once, so that rendering allocates
** nothing; the longest escaped string's length goes to *longest. Returns
** LP_OK or LP_E_NOMEM. */
int lp__tj_renderer_prepare(lp__tj_renderer *s, size_t *longest);

/* Appends string `sid` escaped (no quotes): at most `max` bytes of it, cut
** at a character boundary and followed by "..." when longer (max 0: all);
** "?" for an unknown id. */
void lp__tj_put_sid(lp__tj_renderer *s, lp_jbuf *out, uint32_t sid, size_t max);

/* Appends a task's label (escaped, no quotes). */
void lp__tj_put_label(lp__tj_renderer *s, lp_jbuf *out, const lp__tj_label *label);

/* Virtual seconds to whole nanoseconds; non-finite times give `fallback`. */
int64_t lp__tj_ns(double seconds, int64_t fallback);

/* Appends the event's JSON object, from "{" to "}" (no separator). */
void lp__tj_render(lp__tj_renderer *s, lp_jbuf *out, const lp__tj_event *e);

#endif
