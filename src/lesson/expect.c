/* expect.c - looplab lessons: "#: expect" lines, parsed and checked (expect.h). */
#include "lesson/expect.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "lesson/text.h"

/* The clock matches an expected time within this (times are in seconds). */
#define TIME_EPSILON 1e-6

static const char *const KINDS[] = {
    [LPL_EXPECT_TIMERS] = "timers",   [LPL_EXPECT_READY] = "ready", [LPL_EXPECT_RUNNING] = "running",
    [LPL_EXPECT_WAITING] = "waiting", [LPL_EXPECT_FROZEN] = "frozen", [LPL_EXPECT_OUTPUT] = "output",
    [LPL_EXPECT_TIME] = "time",       [LPL_EXPECT_TASK] = "task",   [LPL_EXPECT_WORKERS] = "workers",
    [LPL_EXPECT_FINDING] = "finding",
};
#define NKINDS (sizeof KINDS / sizeof KINDS[0])

/* The task states an author may name (the window's, ui/model.h). */
static const char *const STATES[] = {"new",  "ready",  "running",   "waiting",
                                     "blocked", "done", "failed", "cancelled", "computing"};
#define NSTATES (sizeof STATES / sizeof STATES[0])

size_t lpl_note_applied(const lpl_note *note, size_t index)
{
    return note->kind == LPL_ASK ? index : index + 1;
}

/* ---- parsing -------------------------------------------------------------- */

static int bad(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return LP_E_INVAL;
}

static int add_name(const lp_allocator *a, lpl_expect *e, size_t *cap, lpl__span name)
{
    if (lp_grow(a, (void **)&e->names, cap, e->nnames + 1, sizeof *e->names) != LP_OK)
        return LP_E_NOMEM;
    char *s = lpl__strndup(a, name.s, name.n);
    if (s == NULL)
        return LP_E_NOMEM;
    e->names[e->nnames++] = s;
    return LP_OK;
}

/* "a, b, c" or "none" (an empty list). `one`: at most one name. */
static int name_list(const lp_allocator *a, lpl_expect *e, lpl__span rest, bool one, char *why, size_t n)
{
    rest = lpl__trim(rest);
    const char *kind = KINDS[e->kind];
    if (rest.n == 0)
        return bad(why, n, "'expect %s' needs %s, or 'none'", kind, one ? "a task" : "task names");
    if (lpl__is(rest, "none"))
        return LP_OK;
    size_t cap = 0;
    while (rest.n > 0) {
        const char *comma = memchr(rest.s, ',', rest.n);
        size_t len = comma ? (size_t)(comma - rest.s) : rest.n;
        lpl__span name = lpl__trim((lpl__span){rest.s, len});
        if (name.n == 0)
            return bad(why, n, "an empty name in the list after 'expect %s'", kind);
        if (memchr(name.s, ' ', name.n) || memchr(name.s, '\t', name.n))
            return bad(why, n, "'%.*s' is not a name: separate names with commas", (int)name.n, name.s);
        if (lpl__is(name, "none"))
            return bad(why, n, "'none' stands alone: it means an empty list");
        if (add_name(a, e, &cap, name) != LP_OK)
            return LP_E_NOMEM;
        if (comma == NULL)
            break;
        rest = (lpl__span){comma + 1, rest.n - len - 1};
        if (lpl__trim(rest).n == 0)
            return bad(why, n, "a comma with no name after it");
    }
    if (one && e->nnames > 1)
        return bad(why, n, "'expect %s' takes one task", kind);
    return LP_OK;
}

