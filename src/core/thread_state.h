/* thread_state.h - looplab core: the program's threads as the trace tells it.
**
** Every thread but the loop thread is a job of the lanes (JOB_* records);
** src/py adds what a thread is and does: its name and kind (THREAD_NEW),
** each wait with the call it waits in and its line (THREAD_WAIT,
** THREAD_AT, THREAD_RESUME), who woke it (THREAD_WAKE) and its CPU work
** under the GIL model (CPU_WORK, CPU_RATE). The loop thread is thread 0:
** its waits and CPU work come as the same records with subject 0.
**
** Threads are kept once seen, finished ones too, in the order seen, so the
** window can draw a lane per thread over the whole run. lp_state embeds a
** table (state.h); it is a plain value: copy it to snapshot it.
*/
#ifndef LP_THREAD_STATE_H
#define LP_THREAD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"
#include "core/trace.h"
#include "core/u32map.h"

typedef enum lp_thread_status {
    LP_THREAD_STARTING = 1, /* started; its first run is pending */
    LP_THREAD_RUNNING,      /* holds the baton, or is ready to */
    LP_THREAD_WAITING,      /* in a wait: `wait_kind`, `wait_sid`, at file/line */
    LP_THREAD_SLEEPING,     /* time.sleep until `until` */
    LP_THREAD_COMPUTING,    /* sim.cpu: CPU work at `cpu_rate` of a CPU */
    LP_THREAD_FINISHED,
} lp_thread_status;

#define LP_THREAD_NOBODY UINT32_MAX /* woken_by when nobody woke it yet */

typedef struct lp_state_thread {
    uint32_t serial;    /* its job serial; 0 = the loop thread; first field */
    uint32_t name_sid;  /* "Thread-1 (worker)", "asyncio_0"; 0 = unnamed */
    uint8_t  kind;      /* lp_thread_kind */
    uint8_t  status;    /* lp_thread_status */
    uint8_t  wait_kind; /* lp_wait_kind, while waiting */
    bool     woken;     /* in a wait, and woken: runs at its next turn */
    uint16_t process;   /* whose GIL it needs (0: the program's) */
    uint32_t wait_sid;  /* the call it waits in ("Queue.get()") */
    uint32_t file_sid;  /* where it waits (0: unknown) */
    uint32_t line;
    uint32_t woken_by;  /* serial of the thread that last woke it, or LP_THREAD_NOBODY */
    double   woken_at;  /* when */
    double   since;     /* time of its last status change */
    double   until;     /* sleeping: its wake-up; waiting: its deadline (-1: none);
                        ** computing: its finish at the present rates */
    double   cpu_work;  /* seconds of work of its current sim.cpu */
    double   cpu_done;  /* ... done by `cpu_since`, at full-speed seconds */
    double   cpu_since;
    double   cpu_rate;  /* share of a CPU from cpu_since (0: not computing) */
} lp_state_thread;

typedef struct lp_thread_table {
    lp_state_thread *threads; /* in the order seen; owned */
    size_t           count, cap;
    lp_u32map        index;   /* serial + 1 -> index in threads */
    lp_allocator     alloc;
} lp_thread_table;

void lp_thread_table_init(lp_thread_table *table, lp_allocator alloc);
void lp_thread_table_free(lp_thread_table *table);

/* Makes dst (uninitialised) an independent copy of src. */
int lp_thread_table_copy(lp_thread_table *dst, const lp_thread_table *src);

/* Follows one record; kinds that say nothing of threads are ignored, as
** are JOB_* records of jobs that are no thread of the program. Returns
** LP_OK or LP_E_NOMEM. */
int lp_thread_table_apply(lp_thread_table *table, const lp_event *ev);

/* The same, for a record already read (core/interp.h). */
struct lp_transition;
int lp_thread_table_follow(lp_thread_table *table, const struct lp_transition *tr);

bool lp_thread_table_equal(const lp_thread_table *a, const lp_thread_table *b);

/* NULL when absent; valid until the next apply. */
const lp_state_thread *lp_thread_find(const lp_thread_table *table, uint32_t serial);

/* Work done by `t`'s current sim.cpu at time `now`, in seconds at full speed. */
double lp_thread_cpu_done_at(const lp_state_thread *t, double now);

#endif
