/* interp.c - looplab core: trace records read as typed transitions. */
#include "core/interp.h"

#include <string.h>

static const char *const NAMES[LP_TR__COUNT] = {
    [LP_TR_NONE] = "none",
    [LP_TR_HANDLE_QUEUED] = "handle_queued",
    [LP_TR_TIMER_SET] = "timer_set",
    [LP_TR_HANDLE_CANCELLED] = "handle_cancelled",
    [LP_TR_TIMER_DUE] = "timer_due",
    [LP_TR_HANDLE_RUN] = "handle_run",
    [LP_TR_HANDLE_SKIPPED] = "handle_skipped",
    [LP_TR_TIMER_PURGED] = "timer_purged",
    [LP_TR_TIMERS_REBUILT] = "timers_rebuilt",
    [LP_TR_ITERATION] = "iteration",
    [LP_TR_POLL] = "poll",
    [LP_TR_CLOCK] = "clock",
    [LP_TR_MARK] = "mark",
    [LP_TR_POOL_MADE] = "pool_made",
    [LP_TR_JOB_SUBMITTED] = "job_submitted",
    [LP_TR_JOB_STARTED] = "job_started",
    [LP_TR_JOB_RUNS] = "job_runs",
    [LP_TR_JOB_SLEEPS] = "job_sleeps",
    [LP_TR_JOB_PARKED] = "job_parked",
    [LP_TR_JOB_ENDED] = "job_ended",
    [LP_TR_BLOCK_BEGIN] = "block_begin",
    [LP_TR_BLOCK_END] = "block_end",
    [LP_TR_BLOCK_AT] = "block_at",
    [LP_TR_TASK_MADE] = "task_made",
    [LP_TR_TASK_PARENT] = "task_parent",
    [LP_TR_TASK_STEPPED] = "task_stepped",
    [LP_TR_TASK_AT] = "task_at",
    [LP_TR_TASK_WAITS] = "task_waits",
    [LP_TR_TASK_DONE] = "task_done",
    [LP_TR_TASK_CANCEL] = "task_cancel",
    [LP_TR_TASK_TIMEOUT] = "task_timeout",
    [LP_TR_TASK_RENAMED] = "task_renamed",
    [LP_TR_OUTPUT] = "output",
    [LP_TR_THREAD_NAMED] = "thread_named",
    [LP_TR_THREAD_WAITS] = "thread_waits",
    [LP_TR_THREAD_AT] = "thread_at",
    [LP_TR_THREAD_WOKEN] = "thread_woken",
    [LP_TR_THREAD_RESUMED] = "thread_resumed",
    [LP_TR_CPU_WORK] = "cpu_work",
    [LP_TR_CPU_RATE] = "cpu_rate",
    [LP_TR_WORK_TAKEN] = "work_taken",
    [LP_TR_HANDLE_CALLS] = "handle_calls",
    [LP_TR_TASK_DROPPED] = "task_dropped",
    [LP_TR_TASK_UNRETRIEVED] = "task_unretrieved",
    [LP_TR_LOCK_MADE] = "lock_made",
    [LP_TR_LOCK_WAITS] = "lock_waits",
    [LP_TR_LOCK_TAKEN] = "lock_taken",
    [LP_TR_LOCK_RELEASED] = "lock_released",
    [LP_TR_LOOP_RUNS] = "loop_runs",
};

const char *lp_interp_kind_name(unsigned kind)
{
    return kind < LP_TR__COUNT && NAMES[kind] ? NAMES[kind] : "?";
}

/* TASK_SUSPEND, BLOCK_AT and THREAD_AT pack a place: file sid << 32 | line. */
static void place(lp_transition *t, uint64_t packed)
{
    t->file_sid = (uint32_t)(packed >> 32);
    t->line = (uint32_t)(packed & 0xffffffffu);
}

/* A number that does not fit its 32-bit field (a corrupt record) reads as 0: none. */
static uint32_t low32(uint64_t v) { return v <= UINT32_MAX ? (uint32_t)v : 0; }