/* "TEXT" with \" and \\, or none. */
static int quoted(const lp_allocator *a, lpl_expect *e, lpl__span rest, char *why, size_t n)
{
    rest = lpl__trim(rest);
    if (lpl__is(rest, "none"))
        return LP_OK;
    if (rest.n < 2 || rest.s[0] != '"')
        return bad(why, n, "'expect output' needs text in double quotes, or 'none'");
    lpl__buf b = {.alloc = a};
    size_t i = 1;
    for (; i < rest.n && rest.s[i] != '"'; i++) {
        if (rest.s[i] == '\\' && i + 1 < rest.n)
            i++;
        if (lpl__buf_add(&b, &rest.s[i], 1) != LP_OK) {
            lpl__buf_free(&b);
            return LP_E_NOMEM;
        }
    }
    if (i >= rest.n || i + 1 != rest.n || b.len == 0) {
        const char *what = i >= rest.n  ? "the quoted text has no closing '\"'"
                           : b.len == 0 ? "'expect output' needs some text between the quotes"
                                        : "unexpected text after the closing '\"'";
        lpl__buf_free(&b);
        return bad(why, n, "%s", what);
    }
    e->text = lpl__buf_take(&b);
    return e->text ? LP_OK : LP_E_NOMEM;
}

static int parse_args(const lp_allocator *a, lpl_expect *e, lpl__span rest, char *why, size_t n)
{
    const char *kind = KINDS[e->kind];
    lpl__span w;
    switch (e->kind) {
    case LPL_EXPECT_TIMERS:
    case LPL_EXPECT_WORKERS:
    case LPL_EXPECT_TIME:
        w = lpl__word(&rest);
        if (!lpl__number(w, e->kind != LPL_EXPECT_TIME, 1e9, &e->number))
            return bad(why, n, e->kind == LPL_EXPECT_TIME ? "'expect time' needs a time in seconds, as in: expect time 1.5"
                                                         : "'expect %s' needs a count, as in: expect %s 2",
                       kind, kind);
        break;
    case LPL_EXPECT_READY:
    case LPL_EXPECT_WAITING:
    case LPL_EXPECT_RUNNING:
        return name_list(a, e, rest, e->kind == LPL_EXPECT_RUNNING, why, n);
    case LPL_EXPECT_FROZEN:
        break;
    case LPL_EXPECT_OUTPUT:
        return quoted(a, e, rest, why, n);
    case LPL_EXPECT_FINDING: {
        lpl__span id = lpl__word(&rest);
        if (id.n == 0)
            return bad(why, n, "'expect finding' needs the kind of an insight, as in: "
                               "expect finding blocked_loop line 45");
        size_t cap = 0;
        if (add_name(a, e, &cap, id) != LP_OK)
            return LP_E_NOMEM;
        lpl__span tail = lpl__trim(rest);
        if (tail.n > 0) {
            lpl__span line = lpl__word(&rest);
            w = lpl__word(&rest);
            if (!lpl__is(line, "line") || !lpl__number(w, true, 1e9, &e->number) || e->number < 1)
                return bad(why, n, "after 'expect finding %.*s' only 'line N' may follow",
                           (int)id.n, id.s);
        }
        break;
    }
    case LPL_EXPECT_TASK: {
        lpl__span name = lpl__word(&rest), state = lpl__word(&rest);
        if (name.n == 0 || state.n == 0)
            return bad(why, n, "'expect task' needs a task and a state, as in: expect task worker waiting");
        size_t k = 0;
        while (k < NSTATES && !lpl__is(state, STATES[k]))
            k++;
        if (k == NSTATES)
            return bad(why, n, "unknown state '%.*s' (expected new, ready, running, waiting, blocked, "
                               "done, failed, cancelled or computing)", (int)state.n, state.s);
        size_t cap = 0;
        if (add_name(a, e, &cap, name) != LP_OK || (e->text = lpl__strndup(a, state.s, state.n)) == NULL)
            return LP_E_NOMEM;
        break;
    }
    }
    rest = lpl__trim(rest);
    if (rest.n > 0)
        return bad(why, n, "unexpected '%.*s' after 'expect %s'", (int)rest.n, rest.s, kind);
    return LP_OK;
}

int lpl__parse_expect(const lp_allocator *a, const char *text, size_t len, lpl_expect *out,
                      char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    lpl__span rest = lpl__trim((lpl__span){text, len});
    lpl__span w = lpl__word(&rest);
    if (lpl__is(w, "not")) {
        out->negate = true;
        w = lpl__word(&rest);
    }
    size_t k = 0;
    while (k < NKINDS && !lpl__is(w, KINDS[k]))
        k++;
    if (k == NKINDS)
        return bad(why, n, "unknown expectation '%.*s' (expected timers, ready, running, waiting, "
                           "frozen, output, time, task, workers or finding)", (int)w.n, w.s);
    out->kind = (lpl_expect_kind)k;
    int rc = parse_args(a, out, rest, why, n);
    if (rc != LP_OK) {
        lpl__expect_free(out, a);
        if (rc == LP_E_NOMEM)
            snprintf(why, n, "out of memory");
    }
    return rc;
}

