/*
** timer_fire_order.c: the state's timer order, checked against a real run.
**
**   timer_fire_order FILE.py
**
** Runs FILE on looplab's engine in this process (its output discarded) and
** replays the trace record by record. Before every record it asks the state
** for the timers in the order they will fire (lp_state_timer_order) and
** compares that order with what the trace goes on to do: the timers that
** come due (TIMER_DUE, not cancelled) before the heap next changes (CALL_AT,
** CANCEL) must be, in that order, the first ones of the predicted order.
**
** Each event loop of the run (a thread may run its own: records carry their
** loop's number) has its own heap, so each is checked apart, with the state
** following that loop alone.
**
** A run the engine stops early (deadlock, a limit) is checked as far as it went.
** Prints "FILE events N checked C dues D resyncs R" and exits 0, or prints
** the first disagreement and exits 1 (2: the file could not be run; 3: a
** record that is not about timers does not fit the state, a fault outside
** the heap mirror: the run is checked up to it).
*/
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/paths.h"
#include "core/state.h"
#include "core/status.h"
#include "py/run.h"

/* A record that changes what the heap holds other than by a pop. */
static bool changes_heap(const lp_event *ev)
{
    return ev->kind == LP_EV_CALL_AT || ev->kind == LP_EV_CANCEL;
}

static int check(const lp_trace *trace, const char *file, uint8_t loop)
{
    size_t n = lp_trace_count(trace);
    /* dues[k]: index of the k-th TIMER_DUE; next_change[i]: first heap change at or after i */
    size_t *dues = malloc((n + 1) * sizeof *dues), due_count = 0;
    size_t *next_change = malloc((n + 1) * sizeof *next_change);
    uint32_t *order = NULL;
    size_t order_cap = 0;
    if (!dues || !next_change)
        return 2;
    for (size_t i = 0; i < n; i++)
        if (lp_trace_at(trace, i)->kind == LP_EV_TIMER_DUE && lp_trace_at(trace, i)->flags == loop)
            dues[due_count++] = i;
    next_change[n] = n;
    for (size_t i = n; i-- > 0;) {
        const lp_event *ev = lp_trace_at(trace, i);
        next_change[i] = changes_heap(ev) && ev->flags == loop ? i : next_change[i + 1];
    }

    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    uint64_t follow[4] = {0};
    follow[loop / 64] = (uint64_t)1 << (loop % 64);
    lp_state_follow_loops(&s, follow);
    size_t checked = 0, first_due = 0, status = 0;
    for (size_t i = 0; i <= n && status == 0; i++) {
        while (first_due < due_count && dues[first_due] < i)
            first_due++;
        size_t count;
        if (lp_state_timer_order(&s, order, order_cap, &count) != LP_OK)
            return 2;
        if (count > order_cap) {
            order_cap = count * 2;
            order = realloc(order, order_cap * sizeof *order);
            if (!order || lp_state_timer_order(&s, order, order_cap, &count) != LP_OK)
                return 2;
        }
        size_t at = 0; /* position in the predicted order */
        for (size_t k = first_due; k < due_count && dues[k] < next_change[i]; k++) {
            uint32_t serial = lp_trace_at(trace, dues[k])->subject;
            const lp_state_handle *h = lp_state_handle_find(&s, serial);
            if (h && h->cancelled)
                continue; /* comes due only to be skipped: it never fires */
            if (at >= count || order[at] != serial) {
                printf("%s: before record %zu (t=%.9g) the state says timer %u fires in place "
                       "%zu, but record %zu brings timer %u due\n",
                       file, i, s.time, at < count ? order[at] : 0, at + 1, dues[k], serial);
                status = 1;
                break;
            }
            at++;
            checked++;
        }
        if (i < n && lp_state_apply(&s, lp_trace_at(trace, i)) != LP_OK) {
            const lp_event *ev = lp_trace_at(trace, i);
            /* A timer record that does not fit is the mirror's fault; another
            ** kind (a task record) is a fault elsewhere: status 3, reported apart. */
            bool timer = ev->kind == LP_EV_CALL_AT || ev->kind == LP_EV_CANCEL ||
                         ev->kind == LP_EV_TIMER_DUE || ev->kind == LP_EV_PURGE ||
                         ev->kind == LP_EV_REBUILD;
            printf("%s: record %zu (%s of %u) does not fit the state; checked %zu firings "
                   "before it\n",
                   file, i, lp_event_kind_name(ev->kind), ev->subject, checked);
            status = timer ? 1 : 3;
        }
    }
    if (status == 0)
        printf("%s%s events %zu checked %zu dues %zu resyncs %zu\n", file,
               loop ? " (a thread's loop)" : "", n, checked, due_count, s.heap_resyncs);
    lp_state_free(&s);
    free(order);
    free(dues);
    free(next_change);
    return (int)status;
}

/* Checks every loop that set a timer; the first failure's status wins. */
static int check_loops(const lp_trace *trace, const char *file)
{
    bool seen[256] = {false};
    seen[0] = true;
    for (size_t i = 0; i < lp_trace_count(trace); i++)
        if (lp_trace_at(trace, i)->kind == LP_EV_CALL_AT)
            seen[lp_trace_at(trace, i)->flags] = true;
    for (unsigned loop = 0; loop < 256; loop++) {
        int rc = seen[loop] ? check(trace, file, (uint8_t)loop) : 0;
        if (rc != 0)
            return rc;
    }
    return 0;
}

typedef struct run_ctx {
    const char *file;
    FILE       *out;   /* the real stdout */
} run_ctx;

/* The engine stopped the run early (deadlock, a limit): check what it traced. */
static void at_stop(lpy_engine *engine, int status, void *user)
{
    (void)status;
    run_ctx *ctx = user;
    fflush(stdout);
    dup2(fileno(ctx->out), 1);
    int rc = check_loops(&engine->trace, ctx->file);
    fflush(stdout);
    _exit(rc);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: timer_fire_order FILE.py\n");
        return 2;
    }
    const char *file = argv[1];
    /* The report goes to the real stdout; the program's output to /dev/null. */
    fflush(stdout);
    int saved = dup(1);
    int devnull = open("/dev/null", O_WRONLY);
    if (saved < 0 || devnull < 0 || dup2(devnull, 1) < 0) {
        fprintf(stderr, "timer_fire_order: cannot redirect stdout\n");
        return 2;
    }
    close(devnull);
    FILE *out = fdopen(saved, "w");
    if (!out)
        return 2;

    lpy_options options = {.until = LPY_DEFAULT_UNTIL};
    lpy_engine engine;
    if (lpy_engine_init(&engine, &options) != LP_OK) {
        fprintf(stderr, "timer_fire_order: out of memory\n");
        return 2;
    }
    run_ctx ctx = {file, out};
    engine.at_stop = at_stop;
    engine.at_stop_user = &ctx;
    lpapp_paths paths;
    bool have_paths = lpapp_paths_find(&paths) == 0;
    lpy_run_desc desc = {
        .file = file,
        .options = options,
        .scenarios_dir = have_paths ? paths.scenarios : NULL,
    };
    (void)lpy_run(&desc, &engine);
    fflush(stdout);
    dup2(fileno(out), 1); /* check() prints to stdout */
    int status = check_loops(&engine.trace, file);
    fflush(stdout);
    fclose(out);
    lpy_engine_close(&engine);
    return status;
}
