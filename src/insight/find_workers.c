/* find_workers.c - looplab insights: waiting for a worker, and the GIL.
**
** Jobs queued for a free worker: WORK_TAKEN, recorded by the lane that took
** a job from its executor's backlog, says how long it waited and the pool's
** size; pools are told apart by their threads' name prefix
** ("ThreadPoolExecutor-0" of "ThreadPoolExecutor-0_1"). Threads slowed by the GIL: a thread of the
** program's process computing (CPU_RATE) at a share r < 1 of a CPU loses
** (1 - r) of each second to the other threads holding the GIL; process-pool
** lanes are processes of their own and are left out.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

typedef struct pool_wait {
    char     prefix[64];  /* its threads' name prefix */
    uint64_t lanes;       /* the pool's size */
    unsigned queued;      /* jobs that waited for a lane */
    double   total, longest;
    double   t0, t1;
    size_t   event;
    lpin__draft draft;
} pool_wait;

typedef struct cpu_share {
    double rate;          /* its share now, 0 = not computing */
} cpu_share;

#define MAX_POOLS 64

typedef struct workers {
    pool_wait pools[MAX_POOLS];
    size_t    pool_count;
    cpu_share *cpu;       /* thread job serial -> its CPU share; owned */
    size_t    job_cap;
    /* the GIL */
    double    gil_lost, gil_t0, gil_t1, gil_work;
    double    settled;    /* the GIL account is up to date until then */
    size_t    gil_event;
    unsigned  gil_peak;   /* most threads computing at once */
    lpin__draft gil_draft;
} workers;

static int grow_jobs(lpin__run *run, workers *w, uint32_t job)
{
    return lp_grow_zeroed(&run->alloc, (void **)&w->cpu, &w->job_cap, (size_t)job + 1, sizeof *w->cpu);
}

/* The pool whose lane `thread` is, by its name's prefix (NULL when full). */
static pool_wait *pool_of(const lpin__run *run, workers *w, uint32_t thread)
{
    const char *name = lpin__thread_name(run, thread);
    const char *cut = strrchr(name, '_');
    size_t len = cut ? (size_t)(cut - name) : strlen(name);
    if (len >= sizeof w->pools[0].prefix)
        len = sizeof w->pools[0].prefix - 1;
    for (size_t i = 0; i < w->pool_count; i++)
        if (strlen(w->pools[i].prefix) == len && !strncmp(w->pools[i].prefix, name, len))
            return &w->pools[i];
    if (w->pool_count == MAX_POOLS)
        return NULL;
    pool_wait *p = &w->pools[w->pool_count++];
    memset(p, 0, sizeof *p);
    memcpy(p->prefix, name, len);
    p->prefix[len] = '\0';
    return p;
}

static int report_pool(lpin__run *run, pool_wait *p)
{
    char total[32], longest[32];
    lpin__seconds(p->total, total, sizeof total);
    lpin__seconds(p->longest, longest, sizeof longest);
    lpin__text sentence = {.len = 0};
    lpin__text_add(&sentence, "%u job%s waited for a free worker of %s, a pool of %llu (%s in "
                              "all, up to %s each) before starting.",
                   p->queued, p->queued == 1 ? "" : "s", p->prefix, (unsigned long long)p->lanes,
                   total, longest);
    p->draft.kind = LPIN_POOL_QUEUE;
    p->draft.t0 = p->t0;
    p->draft.t1 = p->t1;
    p->draft.cost = p->longest;
    p->draft.event = p->event;
    return lpin__add(run, &p->draft, sentence.buf,
                     "If the jobs wait on I/O, give the pool more workers (`max_workers=`); if they "
                     "compute, more workers than CPUs will not help: fewer jobs at once will.");
}