void lpl__expect_free(lpl_expect *e, const lp_allocator *a)
{
    for (size_t i = 0; i < e->nnames; i++)
        lp_free(a, e->names[i]);
    lp_free(a, e->names);
    lp_free(a, e->text);
    memset(e, 0, sizeof *e);
}

/* ---- checking ------------------------------------------------------------- */

/* Appends "a, b, c" (or `empty`) to out. */
static void list(char *out, size_t n, const char *const *names, size_t count, const char *empty)
{
    size_t o = strlen(out);
    if (count == 0)
        snprintf(out + o, n > o ? n - o : 0, "%s", empty);
    for (size_t i = 0; i < count && o < n; i++) {
        snprintf(out + o, n - o, "%s%s", i ? ", " : "", names[i]);
        o = strlen(out);
    }
}

static bool in_waiting(const lpl_view_task *t)
{
    /* the WAITING area holds the tasks that wait, and those made but not yet queued */
    return strcmp(t->state, "waiting") == 0 || strcmp(t->state, "new") == 0;
}

/* Whether the waiting tasks are exactly the names, as a multiset. */
static bool same_waiting(const lpl_expect *e, const lpl_view *v)
{
    size_t waiting = 0;
    for (size_t i = 0; i < v->ntasks; i++)
        waiting += in_waiting(&v->tasks[i]);
    if (waiting != e->nnames)
        return false;
    for (size_t i = 0; i < e->nnames; i++) {
        size_t want = 0, have = 0;
        for (size_t j = 0; j < e->nnames; j++)
            want += strcmp(e->names[j], e->names[i]) == 0;
        for (size_t j = 0; j < v->ntasks; j++)
            have += in_waiting(&v->tasks[j]) && strcmp(v->tasks[j].label, e->names[i]) == 0;
        if (want != have)
            return false;
    }
    return true;
}

/* "no finding yet" or "the findings so far: blocked_loop at line 45, ...". */
static void findings_so_far(const lpl_view *v, char *out, size_t n)
{
    snprintf(out, n, v->nfindings ? "the findings so far: " : "no finding yet");
    size_t o = strlen(out);
    for (size_t i = 0; i < v->nfindings && o < n; i++) {
        const lpl_view_finding *f = &v->findings[i];
        if (f->line > 0)
            snprintf(out + o, n - o, "%s%s at line %d", i ? ", " : "", f->kind, f->line);
        else
            snprintf(out + o, n - o, "%s%s elsewhere", i ? ", " : "", f->kind);
        o = strlen(out);
    }
}

static bool has_finding(const lpl_expect *e, const lpl_view *v)
{
    for (size_t i = 0; i < v->nfindings; i++)
        if (strcmp(v->findings[i].kind, e->names[0]) == 0 &&
            (e->number == 0 || (double)v->findings[i].line == e->number))
            return true;
    return false;
}

