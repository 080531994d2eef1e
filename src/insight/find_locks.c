/* find_locks.c - looplab insights: an asyncio.Lock held across a slow await.
**
** Read from the wake-ups: a task that waited on a lock (TASK_WAIT kind
** LOCK) is woken by a step of the task that released it; its CALL_SOON
** happened in that step. If the releaser had been suspended on something
** else just before (its last stop was not itself a lock wait), it held the
** lock across that await, and the waiter's wait is the cost; an await of
** LPIN_SLOW or more inside the lock makes a finding. A waiter woken
** by a task that was only passing the lock on (it had waited for the lock
** too) is blamed on what held up that task. Waits blamed on one await (the
** holder's file:line) make one finding.
*/
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

#define MAX_SITES 64
#define NO_SITE 0xffffffffu

typedef struct holder_site {
    uint64_t at;          /* the holder's await (as TASK_SUSPEND packs it) */
    uint32_t holder;
    unsigned waiters;
    double   total, longest;
    double   await_longest; /* the holder's longest await inside the lock */
    lpin__draft draft;
} holder_site;

typedef struct task_lock {
    bool     waiting;
    bool     lock_wait;   /* its current (or last) wait is for a lock */
    double   since;       /* when it stopped */
    uint64_t at;          /* where it stopped */
    uint32_t blamed;      /* the site its last lock wait is blamed on */
} task_lock;

typedef struct waker {   /* what the task that queued a handle was, then */
    uint32_t task;
    bool     held_across; /* it came back from a wait that was not a lock wait */
    uint64_t at;          /* that wait's place */
    double   since;
    double   queued_at;   /* when it queued the handle (released the lock) */
    uint32_t blamed;      /* else: what its own lock wait was blamed on */
} waker;

typedef struct locks {
    holder_site sites[MAX_SITES];
    size_t      site_count;
    task_lock  *tasks;    /* owned */
    size_t      task_cap;
    waker      *wakers;   /* handle serial -> who queued it; owned */
    size_t      waker_cap;
} locks;

static int grow(lpin__run *run, void **items, size_t *cap, uint32_t key, size_t size)
{
    return lp_grow_zeroed(&run->alloc, items, cap, (size_t)key + 1, size);
}

static uint32_t site_for(locks *l, uint32_t holder, uint64_t at)
{
    for (size_t i = 0; i < l->site_count; i++)
        if (l->sites[i].holder == holder && l->sites[i].at == at)
            return (uint32_t)i;
    if (l->site_count == MAX_SITES)
        return NO_SITE;
    holder_site *s = &l->sites[l->site_count];
    memset(s, 0, sizeof *s);
    s->holder = holder;
    s->at = at;
    return (uint32_t)l->site_count++;
}

static int report(lpin__run *run, holder_site *s)
{
    char who[64], total[32], longest[32];
    lpin__task_label(run, s->holder, who, sizeof who);
    lpin__seconds(s->total, total, sizeof total);
    lpin__seconds(s->longest, longest, sizeof longest);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence, "%s held an asyncio lock across this await while %u other task%s "
                              "waited for it (%s in all, up to %s).",
                   who, s->waiters, s->waiters == 1 ? "" : "s", total, longest);
    s->draft.kind = LPIN_LOCK_HELD;
    s->draft.file_sid = lpin__loc_file(s->at);
    s->draft.line = lpin__loc_line(s->at);
    s->draft.cost = s->total;
    return lpin__add(run, &s->draft, sentence.buf,
                     "Hold the lock only around the shared state: do slow awaits (I/O, sleeps, "
                     "calls to other services) before or after `async with lock`.");
}

static void wakes(locks *l, uint32_t waiter, const waker *by, const lp_transition *ev, size_t index)
{
    task_lock *w = &l->tasks[waiter];
    double waited = ev->time - w->since;
    uint32_t site = NO_SITE;
    if (by->task && by->task != waiter)
        site = by->held_across ? site_for(l, by->task, by->at) : by->blamed;
    w->blamed = site;
    if (site == NO_SITE || waited <= LPIN_EPS)
        return;
    holder_site *s = &l->sites[site];
    if (by->held_across && by->queued_at - by->since > s->await_longest)
        s->await_longest = by->queued_at - by->since;
    if (s->waiters++ == 0) {
        s->draft.t0 = by->held_across ? by->since : w->since;
        s->draft.event = index;
        lpin__draft_task(&s->draft, s->holder);
    }
    s->total += waited;
    if (waited > s->longest)
        s->longest = waited;
    if (ev->time > s->draft.t1)
        s->draft.t1 = ev->time;
    lpin__draft_task(&s->draft, waiter);
}

int lpin__find_locks(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    locks *l = run->alloc.realloc(run->alloc.user, NULL, sizeof *l);
    if (!l)
        return LP_E_NOMEM;
    memset(l, 0, sizeof *l);
    uint32_t running = 0;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        switch (t.kind) {
        case LP_TR_HANDLE_QUEUED:
            if (running && t.handle < (1u << 24) &&
                (rc = grow(run, (void **)&l->wakers, &l->waker_cap, t.handle, sizeof *l->wakers)) == LP_OK) {
                const task_lock *r = &l->tasks[running];
                waker *k = &l->wakers[t.handle];
                k->task = running;
                k->held_across = !r->lock_wait && r->since < t.time - LPIN_EPS;
                k->at = r->at;
                k->since = r->since;
                k->queued_at = t.time;
                k->blamed = r->lock_wait ? r->blamed : NO_SITE;
            }
            break;
        case LP_TR_TASK_STEPPED:
            if (t.task >= (1u << 24) ||
                (rc = grow(run, (void **)&l->tasks, &l->task_cap, t.task, sizeof *l->tasks)) != LP_OK)
                break;
            running = t.task;
            if (l->tasks[t.task].waiting && l->tasks[t.task].lock_wait) {
                waker none = {.task = 0, .blamed = NO_SITE};
                wakes(l, t.task, t.handle < l->waker_cap ? &l->wakers[t.handle] : &none, &t, i);
            }
            l->tasks[t.task].waiting = false;
            break;
        case LP_TR_TASK_AT:
            if (t.task < l->task_cap) {
                task_lock *held = &l->tasks[t.task];
                held->waiting = true;
                held->lock_wait = false;
                held->since = t.time;
                held->at = lpin__loc(t.file_sid, t.line);
            }
            running = 0;
            break;
        case LP_TR_TASK_WAITS:
            if (t.task < l->task_cap)
                l->tasks[t.task].lock_wait = t.wait == LP_WAIT_LOCK;
            break;
        case LP_TR_TASK_DONE:
            running = 0;
            break;
        default:
            break;
        }
    }
    for (size_t k = 0; rc == LP_OK && k < l->site_count; k++)
        if (l->sites[k].await_longest >= LPIN_SLOW - LPIN_EPS)
            rc = report(run, &l->sites[k]);
    lp_free(&run->alloc, l->tasks);
    lp_free(&run->alloc, l->wakers);
    lp_free(&run->alloc, l);
    return rc;
}
