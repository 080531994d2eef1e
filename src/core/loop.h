/* loop.h - looplab core: the event loop scheduler, in virtual time.
**
** A C transcription of asyncio's BaseEventLoop scheduling (Lib/asyncio/
** base_events.py, _run_once): a FIFO of ready callbacks, a heapq timer heap,
** and a virtual clock that the poll moves straight to the next deadline.
** Worker lanes (lanes.h) run thread-pool jobs in lockstep with the loop; the
** clock (clock.h) and the lanes may be shared by several loops of a program.
**
** Callbacks are opaque (function + context), so the Python layer and plain C
** tests drive the loop the same way. Ownership of a context: once a call that
** schedules it returns LP_OK, the loop holds it and calls desc.release exactly
** once for it: after it ran, when it is cancelled, or when the loop closes.
** A call that fails leaves the context with the caller.
**
** Every phase appends to the trace (trace.h) when the desc gives one.
*/
#ifndef LP_LOOP_H
#define LP_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/clock.h"
#include "core/heap.h"
#include "core/ids.h"
#include "core/lanes.h"
#include "core/ring.h"
#include "core/trace.h"

typedef struct lp_loop lp_loop;
typedef void (*lp_callback_fn)(lp_loop *loop, void *ctx);
/* A loop in another thread than the loop thread waits in its poll as that
** thread blocks: until `deadline` (+inf: until woken). False on an error
** (the iteration then stops at once). */
typedef bool (*lp_wait_fn)(lp_loop *loop, double deadline);

/* asyncio: _MIN_SCHEDULED_TIMER_HANDLES and ..._FRACTION (base_events.py). */
#define LP_REBUILD_MIN_TIMERS 100
#define LP_REBUILD_CANCELLED_FRACTION 0.5
/* asyncio: loop._clock_resolution, time.get_clock_info('monotonic') on Linux. */
#define LP_CLOCK_RESOLUTION 1e-9

typedef struct lp_loop_desc {
    lp_allocator alloc;                       /* zero: the C library's */
    lp_clock    *clock;                       /* shared; NULL: the loop's own */
    lp_lanes    *lanes;                       /* polled for wake-ups; NULL: none */
    lp_trace    *trace;                       /* borrowed; NULL: no tracing */
    void (*release)(void *user, void *ctx);   /* NULL: contexts need no release */
    void        *user;                        /* passed to release */
    uint8_t      number;                      /* the loop's number in the trace (records' flags) */
} lp_loop_desc;

/* One scheduled callback: in the ready queue or in the timer heap. */
typedef struct lp__handle {
    lp_callback_fn fn;         /* NULL once cancelled */
    void          *ctx;
    double         when;       /* deadline, for timers */
    uint32_t       generation; /* bumped when the slot is freed */
    uint32_t       serial;     /* trace number, 1, 2, 3... */
    uint32_t       next_free;  /* free-list link (slot + 1, 0 = end) */
    uint8_t        where;      /* lp__handle_where */
    bool           cancelled;
} lp__handle;

struct lp_loop {
    lp_clock     *clock;             /* the program's clock; borrowed or &own_clock */
    lp_clock      own_clock;         /* used when the desc gives no clock */
    lp_lanes     *lanes;             /* other threads' wake-ups; borrowed, may be NULL */
    lp_ring       ready;             /* handle slots, FIFO */
    lp_heap       timers;            /* heapq of (deadline, handle slot) */
    size_t        timer_cancelled_count; /* asyncio's _timer_cancelled_count */
    bool          stopping;          /* poll without waiting, as loop._stopping */
    bool          interrupted;       /* run_ready stops after the current callback */
    lp_wait_fn    thread_wait;       /* set during lp_loop_run_once_in_thread */
    bool          polling;           /* inside the poll (other threads' turns run) */
    size_t        woken;             /* not 0: another thread woke the poll (lp_loop_wake) */
    double        time_limit;        /* the clock never passes it; +inf by default */
    double        limit_wakeup;      /* after LP_E_RANGE: the wake-up past the limit */
    lp__handle   *handles;           /* slot table; owned */
    size_t        handle_count;      /* slots in use or on the free list */
    size_t        handle_cap;
    uint32_t      handle_free;       /* free-list head (slot + 1, 0 = empty) */
    /* plumbing */
    lp_trace     *trace;             /* borrowed, may be NULL */
    uint8_t       number;            /* written in its records' flags (desc.number) */
    int           trace_status;      /* first trace append error, sticky */
    void (*release)(void *user, void *ctx);
    void         *user;
    lp_allocator  alloc;
};

int lp_loop_init(lp_loop *loop, const lp_loop_desc *desc);

