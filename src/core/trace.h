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
*/
#ifndef LP_TRACE_H
#define LP_TRACE_H

#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/strtab.h"

/* XX(NAME, json_name, meaning of subject / small / arg) */
#define LP_TRACE_EVENTS(XX)                                                        \
    XX(CALL_SOON, "call_soon", "handle serial entered the ready queue")          \
    XX(CALL_AT, "call_at", "handle serial set as a timer; arg.when = deadline")  \
    XX(CANCEL, "cancel", "handle serial cancelled (ready or timer)")             \
    XX(TIMER_DUE, "timer_due", "timer serial moved from the heap to ready")     \
    XX(RUN, "run", "handle serial starts running (until the next RUN/ITER)")      \
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
    XX(MARK, "mark", "a labelled moment; arg.u64 = string id")

typedef enum lp_event_kind {
#define LP__EVENT_ENUM(name, json, doc) LP_EV_##name,
    LP_TRACE_EVENTS(LP__EVENT_ENUM)
#undef LP__EVENT_ENUM
    LP_EV__COUNT
} lp_event_kind;

typedef struct lp_event {
    double   time;     /* virtual clock when it happened */
    uint32_t subject;  /* handle or job serial (see the kind) */
    uint8_t  kind;     /* lp_event_kind */
    uint8_t  flags;    /* reserved, 0 */
    uint16_t small;    /* pool number or another small argument */
    union {
        double   when;
        uint64_t u64;
    } arg;
} lp_event;

#define LP_TRACE_CHUNK_BITS 16
#define LP_TRACE_CHUNK_EVENTS ((size_t)1 << LP_TRACE_CHUNK_BITS)

typedef struct lp_trace {
    lp_event **chunks;      /* each LP_TRACE_CHUNK_EVENTS records; owned */
    size_t     chunk_count;
    size_t     chunk_cap;
    size_t     count;       /* records appended */
    lp_strtab  strings;     /* text referenced by records */
    lp_allocator alloc;
} lp_trace;

int lp_trace_init(lp_trace *trace, lp_allocator alloc);
void lp_trace_free(lp_trace *trace);

/* Appends a copy of *ev. Returns LP_OK or LP_E_NOMEM. */
int lp_trace_append(lp_trace *trace, const lp_event *ev);

/* The record at `index` (< count), borrowed; records never move. */
static inline const lp_event *lp_trace_at(const lp_trace *trace, size_t index)
{
    return &trace->chunks[index >> LP_TRACE_CHUNK_BITS][index & (LP_TRACE_CHUNK_EVENTS - 1)];
}

static inline size_t lp_trace_count(const lp_trace *trace) { return trace->count; }

/* Interns text for use in a record. Returns LP_OK or an error. */
int lp_trace_intern(lp_trace *trace, const char *s, size_t len, uint32_t *id);

/* The JSON name of an event kind ("call_soon"), "?" if unknown. */
const char *lp_event_kind_name(unsigned kind);

/* Bytes held by the records (allocated chunks) and by the strings. */
size_t lp_trace_bytes(const lp_trace *trace);

#endif