/* Records about a handle, a job or the loop's iteration. */
static bool read_loop(const lp_event *ev, lp_transition *t)
{
    switch (ev->kind) {
    case LP_EV_CALL_SOON:
        t->kind = LP_TR_HANDLE_QUEUED;
        t->handle = ev->subject;
        t->call = ev->small < LP_CALL__COUNT ? (uint8_t)ev->small : LP_CALL_OTHER;
        return true;
    case LP_EV_HANDLE_CALL:
        t->kind = LP_TR_HANDLE_CALLS;
        t->handle = ev->subject;
        t->sid = (uint32_t)(ev->arg.u64 & 0xffffffffu);
        t->file_sid = (uint32_t)(ev->arg.u64 >> 32);
        t->line = ev->small;
        return true;
    case LP_EV_CALL_AT:
        t->kind = LP_TR_TIMER_SET;
        t->handle = ev->subject;
        t->when = ev->arg.when;
        t->call = ev->small < LP_CALL__COUNT ? (uint8_t)ev->small : LP_CALL_OTHER;
        return true;
    case LP_EV_CANCEL: t->kind = LP_TR_HANDLE_CANCELLED; t->handle = ev->subject; return true;
    case LP_EV_TIMER_DUE: t->kind = LP_TR_TIMER_DUE; t->handle = ev->subject; return true;
    case LP_EV_RUN: t->kind = LP_TR_HANDLE_RUN; t->handle = ev->subject; return true;
    case LP_EV_SKIP: t->kind = LP_TR_HANDLE_SKIPPED; t->handle = ev->subject; return true;
    case LP_EV_PURGE: t->kind = LP_TR_TIMER_PURGED; t->handle = ev->subject; return true;
    case LP_EV_REBUILD: t->kind = LP_TR_TIMERS_REBUILT; t->count = ev->arg.u64; return true;
    case LP_EV_ITER: t->kind = LP_TR_ITERATION; t->count = ev->arg.u64; return true;
    case LP_EV_POLL: t->kind = LP_TR_POLL; t->when = ev->arg.when; return true;
    case LP_EV_CLOCK: t->kind = LP_TR_CLOCK; t->when = ev->arg.when; return true;
    case LP_EV_MARK: t->kind = LP_TR_MARK; t->sid = low32(ev->arg.u64); return true;
    case LP_EV_POOL_NEW:
        t->kind = LP_TR_POOL_MADE;
        t->pool = ev->small;
        t->count = ev->arg.u64;
        return true;
    case LP_EV_JOB_SUBMIT: t->kind = LP_TR_JOB_SUBMITTED; break;
    case LP_EV_JOB_START:
        t->kind = LP_TR_JOB_STARTED;
        t->lane = (uint32_t)ev->arg.u64; /* checked against count by readers */
        t->count = ev->arg.u64; /* the lane as recorded, for range checks */
        break;
    case LP_EV_JOB_WAKE: /* the engine records the lane here too */
        t->kind = LP_TR_JOB_RUNS;
        t->lane = (uint32_t)ev->arg.u64;
        t->count = ev->arg.u64;
        break;
    case LP_EV_JOB_SLEEP: t->kind = LP_TR_JOB_SLEEPS; t->when = ev->arg.when; break;
    case LP_EV_JOB_PARK: t->kind = LP_TR_JOB_PARKED; break;
    case LP_EV_JOB_END: t->kind = LP_TR_JOB_ENDED; break;
    case LP_EV_BLOCK_BEGIN: t->kind = LP_TR_BLOCK_BEGIN; t->when = ev->arg.when; return true;
    case LP_EV_BLOCK_END: t->kind = LP_TR_BLOCK_END; return true;
    default: return false;
    }
    t->job = ev->subject;
    t->pool = ev->small;
    return true;
}

/* Records from the Python layer: tasks, output, threads. */
static bool read_program(const lp_event *ev, lp_transition *t)
{
    t->task = ev->subject;
    switch (ev->kind) {
    case LP_EV_TASK_NEW:
        t->kind = LP_TR_TASK_MADE;
        t->sid = (uint32_t)(ev->arg.u64 & 0xffffffffu);
        t->coro_sid = (uint32_t)(ev->arg.u64 >> 32);
        return true;
    case LP_EV_TASK_PARENT: t->kind = LP_TR_TASK_PARENT; t->other = low32(ev->arg.u64); return true;
    case LP_EV_TASK_STEP: t->kind = LP_TR_TASK_STEPPED; t->handle = low32(ev->arg.u64); return true;
    case LP_EV_TASK_SUSPEND: t->kind = LP_TR_TASK_AT; place(t, ev->arg.u64); return true;
    case LP_EV_TASK_WAIT:
        t->kind = LP_TR_TASK_WAITS;
        t->wait = (uint8_t)ev->small;
        t->sid = low32(ev->arg.u64);
        return true;
    case LP_EV_TASK_DONE:
        t->kind = LP_TR_TASK_DONE;
        t->outcome = (uint8_t)ev->small;
        t->count = ev->arg.u64;
        return true;
    case LP_EV_TASK_DROPPED: t->kind = LP_TR_TASK_DROPPED; place(t, ev->arg.u64); return true;
    case LP_EV_TASK_UNRETRIEVED:
        t->kind = LP_TR_TASK_UNRETRIEVED;
        t->flag = ev->small == 1;
        if (t->flag)
            t->sid = low32(ev->arg.u64);
        else
            place(t, ev->arg.u64);
        return true;
    case LP_EV_TASK_CANCEL: t->kind = LP_TR_TASK_CANCEL; t->other = low32(ev->arg.u64); return true;
    case LP_EV_TIMEOUT: t->kind = LP_TR_TASK_TIMEOUT; t->wait = (uint8_t)ev->small; return true;
    case LP_EV_TASK_NAME: t->kind = LP_TR_TASK_RENAMED; t->sid = low32(ev->arg.u64); return true;
    case LP_EV_OUTPUT:
        t->kind = LP_TR_OUTPUT;
        t->sid = low32(ev->arg.u64);
        t->stream = (uint8_t)ev->small;
        return true;
    case LP_EV_BLOCK_AT:
        t->kind = LP_TR_BLOCK_AT;
        place(t, ev->arg.u64);
        t->flag = ev->small == 1;
        return true;
    default:
        break;
    }
    t->task = 0;
    t->thread = ev->subject;
    switch (ev->kind) {
    case LP_EV_THREAD_NEW:
        t->kind = LP_TR_THREAD_NAMED;
        t->sid = low32(ev->arg.u64);
        t->thread_kind = (uint8_t)ev->small;
        return true;
    case LP_EV_THREAD_WAIT:
        t->kind = LP_TR_THREAD_WAITS;
        t->sid = low32(ev->arg.u64);
        t->wait = (uint8_t)ev->small;
        return true;
    case LP_EV_THREAD_AT: t->kind = LP_TR_THREAD_AT; place(t, ev->arg.u64); return true;
    case LP_EV_THREAD_WAKE: t->kind = LP_TR_THREAD_WOKEN; t->other = low32(ev->arg.u64); return true;
    case LP_EV_THREAD_RESUME: t->kind = LP_TR_THREAD_RESUMED; t->flag = ev->small == 1; return true;
    case LP_EV_CPU_WORK:
        t->kind = LP_TR_CPU_WORK;
        t->when = ev->arg.when;
        t->pool = ev->small;
        return true;
    case LP_EV_CPU_RATE:
        t->kind = LP_TR_CPU_RATE;
        t->when = ev->arg.when;
        t->pool = ev->small;
        return true;
    case LP_EV_WORK_TAKEN:
        t->kind = LP_TR_WORK_TAKEN;
        t->when = ev->arg.when;
        t->count = ev->small;
        return true;
    case LP_EV_LOOP_RUN: t->kind = LP_TR_LOOP_RUNS; return true;
    default:
        t->thread = 0;
        return false;
    }
}

