/* moments.c - looplab lessons: a lesson's moments found in a run's trace.
**
** One pass over the records. On the way it remembers what later records
** refer to by number: each timer's deadline (CALL_AT, by handle serial) and
** each task's name (TASK_NEW, by task number). Every note keeps a count of
** the records that match its moment and takes the index of the nth.
*/
#include "lesson/moments.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"

/* Timers due within this of a moment's time are the ones it means. */
#define TIME_EPSILON 1e-9

typedef struct scan {
    const lp_trace   *trace;
    const char       *run_file;
    const lp_allocator *alloc;
    double   *deadline;     /* deadline[serial] of each timer, NAN if none */
    size_t    deadline_cap;
    uint64_t *task_name;    /* task_name[order]: the task's name sid | coroutine sid << 32 */
    size_t    task_cap;
    uint32_t  file_sid;     /* the last file string id checked, and its result */
    bool      file_checked, file_matches;
} scan;

/* Serials and task numbers past this are not remembered (no run has them). */
#define MAX_KEY ((uint32_t)1 << 28)

static int set_deadline(scan *s, uint32_t serial, double when)
{
    if (serial >= MAX_KEY)
        return LP_OK;
    size_t old = s->deadline_cap;
    if (serial >= old) {
        if (lp_grow(s->alloc, (void **)&s->deadline, &s->deadline_cap, (size_t)serial + 1,
                    sizeof *s->deadline) != LP_OK)
            return LP_E_NOMEM;
        for (size_t i = old; i < s->deadline_cap; i++)
            s->deadline[i] = (double)NAN; /* not a timer */
    }
    s->deadline[serial] = when;
    return LP_OK;
}

static int set_task_name(scan *s, uint32_t order, uint64_t names)
{
    if (order >= MAX_KEY)
        return LP_OK;
    size_t old = s->task_cap;
    if (order >= old) {
        if (lp_grow(s->alloc, (void **)&s->task_name, &s->task_cap, (size_t)order + 1,
                    sizeof *s->task_name) != LP_OK)
            return LP_E_NOMEM;
        memset(s->task_name + old, 0, (s->task_cap - old) * sizeof *s->task_name);
    }
    s->task_name[order] = names;
    return LP_OK;
}

