/* report.c - looplab insights: the findings of a run, their order and life. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "insight/insight_int.h"

static const char *const kind_ids[] = {
#define LPIN__KIND_ID(name, id, heading) id,
    LPIN_KINDS(LPIN__KIND_ID)
#undef LPIN__KIND_ID
};

static const char *const kind_headings[] = {
#define LPIN__KIND_HEADING(name, id, heading) heading,
    LPIN_KINDS(LPIN__KIND_HEADING)
#undef LPIN__KIND_HEADING
};

const char *lpin_kind_id(lpin_kind kind)
{
    return (unsigned)kind < LPIN__KIND_COUNT ? kind_ids[kind] : "?";
}

const char *lpin_kind_heading(lpin_kind kind)
{
    return (unsigned)kind < LPIN__KIND_COUNT ? kind_headings[kind] : "?";
}

static char *copy(const lp_allocator *a, const char *s)
{
    size_t len = strlen(s);
    char *out = a->realloc(a->user, NULL, len + 1);
    if (out)
        memcpy(out, s, len + 1);
    return out;
}

void lpin__draft_task(lpin__draft *d, uint32_t task)
{
    if (task == 0)
        return;
    for (size_t i = 0; i < d->task_count; i++)
        if (d->tasks[i] == task)
            return;
    if (d->task_count < LPIN_MAX_NAMES)
        d->tasks[d->task_count++] = task;
}

void lpin__draft_thread(lpin__draft *d, uint32_t thread)
{
    for (size_t i = 0; i < d->thread_count; i++)
        if (d->threads[i] == thread)
            return;
    if (d->thread_count < LPIN_MAX_NAMES)
        d->threads[d->thread_count++] = thread;
}

static void finding_free(const lp_allocator *a, lpin_finding *f)
{
    lp_free(a, f->file);
    lp_free(a, f->summary);
    lp_free(a, f->fix);
    for (size_t i = 0; i < f->task_count; i++)
        lp_free(a, f->tasks[i]);
    for (size_t i = 0; i < f->thread_count; i++)
        lp_free(a, f->threads[i]);
    for (size_t i = 0; i < f->cycle_len; i++) {
        lp_free(a, f->cycle[i].who);
        lp_free(a, f->cycle[i].lock);
    }
}

int lpin__add(lpin__run *run, const lpin__draft *d, const char *summary, const char *fix)
{
    lpin_report *r = run->report;
    if (lp_grow(&r->alloc, (void **)&r->findings, &r->cap, r->count + 1, sizeof *r->findings) != LP_OK)
        return LP_E_NOMEM;
    lpin_finding *f = &r->findings[r->count];
    memset(f, 0, sizeof *f);
    f->kind = d->kind;
    f->line = d->line;
    f->t0 = d->t0;
    f->t1 = d->t1;
    f->cost = d->cost;
    f->event = d->event;
    const char *file = lpin__str(run, d->file_sid);
    bool ok = true;
    if (*file)
        ok = (f->file = copy(&r->alloc, file)) != NULL;
    /* a finding in an event loop of another thread says whose, first */
    char loop[160], *named = NULL;
    if (d->task_count && lpin__task_loop_words(run, d->tasks[0], loop, sizeof loop)) {
        size_t len = strlen(loop) + strlen(summary) + 8;
        named = r->alloc.realloc(r->alloc.user, NULL, len);
        ok = ok && named != NULL;
        if (named)
            snprintf(named, len, "In %s: %s", loop, summary);
    }
    ok = ok && (f->summary = copy(&r->alloc, named ? named : summary)) != NULL;
    lp_free(&r->alloc, named);
    ok = ok && (f->fix = copy(&r->alloc, fix)) != NULL;
    for (size_t i = 0; ok && i < d->task_count; i++) {
        char label[128];
        lpin__task_label(run, d->tasks[i], label, sizeof label);
        f->task_ids[i] = d->tasks[i];
        ok = (f->tasks[i] = copy(&r->alloc, label)) != NULL;
        f->task_count = i + 1;
    }
    for (size_t i = 0; ok && i < d->thread_count; i++) {
        f->thread_ids[i] = d->threads[i];
        ok = (f->threads[i] = copy(&r->alloc, lpin__thread_name(run, d->threads[i]))) != NULL;
        f->thread_count = i + 1;
    }
    for (size_t i = 0; ok && i < d->cycle_len && i < LPIN_MAX_NAMES; i++) {
        f->cycle[i] = d->cycle[i];
        f->cycle[i].who = copy(&r->alloc, d->cycle[i].who);
        f->cycle[i].lock = copy(&r->alloc, d->cycle[i].lock);
        f->cycle_len = i + 1;
        ok = f->cycle[i].who && f->cycle[i].lock;
    }
    if (!ok) {
        finding_free(&r->alloc, f);
        return LP_E_NOMEM;
    }
    r->count++;
    return LP_OK;
}

/* A deadlock first (it ends the run: no delay costs more), then costliest
** first; at equal cost (mistakes cost 0), earliest first. */
static int by_cost(const void *pa, const void *pb)
{
    const lpin_finding *a = pa, *b = pb;
    if ((a->kind == LPIN_DEADLOCK) != (b->kind == LPIN_DEADLOCK))
        return a->kind == LPIN_DEADLOCK ? -1 : 1;
    if (a->cost != b->cost)
        return a->cost > b->cost ? -1 : 1;
    if (a->event != b->event)
        return a->event < b->event ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

typedef int (*finder)(lpin__run *run);

int lpin_analyze(const lp_trace *trace, const lpin_source *source, lp_allocator alloc,
                 lpin_report *report)
{
    static const finder finders[] = {
        lpin__find_blocked, lpin__find_sequential, lpin__find_output,  lpin__find_dropped,
        lpin__find_cancel,  lpin__find_starvation, lpin__find_workers, lpin__find_locks,
        lpin__find_lock_order, lpin__find_deadlock,
    };
    memset(report, 0, sizeof *report);
    report->alloc = lp_allocator_or_default(&alloc);
    lpin__run run;
    int rc = lpin__run_init(&run, trace, source, report, report->alloc);
    for (size_t i = 0; rc == LP_OK && i < sizeof finders / sizeof finders[0]; i++)
        rc = finders[i](&run);
    lpin__run_free(&run);
    if (rc != LP_OK) {
        lpin_report_free(report);
        return rc;
    }
    if (report->count > 1)
        qsort(report->findings, report->count, sizeof *report->findings, by_cost);
    return LP_OK;
}

void lpin_report_free(lpin_report *report)
{
    for (size_t i = 0; i < report->count; i++)
        finding_free(&report->alloc, &report->findings[i]);
    lp_free(&report->alloc, report->findings);
    lp_allocator alloc = report->alloc;
    memset(report, 0, sizeof *report);
    report->alloc = alloc;
}