/* Records about the program's threading locks (src/py/lock.c). */
static bool read_lock(const lp_event *ev, lp_transition *t)
{
    switch (ev->kind) {
    case LP_EV_LOCK_NEW:
        t->kind = LP_TR_LOCK_MADE;
        t->lock = ev->subject;
        t->flag = ev->small == 1;
        place(t, ev->arg.u64);
        return true;
    case LP_EV_LOCK_WAIT:
        t->kind = LP_TR_LOCK_WAITS;
        t->flag = (ev->small & 0x8000u) != 0;
        place(t, ev->arg.u64);
        break;
    case LP_EV_LOCK_ACQUIRED:
        t->kind = LP_TR_LOCK_TAKEN;
        t->flag = (ev->small & 0x8000u) != 0;
        place(t, ev->arg.u64);
        break;
    case LP_EV_LOCK_RELEASED: t->kind = LP_TR_LOCK_RELEASED; break;
    default: return false;
    }
    t->thread = ev->subject;
    t->lock = ev->small & 0x7fffu;
    return true;
}

bool lp_interp_read(const lp_event *ev, lp_transition *t)
{
    memset(t, 0, sizeof *t);
    t->time = ev->time;
    t->loop = ev->flags;
    if (read_loop(ev, t) || read_program(ev, t) || read_lock(ev, t))
        return true;
    memset(t, 0, sizeof *t);
    t->time = ev->time;
    return false;
}

unsigned lp_interp_read_all(const lp_event *ev, lp_transition out[LP_INTERP_MAX])
{
    if (!lp_interp_read(ev, &out[0]))
        return 0;
    uint32_t task = ev->kind == LP_EV_RUN ? low32(ev->arg.u64) : 0;
    if (!task)
        return 1;
    lp_transition *step = &out[1]; /* as the TASK_STEP that RUN stands for */
    memset(step, 0, sizeof *step);
    step->kind = LP_TR_TASK_STEPPED;
    step->time = ev->time;
    step->loop = ev->flags;
    step->task = task;
    step->handle = ev->subject;
    return 2;
}

void lp_interp_walk_init(lp_interp_walk *w, const lp_trace *trace)
{
    memset(w, 0, sizeof *w);
    w->trace = trace;
}

const lp_transition *lp_interp_walk_next(lp_interp_walk *w, size_t *index)
{
    while (w->given == w->count) {
        if (w->record >= lp_trace_count(w->trace))
            return NULL;
        w->count = lp_interp_read_all(lp_trace_at(w->trace, w->record), w->t);
        w->given = 0;
        w->record++;
    }
    *index = w->record - 1;
    return &w->t[w->given++];
}

uint32_t lp_interp_step_task(const lp_event *ev)
{
    if (ev->kind == LP_EV_TASK_STEP)
        return ev->subject;
    return ev->kind == LP_EV_RUN ? low32(ev->arg.u64) : 0;
}

bool lp_interp_step_ends(const lp_transition *t)
{
    switch (t->kind) {
    case LP_TR_TASK_WAITS:
    case LP_TR_TASK_DONE:
    case LP_TR_HANDLE_RUN:
    case LP_TR_ITERATION:
    case LP_TR_POLL:
        return true;
    default:
        return false;
    }
}
