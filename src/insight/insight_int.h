/* insight_int.h - looplab insights: what the finders share.
**
** lpin__run indexes the trace once for every finder: each task's names,
** which task set each timer (and so which task a late timer makes late),
** and the way to turn a record's location into a file and a line. Each
** finder (find_*.c) then makes its own pass over the records and adds its
** findings with lpin__add.
*/
#ifndef LPIN_INSIGHT_INT_H
#define LPIN_INSIGHT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "insight/insight.h"

/* Thresholds, in virtual seconds. asyncio's debug mode calls a callback
** slow from 100 ms (BaseEventLoop.slow_callback_duration). */
#define LPIN_SLOW 0.100
#define LPIN_EPS 1e-9

typedef struct lpin__run {
    const lp_trace    *trace;
    const lpin_source *source;
    lpin_report       *report;
    lp_allocator       alloc;
    uint64_t *task_names;   /* task id -> name sid | coroutine sid << 32 (last rename wins); owned */
    uint32_t *timer_task;   /* handle serial -> task whose step set it, 0 = none; owned */
    double   *timer_when;   /* handle serial -> deadline (NAN: not a timer); owned */
    uint64_t *thread_name;  /* thread job serial -> name sid | kind << 32; owned */
    uint8_t  *task_loop;    /* task id -> the loop it belongs to (TASK_MADE's); owned */
    size_t    task_cap, timer_cap, thread_cap, task_loop_cap;
    uint32_t  loop_thread[256]; /* loop -> the thread that first ran it (job serial, 0: main) */
    bool      loop_ran[256];
} lpin__run;

int lpin__run_init(lpin__run *run, const lp_trace *trace, const lpin_source *source,
                   lpin_report *report, lp_allocator alloc);
void lpin__run_free(lpin__run *run);

/* An interned string, "" when unknown. */
const char *lpin__str(const lpin__run *run, uint64_t sid);

/* A location packed as TASK_SUSPEND packs it (line | file sid << 32), to
** keep one in a single field. */
static inline uint64_t lpin__loc(uint32_t file, uint32_t line) { return (uint64_t)file << 32 | line; }
static inline uint32_t lpin__loc_line(uint64_t loc) { return (uint32_t)(loc & 0xffffffffu); }
static inline uint32_t lpin__loc_file(uint64_t loc) { return (uint32_t)(loc >> 32); }

/* Source line `n` of file sid `file`, NULL when unknown. */
const char *lpin__source_line(const lpin__run *run, uint32_t file, uint32_t n);

/* The task's label ("main"), and whether asyncio made it for itself
** (asyncio.run's shutdown_asyncgens and the like). */
void lpin__task_label(const lpin__run *run, uint32_t task, char *out, size_t n);
bool lpin__task_internal(const lpin__run *run, uint32_t task);

/* A thread's name ("asyncio_0"), "the loop thread" for 0; its lp_thread_kind. */
const char *lpin__thread_name(const lpin__run *run, uint32_t thread);
unsigned lpin__thread_kind(const lpin__run *run, uint32_t thread);

/* "the loop of thread 'side-loop'" when task `task` belongs to an event loop
** that a thread other than the main one runs (writes it to out and returns
** true); false when it is the main thread's or unknown. */
bool lpin__task_loop_words(const lpin__run *run, uint32_t task, char *out, size_t n);

/* Which task set timer `serial` (0 = none) and its deadline (NAN: unknown). */
uint32_t lpin__timer_task(const lpin__run *run, uint32_t serial);
double lpin__timer_when(const lpin__run *run, uint32_t serial);

/* A finding in the making: fill what applies, then lpin__add. */
typedef struct lpin__draft {
    lpin_kind kind;
    uint32_t  file_sid, line;
    double    t0, t1, cost;
    size_t    event;
    uint32_t  tasks[LPIN_MAX_NAMES];
    size_t    task_count;
    uint32_t  threads[LPIN_MAX_NAMES];
    size_t    thread_count;
    lpin_cycle_step cycle[LPIN_MAX_NAMES]; /* names borrowed: lpin__add copies them */
    size_t    cycle_len;
} lpin__draft;

/* Adds a task or thread once (silently ignores more than LPIN_MAX_NAMES). */
void lpin__draft_task(lpin__draft *d, uint32_t task);
void lpin__draft_thread(lpin__draft *d, uint32_t thread);

/* A span's start as "t = 0.310" and a duration as "1.500 s" / "20 ms". */
void lpin__seconds(double s, char *out, size_t n);

/* Adds the finding with its summary and fix. Returns LP_OK or LP_E_NOMEM. */
int lpin__add(lpin__run *run, const lpin__draft *d, const char *summary, const char *fix);

/* The finders, each one pass. Each returns LP_OK or LP_E_NOMEM. */
int lpin__find_blocked(lpin__run *run);
int lpin__find_sequential(lpin__run *run);
int lpin__find_output(lpin__run *run);
int lpin__find_dropped(lpin__run *run);
int lpin__find_cancel(lpin__run *run);
int lpin__find_starvation(lpin__run *run);
int lpin__find_workers(lpin__run *run);
int lpin__find_locks(lpin__run *run);
int lpin__find_lock_order(lpin__run *run);
int lpin__find_deadlock(lpin__run *run);

/* A small growable text, for sentences that list names. */
typedef struct lpin__text {
    char   buf[1024];
    size_t len;
} lpin__text;

void lpin__text_add(lpin__text *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
