/* trace.h - looplab core: the append-only log of scheduling events.
**
** The trace is the seam between the engine and everything that shows it:
** the engine appends fixed-size records as it schedules, the window, the
** Chrome-trace exporter and the tests only read them. Records are 24 bytes
** and stored in fixed chunks, so appending never moves old records and any
** record is found by index in O(1). Text lives in an interned string table.
**
** What the fields mean depends on the kind; the X-macro below documents it.
** "serial" is a handle's or job's trace number: handles (callbacks and timers)
** and jobs are numbered 1, 2, 3... in creation order, each in its own series.
** A program may run several event loops (one per thread, or one after the
** other): a record of a loop (its handles, iterations, tasks) carries the
** loop's number in `flags`, and LOOP_RUN says which thread runs it.
*/
#ifndef LP_TRACE_H
#define LP_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/strtab.h"

/* XX(NAME, json_name, meaning of subject / small / arg) */
#define LP_TRACE_EVENTS(XX)                                                        \
    XX(CALL_SOON, "call_soon", "handle serial entered the ready queue; small = lp_known_call") \
    XX(CALL_AT, "call_at", "handle serial set as a timer; arg.when = deadline; small = lp_known_call") \
    XX(CANCEL, "cancel", "handle serial cancelled (ready or timer)")             \
    XX(TIMER_DUE, "timer_due", "timer serial moved from the heap to ready")     \
    XX(RUN, "run", "handle serial starts running (until the next RUN/ITER); arg.u64 = the task whose " \
       "step it runs (0: none), which then has no TASK_STEP: one record, two transitions (interp.h)") \
    XX(SKIP, "skip", "cancelled handle serial popped from ready, not run")       \
    XX(ITER, "iteration", "run_ready starts; arg.u64 = ntodo")                   \
    XX(POLL, "poll", "poll starts; arg.when = deadline (inf: none)")             \
    XX(CLOCK, "clock", "the clock moved to `time`; arg.when = previous time")    \
    XX(PURGE, "purge", "cancelled timer serial dropped from the heap top")       \
    XX(REBUILD, "rebuild", "heap rebuilt without cancelled timers; arg.u64 = kept") \
    XX(POOL_NEW, "pool_new", "pool `small` made with arg.u64 lanes")                \
    XX(JOB_SUBMIT, "job_submit", "job serial submitted to pool `small`")         \
    XX(JOB_START, "job_start", "job serial took lane arg.u64 of pool `small`")  \
    XX(JOB_WAKE, "job_wake", "job serial runs (start or wake-up)")               \
    XX(JOB_SLEEP, "job_sleep", "job serial's next wake-up is at arg.when")                \
    XX(JOB_PARK, "job_park", "job serial waits for another thread's wake-up")    \
    XX(JOB_END, "job_end", "job serial finished, its lane is free")              \
    XX(BLOCK_BEGIN, "block_begin", "loop thread blocked until arg.when")         \
    XX(BLOCK_END, "block_end", "loop thread free again")                         \
    XX(MARK, "mark", "a labelled moment; arg.u64 = string id")                     \
    /* ---- recorded by the Python layer (src/py): tasks, output, blocking ---- */ \
    XX(TASK_NEW, "task_new", "task made; arg.u64 = name sid | coro sid << 32")     \
    XX(TASK_PARENT, "task_parent", "task made by task arg.u64 (0: no task)")       \
    XX(TASK_STEP, "task_step", "task starts a step; arg.u64 = handle serial. Written only when the " \
       "RUN just before could not say it (its arg): old traces, a step outside a RUN") \
    XX(TASK_SUSPEND, "task_suspend", "task stopped at line arg.u64 & 0xffffffff of file sid arg.u64 >> 32") \
    XX(TASK_WAIT, "task_wait", "task waits on arg.u64 (sid of a description); small = lp_wait_kind") \
    XX(TASK_DONE, "task_done", "task finished; small = lp_task_outcome; arg.u64 = its cancelling() count") \
    XX(TASK_CANCEL, "task_cancel", "task cancelled by task arg.u64 (0: no task)") \
    XX(TIMEOUT, "timeout", "a timeout of task expired; small = lp_timeout_kind")   \
    XX(OUTPUT, "output", "task wrote line arg.u64 (sid); small = 1 stdout, 2 stderr") \
    XX(BLOCK_AT, "block_at", "the next block is at line/file as TASK_SUSPEND; small = 1 CPU work") \
    /* threads: subject = the thread's job serial, 0 = the loop (main) thread */ \
    XX(THREAD_NEW, "thread_new", "thread (job serial) is named arg.u64 (sid); small = lp_thread_kind") \
    XX(THREAD_WAIT, "thread_wait", "thread waits in call arg.u64 (sid, e.g. Queue.get()); small = lp_wait_kind") \
    XX(THREAD_AT, "thread_at", "the waiting thread's line, as TASK_SUSPEND's arg")        \
    XX(THREAD_WAKE, "thread_wake", "thread woken (released, notified) by thread arg.u64")  \
    XX(THREAD_RESUME, "thread_resume", "thread's wait ended; small = 1 woken, 0 timed out") \
    XX(CPU_WORK, "cpu_work", "thread starts arg.when seconds of CPU work (sim.cpu); small = its process") \
    XX(CPU_RATE, "cpu_rate", "thread computes at arg.when of a CPU from now (0: done); small = its process") \
    XX(TASK_NAME, "task_name", "task renamed to arg.u64 (sid): set_name, create_task(name=...)") \
    XX(WORK_TAKEN, "work_taken", "thread took a job that waited arg.when s for a free worker; small = the pool's size") \
    XX(TASK_DROPPED, "task_dropped", "the program threw the new task away (create_task's result unused); arg = where, as TASK_SUSPEND's") \
    XX(TASK_UNRETRIEVED, "task_unretrieved", "at exit, task ended with an exception nobody retrieved; small 0: arg = where it was raised, as TASK_SUSPEND's; small 1: arg = its repr (sid)") \
    XX(HANDLE_CALL, "handle_call", "handle serial will call arg.u64 & 0xffffffff (sid, \"ring('first')\"); " \
       "made at line `small` (0: unknown or > 65535) of file sid arg.u64 >> 32; the program's own callbacks only") \
    /* threading locks the program made (src/py/lock.c): lock ids 1..32767 */ \
    XX(LOCK_NEW, "lock_new", "lock (id) made at arg (line | file sid << 32); small = 1 an RLock") \
    XX(LOCK_WAIT, "lock_wait", "thread waits for lock small & 0x7fff at arg (as LOCK_NEW's); small & 0x8000: with a timeout") \
    XX(LOCK_ACQUIRED, "lock_acquired", "thread took lock small & 0x7fff at arg (as LOCK_NEW's); small & 0x8000: a try, not blocking") \
    XX(LOCK_RELEASED, "lock_released", "thread released lock `small` (handing it to a waiter or not)") \
    XX(LOOP_RUN, "loop_run", "loop `flags` iterates in thread subject (its job serial, 0: the main thread), " \
       "recorded at its first iteration there")

