/* interp.h - looplab core: what a trace record means, read in one place.
**
** A record is compact (trace.h): its subject, `small` and `arg` mean
** different things for each kind, and some pack two numbers in one field
** (a file and a line, a task's name and coroutine). Everything that reads
** the trace (the state, the window's model, the JSON export, the lessons)
** reads it through lp_interp_read_all, which turns a record into typed
** transitions (one, or two for a RUN that starts a task's step): who it is about (handle, task, job, thread) and what happened,
** with every field unpacked and named. Nothing else unpacks a record. A
** number too large for its 32-bit field (a corrupt record) reads as 0.
*/
#ifndef LP_INTERP_H
#define LP_INTERP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/trace.h"

/* What happened. One per record kind; the comment says which fields it sets. */
typedef enum lp_transition_kind {
    LP_TR_NONE = 0,          /* a record kind this version does not know */
    /* handles (callbacks and timers) on the loop */
    LP_TR_HANDLE_QUEUED,     /* handle entered the ready queue (call_soon); `call`: what it calls */
    LP_TR_TIMER_SET,         /* handle set as a timer for `when` (call_at): pushed on the heap;
                             ** `call`: what it calls */
    LP_TR_HANDLE_CANCELLED,  /* handle cancelled, in the ready queue or the heap */
    LP_TR_TIMER_DUE,         /* timer handle popped from the heap into the ready queue */
    LP_TR_HANDLE_RUN,        /* handle taken from the ready queue and run */
    LP_TR_HANDLE_CALLS,      /* handle will call `sid` ("ring('first')"), set at file:line
                             ** (asyncio's known calls are told by `call` instead) */
    LP_TR_HANDLE_SKIPPED,    /* cancelled handle taken from the ready queue, not run */
    LP_TR_TIMER_PURGED,      /* cancelled timer handle popped from the heap's top */
    LP_TR_TIMERS_REBUILT,    /* heap rebuilt without its cancelled timers; count = kept */
    /* the loop's iteration */
    LP_TR_ITERATION,         /* the ready queue's run starts; count = ntodo */
    LP_TR_POLL,              /* the loop polls until `when` (inf: no timer) */
    LP_TR_CLOCK,             /* the clock moved from `when` to the record's time */
    LP_TR_MARK,              /* a labelled moment; sid = its label */
    /* thread pools and their jobs */
    LP_TR_POOL_MADE,         /* pool made with `count` lanes */
    LP_TR_JOB_SUBMITTED,     /* job submitted to `pool` */
    LP_TR_JOB_STARTED,       /* job took `lane` of `pool` */
    LP_TR_JOB_RUNS,          /* job's code runs (its start or a wake-up), on `lane` of `pool` */
    LP_TR_JOB_SLEEPS,        /* job waits until `when` */
    LP_TR_JOB_PARKED,        /* job waits for another thread's wake-up */
    LP_TR_JOB_ENDED,         /* job finished; its lane is free */
    /* the loop thread blocked */
    LP_TR_BLOCK_BEGIN,       /* the loop thread blocks until `when` */
    LP_TR_BLOCK_END,         /* the loop thread is free again */
    LP_TR_BLOCK_AT,          /* task's blocking call is at file:line; cpu: it is CPU work */
    /* tasks (recorded by src/py) */
    LP_TR_TASK_MADE,         /* task made, named `sid`, running coroutine `coro_sid` */
    LP_TR_TASK_PARENT,       /* task was made by task `other` (0: outside any task) */
    LP_TR_TASK_STEPPED,      /* a step of task starts, run by handle */
    LP_TR_TASK_AT,           /* task stopped at file:line (its await) */
    LP_TR_TASK_WAITS,        /* task suspended, waiting on `wait` (lp_wait_kind), described by sid */
    LP_TR_TASK_DONE,         /* task finished: `outcome` (lp_task_outcome); count = its
                             ** cancel() requests not taken back (task.cancelling()) */
    LP_TR_TASK_CANCEL,       /* cancel() of task accepted, asked by task `other` (0: none) */
    LP_TR_TASK_TIMEOUT,      /* a timeout of task expired; `wait`: its lp_timeout_kind */
    LP_TR_TASK_RENAMED,      /* task renamed `sid` */
    LP_TR_OUTPUT,            /* task (0: none) wrote line sid to `stream` (1 stdout, 2 stderr) */
    LP_TR_TASK_DROPPED,      /* the program threw task away as it made it; file:line: where */
    LP_TR_TASK_UNRETRIEVED,  /* at exit, task's exception was never retrieved: raised at
                             ** file:line (flag false), or its repr `sid` (flag true) */
    /* threads: thread = the job serial of its lane, 0 = the loop (main) thread */
    LP_TR_THREAD_NAMED,      /* thread named `sid`, of `thread_kind` */
    LP_TR_THREAD_WAITS,      /* thread waits in call `sid`, on `wait` */
    LP_TR_THREAD_AT,         /* the waiting thread is at file:line */
    LP_TR_THREAD_WOKEN,      /* thread woken by thread `other` */
    LP_TR_THREAD_RESUMED,    /* thread's wait ended: woken (true) or timed out */
    LP_TR_CPU_WORK,          /* thread starts `when` seconds of CPU work, in process `pool` */
    LP_TR_CPU_RATE,          /* thread computes at `when` of a CPU (0: done), in process `pool` */
    LP_TR_WORK_TAKEN,        /* thread took a job that waited `when` s for a worker of a pool of `count` */
    /* threading locks the program made: lock = its id (1..32767) */
    LP_TR_LOCK_MADE,         /* lock made at file:line (flag: an RLock) */
    LP_TR_LOCK_WAITS,        /* thread waits for lock at file:line (flag: with a timeout) */
    LP_TR_LOCK_TAKEN,        /* thread took lock at file:line (flag: a try, that could not wait) */
    LP_TR_LOCK_RELEASED,     /* thread released lock */
    /* loops */
    LP_TR_LOOP_RUNS,         /* loop `loop` iterates in thread `thread` (from its first iteration there) */
    LP_TR__COUNT
} lp_transition_kind;