/* The trace number for the next loop made on `clock`: 0, 1, 2... (255 for
** the 256th and later). Called once per loop, not per lp_loop_init (a loop
** cleared and made again keeps its number). */
static inline uint8_t lp_loop_next_number(lp_clock *clock)
{
    uint32_t n = clock->loops_made;
    clock->loops_made += n < UINT32_MAX;
    return n < 255 ? (uint8_t)n : 255;
}

/* Releases every context still scheduled (ready, timers, jobs) and all memory. */
void lp_loop_close(lp_loop *loop);

/* loop.call_soon: appends to the ready queue. *id (optional) names the handle. */
int lp_loop_call_soon(lp_loop *loop, lp_callback_fn fn, void *ctx, lp_id *id);

/* loop.call_at: a timer due at the absolute virtual time `when`. */
int lp_loop_call_at(lp_loop *loop, double when, lp_callback_fn fn, void *ctx, lp_id *id);

/* Handle.cancel / TimerHandle.cancel: the callback will never run and its
** context is released now. LP_E_STALE if it already ran or was dropped;
** cancelling twice is LP_OK and changes nothing. */
int lp_loop_cancel(lp_loop *loop, lp_id id);

/* The id of the live handle in `slot` with trace serial `serial`, or
** LP_ID_NONE: (serial, slot) names a handle as uniquely as an lp_id does,
** since serials are never reused. */
lp_id lp_loop_find(const lp_loop *loop, uint32_t slot, uint32_t serial);

/* The trace serial of a live handle, 0 if the id is stale. */
uint32_t lp_loop_handle_serial(const lp_loop *loop, lp_id id);

/* One iteration, as BaseEventLoop._run_once: purge cancelled timers,
** poll (run due worker wake-ups; move the clock to the next deadline when
** nothing is ready), move due timers to ready, run the callbacks that were
** ready then. Returns LP_OK, or LP_E_IDLE without doing anything when nothing
** is ready, no timer is set and no wake-up is pending: the loop would wait
** forever (a deadlock, unless another thread is expected to call in), or
** LP_E_RANGE when the loop would have to wait past its time limit: wake-ups
** due by the limit have run, the clock has not moved past them, and
** limit_wakeup says when the loop would have woken next; or LP_E_FULL when
** the clock's step budget ran out (a busy loop): nothing more ran. */
int lp_loop_run_once(lp_loop *loop);

/* The same iteration for a loop running in another thread (asyncio.run in a
** worker, a run_forever thread): its poll runs no wake-up of the lanes (the
** loop thread does) and moves no clock; it calls `wait` with the time it
** would wait until (+inf: no timer), and the thread blocks there in virtual
** time until that deadline or until another thread wakes it. Never
** LP_E_IDLE (it waits to be woken) nor LP_E_RANGE (the loop thread stops at
** the limit); LP_E_INVAL if `wait` failed. */
int lp_loop_run_once_in_thread(lp_loop *loop, lp_wait_fn wait);

/* Another thread calls in (asyncio's _write_to_self: call_soon_threadsafe,
** a signal): the poll in progress, or the next one, returns without
** waiting for its deadline. A callback another thread made ready without
** this (a plain call_soon, not thread-safe) waits, as in CPython, until the
** poll ends at its deadline. */
static inline void lp_loop_wake(lp_loop *loop) { loop->woken = 1; }

/* The virtual-time limit (looplab run --until): see lp_loop_run_once. */
static inline void lp_loop_set_time_limit(lp_loop *loop, double limit) { loop->time_limit = limit; }

/* Makes the iteration in progress stop after the callback that runs now:
** the callbacks not yet run stay in the ready queue, in order, as they do in
** asyncio when an exception escapes a callback (SystemExit, say). */
static inline void lp_loop_interrupt(lp_loop *loop) { loop->interrupted = true; }

static inline double lp_loop_time(const lp_loop *loop) { return loop->clock->now; }
static inline size_t lp_loop_ready_count(const lp_loop *loop) { return loop->ready.count; }
/* Timers in the heap, cancelled ones not yet dropped included (len(_scheduled)). */
static inline size_t lp_loop_timer_count(const lp_loop *loop) { return loop->timers.count; }
static inline void lp_loop_set_stopping(lp_loop *loop, bool stopping) { loop->stopping = stopping; }

/* Appends an event to the trace, if any (used by every core module). */
void lp__loop_emit(lp_loop *loop, lp_event_kind kind, uint32_t subject, uint16_t small,
                   uint64_t arg_bits);
void lp__loop_emit_when(lp_loop *loop, lp_event_kind kind, uint32_t subject, uint16_t small,
                        double when);

#endif
