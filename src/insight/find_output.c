/* find_output.c - looplab insights: the mistakes Python itself reports.
**
** Two of asyncio's mistakes are only known when Python says so on stderr,
** and the trace keeps every stderr line (OUTPUT, small 2):
**   FILE:LINE: RuntimeWarning: coroutine 'NAME' was never awaited
**   Task exception was never retrieved
**   future: <Task finished name='Task-2' coro=<boom() done, defined at FILE:LINE> exception=...>
** Each distinct location is one finding, with how many times it happened.
** A task still alive at exit is reported by Python only after the program's
** last traced line; the engine records it at exit (TASK_UNRETRIEVED: where
** its exception was raised, and its repr), and it is read the same way.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

#define MAX_SITES 64

typedef struct site {
    lpin_kind kind;
    uint32_t  file_sid, line;
    char      what[96];    /* the coroutine's name, or the exception */
    unsigned  count;
    lpin__draft draft;
} site;

typedef struct sites {
    site   items[MAX_SITES];
    size_t count;
} sites;

static site *site_for(sites *all, lpin_kind kind, uint32_t file_sid, uint32_t line,
                      const char *what)
{
    for (size_t i = 0; i < all->count; i++) {
        site *s = &all->items[i];
        if (s->kind == kind && s->file_sid == file_sid && s->line == line && !strcmp(s->what, what))
            return s;
    }
    if (all->count == MAX_SITES)
        return NULL;
    site *s = &all->items[all->count++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->file_sid = file_sid;
    s->line = line;
    snprintf(s->what, sizeof s->what, "%s", what);
    return s;
}

/* The file sid of a path the trace already holds (0 when it holds none). */
static uint32_t path_sid(const lpin__run *run, const char *path, size_t len)
{
    const lp_strtab *tab = &run->trace->strings;
    for (uint32_t id = 1; id < tab->count; id++) {
        size_t n = 0;
        const char *s = lp_strtab_get(tab, id, &n);
        if (s && n == len && memcmp(s, path, len) == 0)
            return id;
    }
    return 0;
}

/* The task whose name is `name` (len bytes), 0 if none. */
static uint32_t task_named(const lpin__run *run, const char *name, size_t len)
{
    for (uint32_t task = 1; task < run->task_cap; task++) {
        size_t n = 0;
        const char *s = lp_strtab_get(&run->trace->strings, (uint32_t)(run->task_names[task] & 0xffffffffu), &n);
        if (s && n == len && memcmp(s, name, len) == 0)
            return task;
    }
    return 0;
}

/* "FILE:LINE: RuntimeWarning: coroutine 'NAME' was never awaited" */
static bool never_awaited(const lpin__run *run, const char *text, uint32_t *file, uint32_t *line,
                          char *name, size_t n)
{
    const char *tag = strstr(text, ": RuntimeWarning: coroutine '");
    const char *tail = tag ? strstr(tag, "' was never awaited") : NULL;
    if (!tail)
        return false;
    const char *quote = tag + strlen(": RuntimeWarning: coroutine '");
    snprintf(name, n, "%.*s", (int)(tail - quote), quote);
    const char *colon = tag - 1;
    while (colon > text && *colon != ':')
        colon--;
    *line = colon > text ? (uint32_t)strtoul(colon + 1, NULL, 10) : 0;
    *file = colon > text ? path_sid(run, text, (size_t)(colon - text)) : 0;
    return true;
}

/* "future: <Task finished name='X' coro=<f() done, defined at FILE:LINE> exception=E>" */
static bool unretrieved(const lpin__run *run, const char *text, uint32_t *file, uint32_t *line,
                        char *what, size_t n)
{
    if (strncmp(text, "future: <Task finished ", 23) != 0)
        return false;
    const char *at = strstr(text, "defined at ");
    const char *end = at ? strchr(at, '>') : NULL;
    *file = 0;
    *line = 0;
    if (at && end) {
        at += strlen("defined at ");
        const char *colon = end;
        while (colon > at && *colon != ':')
            colon--;
        if (colon > at) {
            *line = (uint32_t)strtoul(colon + 1, NULL, 10);
            *file = path_sid(run, at, (size_t)(colon - at));
        }
    }
    const char *exc = strstr(text, " exception=");
    if (exc) {
        exc += strlen(" exception=");
        size_t len = strlen(exc);
        if (len > 0 && exc[len - 1] == '>')
            len--;
        snprintf(what, n, "%.*s", (int)len, exc);
    } else {
        snprintf(what, n, "an exception");
    }
    return true;
}

static int report_site(lpin__run *run, site *s)
{
    lpin__text sentence = {.len = 0};
    const char *fix;
    if (s->kind == LPIN_NEVER_AWAITED) {
        lpin__text_add(&sentence, "The coroutine %s() was made here and never awaited", s->what);
        if (s->count > 1)
            lpin__text_add(&sentence, " (%u times)", s->count);
        lpin__text_add(&sentence, ": its body never ran. Calling a coroutine function only "
                                  "builds a coroutine object.");
        fix = "Add `await` before the call, or run it in the background with "
              "`asyncio.create_task(...)` and keep the task.";
    } else {
        lpin__text_add(&sentence, "A task ended with %s and nobody awaited it or asked for its "
                                  "result",
                       s->what);
        if (s->count > 1)
            lpin__text_add(&sentence, " (%u times)", s->count);
        lpin__text_add(&sentence, ": the error was lost until Python reported it when the task "
                                  "was garbage-collected.");
        fix = "Await the task (or gather it) so its exception reaches you, or handle it in a "
              "done callback that calls `task.exception()`.";
    }
    s->draft.kind = s->kind;
    s->draft.file_sid = s->file_sid;
    s->draft.line = s->line;
    return lpin__add(run, &s->draft, sentence.buf, fix);
}

int lpin__find_output(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    sites *all = run->alloc.realloc(run->alloc.user, NULL, sizeof *all);
    if (!all)
        return LP_E_NOMEM;
    all->count = 0;
    uint32_t exit_file = 0, exit_line = 0;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        if (t.kind == LP_TR_TASK_UNRETRIEVED) {
            if (!t.flag) { /* where it was raised: its repr follows */
                exit_file = t.file_sid;
                exit_line = t.line;
                continue;
            }
            site *s = site_for(all, LPIN_NEVER_RETRIEVED, exit_file, exit_line, lpin__str(run, t.sid));
            if (s && s->count++ == 0) {
                s->draft.t0 = s->draft.t1 = t.time;
                s->draft.event = i;
            }
            if (s)
                lpin__draft_task(&s->draft, t.task);
            exit_file = exit_line = 0;
            continue;
        }
        if (t.kind != LP_TR_OUTPUT || t.stream != 2)
            continue;
        const char *text = lpin__str(run, t.sid);
        uint32_t file = 0, line = 0;
        char what[96];
        lpin_kind kind;
        if (never_awaited(run, text, &file, &line, what, sizeof what))
            kind = LPIN_NEVER_AWAITED;
        else if (unretrieved(run, text, &file, &line, what, sizeof what))
            kind = LPIN_NEVER_RETRIEVED;
        else
            continue;
        site *s = site_for(all, kind, file, line, what);
        if (!s)
            continue;
        if (s->count++ == 0) {
            s->draft.t0 = s->draft.t1 = t.time;
            s->draft.event = i;
        }
        const char *name = kind == LPIN_NEVER_RETRIEVED ? strstr(text, "name='") : NULL;
        const char *end = name ? strchr(name + 6, '\'') : NULL;
        if (end)
            lpin__draft_task(&s->draft, task_named(run, name + 6, (size_t)(end - name - 6)));
        else
            lpin__draft_task(&s->draft, t.task);
    }
    int rc = LP_OK;
    for (size_t k = 0; rc == LP_OK && k < all->count; k++)
        rc = report_site(run, &all->items[k]);
    lp_free(&run->alloc, all);
    return rc;
}