typedef enum lp_event_kind {
#define LP__EVENT_ENUM(name, json, doc) LP_EV_##name,
    LP_TRACE_EVENTS(LP__EVENT_ENUM)
#undef LP__EVENT_ENUM
    LP_EV__COUNT
} lp_event_kind;

/* What a task waits on (TASK_WAIT's small). */
typedef enum lp_wait_kind {
    LP_WAIT_FUTURE = 0, /* a plain future */
    LP_WAIT_SLEEP,      /* asyncio.sleep's timer */
    LP_WAIT_TASK,       /* another task */
    LP_WAIT_GATHER,
    LP_WAIT_QUEUE,
    LP_WAIT_LOCK,
    LP_WAIT_SEMAPHORE,
    LP_WAIT_EVENT,
    LP_WAIT_CONDITION,
    LP_WAIT_EXECUTOR,   /* a thread-pool job */
    LP_WAIT_BARRIER,    /* threads only, from here */
    LP_WAIT_JOIN,       /* a thread (or a pool's threads) to finish */
    LP_WAIT_IDLE,       /* a pool lane with no job */
} lp_wait_kind;

/* One of asyncio's own callbacks that a handle calls (CALL_SOON's and
** CALL_AT's small), so common that naming it in the scheduling record saves
** a HANDLE_CALL record for each: every asyncio.sleep has one. A handle whose
** call is known has no HANDLE_CALL; asyncio's other callbacks still do. The Python
** layer sets it (lp_trace_complete_last) right after the loop wrote the
** record. 0: not one of these (a HANDLE_CALL may tell what it calls). */
typedef enum lp_known_call {
    LP_CALL_OTHER = 0,
    LP_CALL_SLEEP_WAKEUP, /* futures._set_result_unless_cancelled: asyncio.sleep's end */
    LP_CALL_RELEASE_WAITER, /* tasks._release_waiter: wait_for's or asyncio.wait's timeout */
    LP_CALL_TIMEOUT,      /* timeouts.Timeout._on_timeout: asyncio.timeout's deadline */
    LP_CALL__COUNT
} lp_known_call;

/* The qualified name of a known call ("_set_result_unless_cancelled"),
** NULL for LP_CALL_OTHER or an unknown code. */
const char *lp_known_call_name(unsigned code);

/* The code of asyncio's callback with qualified name `qualname`, LP_CALL_OTHER if none. */
lp_known_call lp_known_call_of(const char *qualname);

