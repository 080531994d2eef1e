/* thread_state.c - looplab core: the program's threads from the trace.
**
** How records move a thread (see thread_state.h for who records them):
**   THREAD_NEW                  -> STARTING (name, kind)
**   JOB_WAKE (a start or a wake-up) and THREAD_RESUME -> RUNNING
**   THREAD_WAIT (+ THREAD_AT)   -> WAITING on the call, at the line
**   JOB_SLEEP                   -> SLEEPING until then, unless the thread
**                                  waits (then: its deadline) or computes
**                                  (then: its finish)
**   CPU_WORK, CPU_RATE          -> COMPUTING at a rate; rate 0: done
**   THREAD_WAKE                 -> woken, by whom and when
**   JOB_END                     -> FINISHED
** The loop thread (subject 0) has no JOB_* records: it is made by its first
** THREAD_* or CPU_* record.
*/
#include "core/thread_state.h"

#include <string.h>

#include "core/interp.h"
#include "core/status.h"

void lp_thread_table_init(lp_thread_table *table, lp_allocator alloc)
{
    memset(table, 0, sizeof *table);
    table->alloc = lp_allocator_or_default(&alloc);
    lp_u32map_init(&table->index, table->alloc);
}

void lp_thread_table_free(lp_thread_table *table)
{
    lp_free(&table->alloc, table->threads);
    lp_u32map_free(&table->index);
    table->threads = NULL;
    table->count = table->cap = 0;
}

int lp_thread_table_copy(lp_thread_table *dst, const lp_thread_table *src)
{
    lp_thread_table_init(dst, src->alloc);
    if (src->count == 0)
        return LP_OK;
    dst->threads = dst->alloc.realloc(dst->alloc.user, NULL, src->count * sizeof *dst->threads);
    if (!dst->threads)
        return LP_E_NOMEM;
    memcpy(dst->threads, src->threads, src->count * sizeof *dst->threads);
    dst->count = dst->cap = src->count;
    int rc = lp_u32map_copy(&dst->index, &src->index);
    if (rc != LP_OK)
        lp_thread_table_free(dst);
    return rc;
}

/* The index's keys are serial + 1: the map's keys are nonzero, and the
** loop thread is 0. */
const lp_state_thread *lp_thread_find(const lp_thread_table *table, uint32_t serial)
{
    uint32_t at;
    return lp_u32map_get(&table->index, serial + 1, &at) ? &table->threads[at] : NULL;
}

static lp_state_thread *find_mut(lp_thread_table *table, uint32_t serial)
{
    return (lp_state_thread *)lp_thread_find(table, serial);
}

/* The thread with `serial`, made (STARTING) if absent; NULL if out of memory. */
static lp_state_thread *get_or_make(lp_thread_table *table, uint32_t serial, double now)
{
    lp_state_thread *t = find_mut(table, serial);
    if (t)
        return t;
    if (lp_grow(&table->alloc, (void **)&table->threads, &table->cap, table->count + 1,
                sizeof *table->threads) != LP_OK)
        return NULL;
    if (lp_u32map_put(&table->index, serial + 1, (uint32_t)table->count) != LP_OK)
        return NULL;
    t = &table->threads[table->count++];
    memset(t, 0, sizeof *t);
    t->serial = serial;
    t->status = serial == 0 ? LP_THREAD_RUNNING : LP_THREAD_STARTING;
    t->woken_by = LP_THREAD_NOBODY;
    t->since = now;
    t->until = -1;
    return t;
}

static void set_status(lp_state_thread *t, lp_thread_status status, double now)
{
    if (t->status != status)
        t->since = now;
    t->status = (uint8_t)status;
    if (status != LP_THREAD_WAITING)
        t->woken = false;
}

double lp_thread_cpu_done_at(const lp_state_thread *t, double now)
{
    double done = t->cpu_done + (now - t->cpu_since) * t->cpu_rate;
    return done < t->cpu_work ? done : t->cpu_work;
}

static void cpu_rate(lp_state_thread *t, double rate, double now)
{
    t->cpu_done = lp_thread_cpu_done_at(t, now);
    t->cpu_since = now;
    t->cpu_rate = rate;
    if (rate > 0) {
        set_status(t, LP_THREAD_COMPUTING, now);
        t->until = now + (t->cpu_work - t->cpu_done) / rate;
    } else if (t->status == LP_THREAD_COMPUTING) {
        set_status(t, LP_THREAD_RUNNING, now);
        t->until = -1;
    }
}

