/* run.c - looplab insights: the trace indexed once for every finder. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

/* Serials and ids past this are not indexed (no run makes that many). */
#define MAX_KEY ((uint32_t)1 << 26)

static int grow_u64(lpin__run *run, uint64_t **items, size_t *cap, uint32_t key)
{
    return lp_grow_zeroed(&run->alloc, (void **)items, cap, (size_t)key + 1, sizeof **items);
}

static int set_timer(lpin__run *run, uint32_t serial, uint32_t task, double when)
{
    size_t old = run->timer_cap;
    if (serial >= old) {
        size_t cap = old;
        if (lp_grow(&run->alloc, (void **)&run->timer_task, &cap, (size_t)serial + 1,
                    sizeof *run->timer_task) != LP_OK)
            return LP_E_NOMEM;
        size_t cap2 = old;
        if (lp_grow(&run->alloc, (void **)&run->timer_when, &cap2, cap, sizeof *run->timer_when) !=
            LP_OK)
            return LP_E_NOMEM;
        for (size_t i = old; i < cap; i++) {
            run->timer_task[i] = 0;
            run->timer_when[i] = (double)NAN;
        }
        run->timer_cap = cap;
    }
    run->timer_task[serial] = task;
    run->timer_when[serial] = when;
    return LP_OK;
}

int lpin__run_init(lpin__run *run, const lp_trace *trace, const lpin_source *source,
                   lpin_report *report, lp_allocator alloc)
{
    memset(run, 0, sizeof *run);
    run->trace = trace;
    run->source = source;
    run->report = report;
    run->alloc = alloc;
    uint32_t running_task = 0;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        switch (t.kind) {
        case LP_TR_TASK_MADE:
            if (t.task < MAX_KEY) {
                if (grow_u64(run, &run->task_names, &run->task_cap, t.task) != LP_OK ||
                    lp_grow_zeroed(&run->alloc, (void **)&run->task_loop, &run->task_loop_cap, (size_t)t.task + 1,
                                   sizeof *run->task_loop) != LP_OK)
                    return LP_E_NOMEM;
                run->task_names[t.task] = t.sid | (uint64_t)t.coro_sid << 32;
                run->task_loop[t.task] = t.loop;
            }
            break;
        case LP_TR_LOOP_RUNS:
            if (!run->loop_ran[t.loop]) { /* the first thread that runs it: loops rarely move */
                run->loop_ran[t.loop] = true;
                run->loop_thread[t.loop] = t.thread;
            }
            break;
        case LP_TR_TASK_RENAMED:
            if (t.task < run->task_cap)
                run->task_names[t.task] = (run->task_names[t.task] & ~(uint64_t)0xffffffffu) | t.sid;
            break;
        case LP_TR_THREAD_NAMED:
            if (t.thread < MAX_KEY) {
                if (grow_u64(run, &run->thread_name, &run->thread_cap, t.thread) != LP_OK)
                    return LP_E_NOMEM;
                run->thread_name[t.thread] = t.sid | (uint64_t)t.thread_kind << 32;
            }
            break;
        case LP_TR_TASK_STEPPED:
            running_task = t.task;
            break;
        case LP_TR_TIMER_SET:
            if (t.handle < MAX_KEY && set_timer(run, t.handle, running_task, t.when) != LP_OK)
                return LP_E_NOMEM;
            break;
        default:
            if (lp_interp_step_ends(&t))
                running_task = 0; /* a plain callback until a task steps */
            break;
        }
    }
    return LP_OK;
}

void lpin__run_free(lpin__run *run)
{
    lp_free(&run->alloc, run->task_names);
    lp_free(&run->alloc, run->timer_task);
    lp_free(&run->alloc, run->timer_when);
    lp_free(&run->alloc, run->thread_name);
    lp_free(&run->alloc, run->task_loop);
    memset(run, 0, sizeof *run);
}

const char *lpin__str(const lpin__run *run, uint64_t sid)
{
    const char *s = sid <= UINT32_MAX ? lp_strtab_get(&run->trace->strings, (uint32_t)sid, NULL) : NULL;
    return s ? s : "";
}

const char *lpin__source_line(const lpin__run *run, uint32_t file, uint32_t n)
{
    if (!run->source || !run->source->line || file == 0 || n == 0)
        return NULL;
    const char *path = lpin__str(run, file);
    return *path ? run->source->line(run->source->user, path, n) : NULL;
}

/* The label of names packed as TASK_NEW packs them: the coroutine's name
** without "()" when it has one, else the task's name. */
static void label_of(const lp_trace *trace, uint64_t names, char *out, size_t n)
{
    const char *coro = lp_strtab_get(&trace->strings, (uint32_t)(names >> 32), NULL);
    const char *name = lp_strtab_get(&trace->strings, (uint32_t)(names & 0xffffffffu), NULL);
    if (coro && *coro) {
        size_t len = strcspn(coro, "(");
        snprintf(out, n, "%.*s", (int)len, coro);
    } else {
        snprintf(out, n, "%s", name ? name : "");
    }
}

void lpin__task_label(const lpin__run *run, uint32_t task, char *out, size_t n)
{
    if (n == 0)
        return;
    out[0] = '\0';
    if (task < run->task_cap && run->task_names[task])
        label_of(run->trace, run->task_names[task], out, n);
    if (!out[0])
        snprintf(out, n, "task %u", (unsigned)task);
}

bool lpin__task_internal(const lpin__run *run, uint32_t task)
{
    if (task >= run->task_cap)
        return false;
    const char *coro = lpin__str(run, run->task_names[task] >> 32);
    return strncmp(coro, "BaseEventLoop.", 14) == 0;
}

bool lpin__task_loop_words(const lpin__run *run, uint32_t task, char *out, size_t n)
{
    if (task == 0 || task >= run->task_loop_cap)
        return false;
    uint8_t loop = run->task_loop[task];
    if (!run->loop_ran[loop] || run->loop_thread[loop] == 0)
        return false;
    snprintf(out, n, "the loop of thread '%s'", lpin__thread_name(run, run->loop_thread[loop]));
    return true;
}

uint32_t lpin__timer_task(const lpin__run *run, uint32_t serial)
{
    return serial < run->timer_cap ? run->timer_task[serial] : 0;
}

double lpin__timer_when(const lpin__run *run, uint32_t serial)
{
    return serial < run->timer_cap ? run->timer_when[serial] : (double)NAN;
}

const char *lpin__thread_name(const lpin__run *run, uint32_t thread)
{
    if (thread == 0)
        return "the loop thread";
    const char *name = thread < run->thread_cap ? lpin__str(run, run->thread_name[thread] & 0xffffffffu) : "";
    return *name ? name : "a thread";
}

unsigned lpin__thread_kind(const lpin__run *run, uint32_t thread)
{
    return thread < run->thread_cap ? (unsigned)(run->thread_name[thread] >> 32) : 0;
}

void lpin__seconds(double s, char *out, size_t n)
{
    if (s < 0.9995)
        snprintf(out, n, "%.0f ms", s * 1000.0);
    else
        snprintf(out, n, "%.2f s", s);
}

void lpin__text_add(lpin__text *t, const char *fmt, ...)
{
    if (t->len >= sizeof t->buf - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int wrote = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
    va_end(ap);
    if (wrote > 0)
        t->len += (size_t)wrote < sizeof t->buf - t->len ? (size_t)wrote : sizeof t->buf - 1 - t->len;
}