static bool holds(const lpl_expect *e, const lpl_view *v, char *shows, size_t n)
{
    shows[0] = '\0';
    switch (e->kind) {
    case LPL_EXPECT_TIMERS:
        snprintf(shows, n, "TIMERS lists %zu", v->timers);
        return (double)v->timers == e->number;
    case LPL_EXPECT_WORKERS:
        snprintf(shows, n, "%zu at work in workers", v->workers);
        return (double)v->workers == e->number;
    case LPL_EXPECT_TIME:
        snprintf(shows, n, "the clock reads %.3f s", v->time);
        return fabs(v->time - e->number) < TIME_EPSILON;
    case LPL_EXPECT_FROZEN:
        snprintf(shows, n, v->frozen ? "the loop is frozen" : "the loop is not frozen");
        return v->frozen;
    case LPL_EXPECT_RUNNING:
        snprintf(shows, n, "RUNNING shows %s", v->running ? v->running : "nothing");
        return e->nnames == 0 ? v->running == NULL
                              : v->running != NULL && strcmp(v->running, e->names[0]) == 0;
    case LPL_EXPECT_READY: {
        snprintf(shows, n, "the ready queue holds ");
        list(shows, n, v->ready, v->nready, "nothing");
        if (v->nready != e->nnames)
            return false;
        for (size_t i = 0; i < e->nnames; i++)
            if (strcmp(v->ready[i], e->names[i]) != 0)
                return false;
        return true;
    }
    case LPL_EXPECT_WAITING: {
        snprintf(shows, n, "WAITING holds ");
        size_t o = strlen(shows), count = 0;
        for (size_t i = 0; i < v->ntasks && o < n; i++)
            if (in_waiting(&v->tasks[i])) {
                snprintf(shows + o, n - o, "%s%s", count++ ? ", " : "", v->tasks[i].label);
                o = strlen(shows);
            }
        if (count == 0)
            snprintf(shows + o, n > o ? n - o : 0, "nothing");
        return same_waiting(e, v);
    }
    case LPL_EXPECT_OUTPUT:
        if (v->last_output)
            snprintf(shows, n, "the last line printed is \"%s\"", v->last_output);
        else
            snprintf(shows, n, "nothing printed yet");
        return e->text == NULL ? v->last_output == NULL
                               : v->last_output != NULL && strstr(v->last_output, e->text) != NULL;
    case LPL_EXPECT_TASK: {
        size_t found = 0, right = 0;
        const char *other = NULL;
        for (size_t i = 0; i < v->ntasks; i++)
            if (strcmp(v->tasks[i].label, e->names[0]) == 0) {
                found++;
                if (strcmp(v->tasks[i].state, e->text) == 0)
                    right++;
                else
                    other = v->tasks[i].state;
            }
        if (found == 0)
            snprintf(shows, n, "no task %s yet", e->names[0]);
        else
            snprintf(shows, n, "%s is %s", e->names[0], other ? other : e->text);
        return found > 0 && right == found;
    }
    case LPL_EXPECT_FINDING:
        findings_so_far(v, shows, n);
        return has_finding(e, v);
    }
    return false;
}

bool lpl_expect_holds(const lpl_expect *e, const lpl_view *v, char *shows, size_t n)
{
    char scratch[256];
    if (shows == NULL || n == 0) {
        shows = scratch;
        n = sizeof scratch;
    }
    bool ok = holds(e, v, shows, n);
    return e->negate ? !ok : ok;
}

void lpl_expect_describe(const lpl_expect *e, char *out, size_t n)
{
    if (n == 0)
        return;
    const char *kind = (size_t)e->kind < NKINDS ? KINDS[e->kind] : "?";
    snprintf(out, n, "expect %s%s", e->negate ? "not " : "", kind);
    size_t o = strlen(out);
    switch (e->kind) {
    case LPL_EXPECT_TIMERS:
    case LPL_EXPECT_WORKERS:
        snprintf(out + o, n - o, " %.0f", e->number);
        break;
    case LPL_EXPECT_TIME:
        snprintf(out + o, n - o, " %g", e->number);
        break;
    case LPL_EXPECT_READY:
    case LPL_EXPECT_WAITING:
    case LPL_EXPECT_RUNNING:
        snprintf(out + o, n - o, " ");
        list(out, n, (const char *const *)e->names, e->nnames, "none");
        break;
    case LPL_EXPECT_OUTPUT:
        if (e->text)
            snprintf(out + o, n - o, " \"%s\"", e->text);
        else
            snprintf(out + o, n - o, " none");
        break;
    case LPL_EXPECT_TASK:
        snprintf(out + o, n - o, " %s %s", e->names[0], e->text);
        break;
    case LPL_EXPECT_FINDING:
        if (e->number > 0)
            snprintf(out + o, n - o, " %s line %.0f", e->names[0], e->number);
        else
            snprintf(out + o, n - o, " %s", e->names[0]);
        break;
    case LPL_EXPECT_FROZEN:
        break;
    }
}