/* What a thread is (THREAD_NEW's small). */
typedef enum lp_thread_kind {
    LP_THREAD_PROGRAM = 0, /* a threading.Thread the program (or asyncio) started */
    LP_THREAD_POOL_LANE,   /* a lane of a thread pool */
    LP_THREAD_PROCESS_LANE /* a lane of a process pool (simulated) */
} lp_thread_kind;

/* Whose timeout expired (TIMEOUT's small): each does something else in 3.11. */
typedef enum lp_timeout_kind {
    LP_TIMEOUT_UNKNOWN = 0,
    LP_TIMEOUT_WAIT_FOR, /* wait_for: the waiter wakes, cancels the inner task, raises TimeoutError */
    LP_TIMEOUT_WAIT,     /* asyncio.wait(timeout=): the waiter wakes; nothing cancelled or raised */
    LP_TIMEOUT_BLOCK     /* asyncio.timeout: the task is cancelled; TimeoutError on leaving */
} lp_timeout_kind;

/* How a task ended (TASK_DONE's small). */
typedef enum lp_task_outcome { LP_TASK_RESULT = 0, LP_TASK_EXCEPTION, LP_TASK_CANCELLED } lp_task_outcome;

/* A record's argument: a time (or a rate), or a number. */
typedef union lp_event_arg {
    double   when;
    uint64_t u64;
} lp_event_arg;

typedef struct lp_event {
    double   time;     /* virtual clock when it happened */
    uint32_t subject;  /* handle or job serial (see the kind) */
    uint8_t  kind;     /* lp_event_kind */
    uint8_t  flags;    /* the loop it belongs to: the loops of a run are numbered 0, 1,
                       ** 2... as made (255: the 256th and later); 0 in records that
                       ** belong to no loop (threads, lanes, output) */
    uint16_t small;    /* pool number or another small argument */
    lp_event_arg arg;
} lp_event;

#define LP_TRACE_CHUNK_BITS 16
#define LP_TRACE_CHUNK_EVENTS ((size_t)1 << LP_TRACE_CHUNK_BITS)

typedef struct lp_trace {
    lp_event **chunks;      /* each LP_TRACE_CHUNK_EVENTS records; owned (the array
                            ** always; the records unless they are in `map`) */
    size_t     chunk_count;
    size_t     chunk_cap;
    size_t     count;       /* records appended */
    lp_strtab  strings;     /* text referenced by records */
    lp_allocator alloc;
    /* A trace loaded from a file may keep its records in the file, mapped
    ** (trace_file.h): the chunks then point into it, and it takes no more
    ** records (lp_trace_append refuses). NULL: the records are allocated. */
    void      *map;         /* owned: unmapped by lp_trace_free */
    size_t     map_len;
} lp_trace;

int lp_trace_init(lp_trace *trace, lp_allocator alloc);
void lp_trace_free(lp_trace *trace);

/* Appends a copy of *ev. Returns LP_OK, LP_E_NOMEM, or LP_E_INVAL for a
** trace whose records are mapped from a file (read-only). */
int lp_trace_append(lp_trace *trace, const lp_event *ev);

/* The record at `index` (< count), borrowed; records never move. */
static inline const lp_event *lp_trace_at(const lp_trace *trace, size_t index)
{
    return &trace->chunks[index >> LP_TRACE_CHUNK_BITS][index & (LP_TRACE_CHUNK_EVENTS - 1)];
}

static inline size_t lp_trace_count(const lp_trace *trace) { return trace->count; }

/* Sets `small` of the last record if it is of `kind` about `subject` (the
** record a caller just had written, completed with what only it knows).
** Returns whether it did. */
bool lp_trace_complete_last(lp_trace *trace, lp_event_kind kind, uint32_t subject, uint16_t small);

/* Records that task `task` starts a step in the run of handle `serial`, of
** loop `loop`: in the RUN record just written (its arg) when it is the last
** record, at `time`, naming no task yet; otherwise as a TASK_STEP record.
** Returns LP_OK or an error of lp_trace_append. */
int lp_trace_task_step(lp_trace *trace, double time, uint8_t loop, uint32_t task, uint32_t serial);

/* Interns text for use in a record. Returns LP_OK or an error. */
int lp_trace_intern(lp_trace *trace, const char *s, size_t len, uint32_t *id);

/* The JSON name of an event kind ("call_soon"), "?" if unknown. */
const char *lp_event_kind_name(unsigned kind);

/* Bytes allocated for the records (whole chunks) and the strings. */
size_t lp_trace_bytes(const lp_trace *trace);

/* Bytes the records and strings actually use (no chunk slack). */
size_t lp_trace_bytes_used(const lp_trace *trace);

#endif