/* Brings the GIL account up to `now`. While k threads of the program's
** process compute, each at 1/k of a CPU, the work they do in dt takes dt
** where one CPU each would have taken dt/k: (1 - share) of dt is lost. */
static void settle(const lpin__run *run, workers *w, double now)
{
    unsigned computing = 0;
    double share = 1.0;
    for (uint32_t job = 0; job < w->job_cap; job++) {
        const cpu_share *c = &w->cpu[job];
        if (c->rate <= 0.0 || lpin__thread_kind(run, job) == LP_THREAD_PROCESS_LANE)
            continue;
        computing++;
        if (c->rate < share)
            share = c->rate;
    }
    double dt = now - w->settled;
    if (computing >= 2 && share < 1.0 - 1e-9 && dt > 0.0) {
        w->gil_lost += dt * (1.0 - share);
        if (w->gil_t0 < 0.0)
            w->gil_t0 = w->settled;
        w->gil_t1 = now;
        for (uint32_t job = 0; job < w->job_cap; job++)
            if (w->cpu[job].rate > 0.0 && lpin__thread_kind(run, job) != LP_THREAD_PROCESS_LANE)
                lpin__draft_thread(&w->gil_draft, job);
    }
    if (computing > w->gil_peak)
        w->gil_peak = computing;
    w->settled = now;
}

int lpin__find_workers(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    workers *w = run->alloc.realloc(run->alloc.user, NULL, sizeof *w);
    if (!w)
        return LP_E_NOMEM;
    memset(w, 0, sizeof *w);
    w->gil_t0 = -1.0;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        uint32_t thread = t.thread;
        switch (t.kind) {
        case LP_TR_WORK_TAKEN: {
            pool_wait *p = pool_of(run, w, thread);
            if (p && t.when > LPIN_EPS) {
                if (p->queued++ == 0) {
                    p->t0 = t.time - t.when;
                    p->event = i;
                }
                p->lanes = t.count;
                p->total += t.when;
                if (t.when > p->longest)
                    p->longest = t.when;
                p->t1 = t.time;
                lpin__draft_thread(&p->draft, thread);
            }
            break;
        }
        case LP_TR_CPU_WORK:
            if (thread < (1u << 24) && (rc = grow_jobs(run, w, thread)) == LP_OK && w->gil_work == 0.0)
                w->gil_event = i;
            if (rc == LP_OK && lpin__thread_kind(run, thread) != LP_THREAD_PROCESS_LANE)
                w->gil_work += t.when;
            break;
        case LP_TR_CPU_RATE:
            if (thread < (1u << 24) && (rc = grow_jobs(run, w, thread)) == LP_OK) {
                settle(run, w, t.time);
                w->cpu[thread].rate = t.when;
            }
            break;
        default:
            break;
        }
    }
    for (size_t k = 0; rc == LP_OK && k < w->pool_count; k++)
        if (w->pools[k].longest >= LPIN_SLOW - LPIN_EPS)
            rc = report_pool(run, &w->pools[k]);
    if (rc == LP_OK && w->gil_lost >= LPIN_SLOW - LPIN_EPS) {
        char lost[32];
        lpin__seconds(w->gil_lost, lost, sizeof lost);
        lpin__text sentence = {.len = 0};
        lpin__text_add(&sentence, "Up to %u threads computed at once in one process: they take turns "
                                  "holding the GIL, so each ran at a fraction of a CPU and the "
                                  "work took %s longer than on one CPU each.",
                       w->gil_peak, lost);
        w->gil_draft.kind = LPIN_GIL;
        w->gil_draft.t0 = w->gil_t0 < 0.0 ? 0.0 : w->gil_t0;
        w->gil_draft.t1 = w->gil_t1;
        w->gil_draft.cost = w->gil_lost;
        w->gil_draft.event = w->gil_event;
        rc = lpin__add(run, &w->gil_draft, sentence.buf,
                       "For pure-Python CPU work, use processes: `loop.run_in_executor("
                       "ProcessPoolExecutor(), work)` runs them side by side.");
    }
    lp_free(&run->alloc, w->cpu);
    lp_free(&run->alloc, w);
    return rc;
}