typedef struct lp_transition {
    uint8_t  kind;       /* lp_transition_kind */
    uint8_t  loop;       /* the loop it belongs to (0, 1, 2... as made; the record's flags):
                         ** meaningful for handles, iterations and tasks; 0 elsewhere */
    double   time;       /* the virtual clock when it happened */
    uint32_t handle;     /* handle serial, 0 = none */
    uint32_t task;       /* task number, 0 = none */
    uint32_t job;        /* job serial, 0 = none */
    uint32_t thread;     /* thread (its job serial; 0 = the loop thread), THREAD_* and CPU_* */
    uint32_t other;      /* the other task or thread it names (parent, canceller, waker) */
    uint32_t sid;        /* the string it names: label, name, description, output line */
    uint32_t coro_sid;   /* TASK_MADE: the coroutine */
    uint32_t file_sid;   /* TASK_AT, BLOCK_AT, THREAD_AT: where */
    uint32_t line;
    uint16_t pool;       /* pool number (CPU_*: the process) */
    uint8_t  wait;       /* lp_wait_kind */
    uint8_t  outcome;    /* lp_task_outcome */
    uint8_t  stream;     /* OUTPUT: 1 stdout, 2 stderr */
    uint8_t  thread_kind;/* lp_thread_kind */
    bool     flag;       /* BLOCK_AT: CPU work; THREAD_RESUMED: woken (not timed out); LOCK_*: see the kind */
    uint8_t  call;       /* HANDLE_QUEUED, TIMER_SET: lp_known_call (0: other) */
    uint64_t count;      /* kept timers, ntodo, lanes; JOB_STARTED/RUNS: the lane as recorded */
    uint32_t lane;       /* JOB_STARTED, JOB_RUNS (check count <= UINT32_MAX) */
    uint32_t lock;       /* LOCK_*: the lock's id */
    double   when;       /* a deadline, a time, a duration or a rate (see the kind) */
} lp_transition;

/* Most transitions one record gives: a RUN that names its task's step
** gives HANDLE_RUN then TASK_STEPPED (trace.h: one record less per step). */
#define LP_INTERP_MAX 2

/* Reads one record as the transitions it gives, in order, into out[0..];
** returns how many (1 or 2). Both belong to the same record (the same
** index, "event N"): a reader handles them in order. Returns 0 (and out[0]
** of kind LP_TR_NONE) for a kind this version does not know; the record is
** then skipped by every reader. */
unsigned lp_interp_read_all(const lp_event *ev, lp_transition out[LP_INTERP_MAX]);

/* Reads a record's first transition only: for records known to give one
** (looking up the CALL_AT that set a timer), and tests. Returns false (and
** kind LP_TR_NONE) for a kind this version does not know. */
bool lp_interp_read(const lp_event *ev, lp_transition *out);

/* Walks a trace's transitions in order, with the index of the record each
** comes from; records of kinds this version does not know are skipped:
**   lp_interp_walk w;
**   lp_interp_walk_init(&w, trace);
**   size_t i;
**   for (const lp_transition *t; (t = lp_interp_walk_next(&w, &i));) ... */
typedef struct lp_interp_walk {
    const lp_trace *trace; /* borrowed */
    size_t   record;       /* the record read last + 1 */
    unsigned given, count; /* of that record's transitions: given so far, in all */
    lp_transition t[LP_INTERP_MAX];
} lp_interp_walk;

void lp_interp_walk_init(lp_interp_walk *w, const lp_trace *trace);

/* The next transition (borrowed: valid until the next call), its record's
** index in *index; NULL at the end of the trace. */
const lp_transition *lp_interp_walk_next(lp_interp_walk *w, size_t *index);

/* The task whose step a record starts: a TASK_STEP's, or the task a RUN
** names; 0 if none. For readers of raw records (the window's narration). */
uint32_t lp_interp_step_task(const lp_event *ev);

/* After this transition no task step runs on the loop thread any more
** (the step suspended or finished, or the loop moved on). */
bool lp_interp_step_ends(const lp_transition *t);

/* A short name for a transition kind ("timer_set"), "?" if unknown. */
const char *lp_interp_kind_name(unsigned kind);

#endif