static const char *string(const scan *s, uint64_t sid)
{
    const char *text = sid <= UINT32_MAX ? lp_strtab_get(&s->trace->strings, (uint32_t)sid, NULL) : NULL;
    return text ? text : "";
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool file_matches(scan *s, uint32_t sid)
{
    if (s->run_file == NULL)
        return true;
    if (!s->file_checked || s->file_sid != sid) {
        const char *file = string(s, sid);
        s->file_sid = sid;
        s->file_checked = true;
        s->file_matches = strcmp(file, s->run_file) == 0 ||
                          strcmp(base_name(file), base_name(s->run_file)) == 0;
    }
    return s->file_matches;
}

/* Whether a task is called `name`: its name, or its coroutine function's
** (the trace's "tick()" or "main.<locals>.tick()" for "tick"). */
static bool task_named(const scan *s, uint32_t order, const char *name)
{
    uint64_t names = order < s->task_cap ? s->task_name[order] : 0;
    if (names == 0)
        return false;
    if (strcmp(string(s, names & 0xffffffffu), name) == 0)
        return true;
    const char *coro = string(s, names >> 32);
    size_t len = strlen(coro), n = strlen(name);
    if (len < n + 2 || strcmp(coro + len - 2, "()") != 0 || memcmp(coro + len - 2 - n, name, n) != 0)
        return false;
    return len == n + 2 || coro[len - 3 - n] == '.';
}

/* Whether transition `t` is an occurrence of moment `m`. */
static bool matches(scan *s, const lpl_moment *m, const lp_transition *t)
{
    switch (m->kind) {
    case LPL_AT_START:
    case LPL_AT_END:
        return false; /* by position, not by kind */
    case LPL_AT_LINE:
        return (t->kind == LP_TR_TASK_AT || t->kind == LP_TR_BLOCK_AT) &&
               (int64_t)t->line == m->line && file_matches(s, t->file_sid);
    case LPL_AT_TIME:
        return t->time >= m->time - TIME_EPSILON;
    case LPL_AT_TIMER:
        if (t->kind != LP_TR_TIMER_DUE)
            return false;
        if (m->time < 0)
            return true;
        return t->handle < s->deadline_cap && fabs(s->deadline[t->handle] - m->time) <= TIME_EPSILON;
    case LPL_AT_PRINT:
        return t->kind == LP_TR_OUTPUT && strncmp(string(s, t->sid), m->text, strlen(m->text)) == 0;
    case LPL_AT_DONE:
        return t->kind == LP_TR_TASK_DONE && task_named(s, t->task, m->text);
    case LPL_AT_CANCEL:
        return t->kind == LP_TR_TASK_CANCEL && task_named(s, t->task, m->text);
    case LPL_AT_TIMEOUT:
        return t->kind == LP_TR_TASK_TIMEOUT;
    case LPL_AT_BLOCK:
        return t->kind == LP_TR_BLOCK_BEGIN;
    }
    return false;
}

/* Records what later records refer to. */
static int learn(scan *s, const lp_transition *t)
{
    if (t->kind == LP_TR_TIMER_SET)
        return set_deadline(s, t->handle, t->when);
    if (t->kind == LP_TR_TASK_MADE)
        return set_task_name(s, t->task, (uint64_t)t->coro_sid << 32 | t->sid);
    return LP_OK;
}

int lpl_find_moments(const lpl_lesson *lesson, const lp_trace *trace, const char *run_file,
                     size_t *index)
{
    size_t n = lesson->nnotes;
    size_t count = lp_trace_count(trace);
    lp_allocator alloc = lp_allocator_or_default(&lesson->alloc);
    scan s = {.trace = trace, .run_file = run_file, .alloc = &alloc};
    unsigned *seen = n ? alloc.realloc(alloc.user, NULL, n * sizeof *seen) : NULL;
    int rc = (n && seen == NULL) ? LP_E_NOMEM : LP_OK;
    for (size_t i = 0; i < n; i++) {
        index[i] = LPL_NEVER;
        if (seen)
            seen[i] = 0;
    }
    for (size_t r = 0; rc == LP_OK && r < count; r++) {
        lp_transition ts[LP_INTERP_MAX];
        unsigned nt = lp_interp_read_all(lp_trace_at(trace, r), ts);
        for (unsigned k = 0; rc == LP_OK && k < (nt ? nt : 1); k++) { /* both are record r's */
            const lp_transition *t = &ts[k];
            rc = learn(&s, t);
            for (size_t i = 0; rc == LP_OK && i < n; i++) {
                const lpl_moment *m = &lesson->notes[i].at;
                if (index[i] == LPL_NEVER && matches(&s, m, t) && ++seen[i] == m->nth)
                    index[i] = r;
            }
        }
    }
    for (size_t i = 0; rc == LP_OK && i < n && count > 0; i++) {
        const lpl_moment *m = &lesson->notes[i].at;
        if (m->kind == LPL_AT_START && m->nth == 1)
            index[i] = 0;
        else if (m->kind == LPL_AT_END && m->nth == 1)
            index[i] = count - 1;
    }
    if (rc != LP_OK)
        for (size_t i = 0; i < n; i++)
            index[i] = LPL_NEVER;
    lp_free(&alloc, seen);
    lp_free(&alloc, s.deadline);
    lp_free(&alloc, s.task_name);
    return rc;
}

long lpl_note_shown(const lpl_lesson *lesson, const size_t *index, size_t applied)
{
    long shown = -1;
    for (size_t i = 0; i < lesson->nnotes; i++)
        if (index[i] != LPL_NEVER && index[i] < applied &&
            (shown < 0 || index[i] >= index[shown]))
            shown = (long)i;
    return shown;
}

long lpl_next_checkpoint(const lpl_lesson *lesson, const size_t *index, size_t from, size_t to)
{
    long next = -1;
    for (size_t i = 0; i < lesson->nnotes; i++)
        if (lesson->notes[i].kind == LPL_ASK && index[i] != LPL_NEVER && index[i] >= from &&
            index[i] < to && (next < 0 || index[i] < index[next]))
            next = (long)i;
    return next;
}