/* JOB_* records: the lanes' view of a thread. */
static void on_job(lp_thread_table *table, const lp_transition *tr)
{
    lp_state_thread *t = find_mut(table, tr->job);
    if (!t)
        return; /* a job that is no thread of the program */
    switch (tr->kind) {
    case LP_TR_JOB_RUNS:
        if (t->status != LP_THREAD_WAITING) /* a wait ends with THREAD_RESUME */
            set_status(t, LP_THREAD_RUNNING, tr->time);
        break;
    case LP_TR_JOB_SLEEPS:
        if (t->status == LP_THREAD_WAITING || t->status == LP_THREAD_COMPUTING) {
            if (!t->woken)
                t->until = tr->when; /* its deadline, or its finish */
        } else {
            set_status(t, LP_THREAD_SLEEPING, tr->time);
            t->until = tr->when;
        }
        break;
    case LP_TR_JOB_ENDED:
        set_status(t, LP_THREAD_FINISHED, tr->time);
        t->until = -1;
        t->cpu_rate = 0;
        break;
    default: /* JOB_PARKED: a wait with no deadline; THREAD_WAITS said what */
        if (t->status != LP_THREAD_WAITING)
            set_status(t, LP_THREAD_WAITING, tr->time);
        t->until = -1;
        break;
    }
}

int lp_thread_table_follow(lp_thread_table *table, const lp_transition *tr)
{
    switch (tr->kind) {
    case LP_TR_JOB_RUNS:
    case LP_TR_JOB_SLEEPS:
    case LP_TR_JOB_PARKED:
    case LP_TR_JOB_ENDED:
        on_job(table, tr);
        return LP_OK;
    case LP_TR_THREAD_NAMED:
    case LP_TR_THREAD_WAITS:
    case LP_TR_THREAD_AT:
    case LP_TR_THREAD_WOKEN:
    case LP_TR_THREAD_RESUMED:
    case LP_TR_CPU_WORK:
    case LP_TR_CPU_RATE:
        break;
    default:
        return LP_OK;
    }
    lp_state_thread *t = get_or_make(table, tr->thread, tr->time);
    if (!t)
        return LP_E_NOMEM;
    switch (tr->kind) {
    case LP_TR_THREAD_NAMED:
        t->name_sid = tr->sid;
        t->kind = tr->thread_kind;
        break;
    case LP_TR_THREAD_AT:
        t->file_sid = tr->file_sid;
        t->line = tr->line;
        break;
    case LP_TR_THREAD_WAITS:
        set_status(t, LP_THREAD_WAITING, tr->time);
        t->wait_kind = tr->wait;
        t->wait_sid = tr->sid;
        t->until = -1;
        break;
    case LP_TR_THREAD_WOKEN:
        t->woken = t->status == LP_THREAD_WAITING;
        t->woken_by = tr->other;
        t->woken_at = tr->time;
        break;
    case LP_TR_THREAD_RESUMED:
        set_status(t, LP_THREAD_RUNNING, tr->time);
        t->until = -1;
        t->file_sid = t->line = 0;
        break;
    case LP_TR_CPU_WORK:
        t->process = tr->pool;
        t->cpu_work = tr->when;
        t->cpu_done = 0;
        t->cpu_since = tr->time;
        t->cpu_rate = 0;
        break;
    default: /* CPU_RATE */
        t->process = tr->pool;
        cpu_rate(t, tr->when, tr->time);
        break;
    }
    return LP_OK;
}

int lp_thread_table_apply(lp_thread_table *table, const lp_event *ev)
{
    lp_transition tr[LP_INTERP_MAX];
    unsigned n = lp_interp_read_all(ev, tr);
    int rc = LP_OK;
    for (unsigned k = 0; k < n && rc == LP_OK; k++)
        rc = lp_thread_table_follow(table, &tr[k]);
    return rc;
}

bool lp_thread_table_equal(const lp_thread_table *a, const lp_thread_table *b)
{
    if (a->count != b->count)
        return false;
    for (size_t i = 0; i < a->count; i++) {
        const lp_state_thread *x = &a->threads[i], *y = &b->threads[i];
        if (x->serial != y->serial || x->name_sid != y->name_sid || x->kind != y->kind
            || x->status != y->status || x->wait_kind != y->wait_kind || x->woken != y->woken
            || x->process != y->process || x->wait_sid != y->wait_sid
            || x->file_sid != y->file_sid || x->line != y->line || x->woken_by != y->woken_by
            || x->woken_at != y->woken_at || x->since != y->since || x->until != y->until
            || x->cpu_work != y->cpu_work || x->cpu_done != y->cpu_done
            || x->cpu_since != y->cpu_since || x->cpu_rate != y->cpu_rate)
            return false;
    }
    return true;
}
