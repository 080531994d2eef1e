/* find_blocked.c - looplab insights: a step or callback that held the loop.
**
** A "hold" is one callback run (a task step or a plain callback): from its
** RUN record to the next RUN, ITER or POLL. The loop thread's blocking
** spans inside it (BLOCK_BEGIN..BLOCK_END for time.sleep and CPU work,
** THREAD_WAIT..THREAD_RESUME of the loop thread for a threading primitive)
** add up to the time it held the loop. From LPIN_SLOW (asyncio's
** slow_callback_duration) on, it is a finding, and the timers that came due
** meanwhile, popped by the next poll, are what it made late. Holds at the
** same line (a blocking call in a loop) make one finding.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

typedef enum block_what { WHAT_SLEEP = 0, WHAT_CPU, WHAT_WAIT } block_what;

typedef struct hold {
    bool     open;       /* a callback runs now */
    bool     pending;    /* closed, its finding waits for the late timers */
    double   t0, t1;     /* first block's start, last block's end */
    double   blocked;    /* seconds the loop thread spent blocked in it */
    size_t   event;      /* the first block's record */
    uint32_t task;       /* the task whose step it is, 0 = a plain callback */
    uint32_t file, line; /* the first block's location */
    block_what what;
    uint32_t call_sid;   /* WHAT_WAIT: the call waited in ("Lock.acquire()") */
    unsigned blocks;     /* blocking calls in it */
    /* what it made late */
    unsigned late_timers;
    double   max_late;
    lpin__draft draft;
    /* holds merged into it (a site: the same line, the same kind of call) */
    unsigned times;
    double   longest;
} hold;

#define MAX_SITES 256

static void describe_call(const lpin__run *run, const hold *h, char *out, size_t n)
{
    const char *text = lpin__source_line(run, h->file, h->line);
    if (h->what == WHAT_WAIT) {
        snprintf(out, n, "a blocking %s", lpin__str(run, h->call_sid));
        return;
    }
    if (text) {
        while (isspace((unsigned char)*text))
            text++;
        size_t len = strlen(text);
        const char *hash = strstr(text, "  #");
        if (hash)
            len = (size_t)(hash - text);
        while (len > 0 && isspace((unsigned char)text[len - 1]))
            len--;
        if (len > 0 && len <= 60) {
            snprintf(out, n, "`%.*s`", (int)len, text);
            return;
        }
    }
    snprintf(out, n, "%s", h->what == WHAT_CPU ? "CPU work" : "a blocking call");
}

static const char *fix_for(block_what what)
{
    switch (what) {
    case WHAT_CPU:
        return "Move CPU work off the loop: `await loop.run_in_executor(ProcessPoolExecutor(), "
               "work)` (threads would share the GIL); or split it and `await asyncio.sleep(0)` "
               "between parts.";
    case WHAT_WAIT:
        return "Do not wait for a threading primitive on the loop's thread: use its asyncio "
               "twin (asyncio.Lock, asyncio.Event, asyncio.Queue) or `await "
               "asyncio.to_thread(...)`.";
    default:
        return "Use `await asyncio.sleep(...)` instead of time.sleep, or run the blocking call "
               "in a thread: `await asyncio.to_thread(...)`.";
    }
}

static int report_site(lpin__run *run, hold *h)
{
    char call[128], held[32], late[32], who[64], each[32];
    describe_call(run, h, call, sizeof call);
    lpin__seconds(h->blocked, held, sizeof held);
    lpin__text sentence = {.len = 0};
    if (h->task) {
        lpin__task_label(run, h->task, who, sizeof who);
        lpin__text_add(&sentence, "%s in %s held the loop", call, who);
    } else {
        lpin__text_add(&sentence, "%s in a callback held the loop", call);
    }
    if (h->times > 1) {
        lpin__seconds(h->longest, each, sizeof each);
        lpin__text_add(&sentence, " %u times, %s in all (up to %s at once)", h->times, held, each);
    } else {
        lpin__text_add(&sentence, " for %s", held);
        if (h->blocks > 1)
            lpin__text_add(&sentence, " (%u blocking calls in one step)", h->blocks);
    }
    lpin__text_add(&sentence, ": nothing else ran meanwhile");
    if (h->late_timers > 0) {
        lpin__seconds(h->max_late, late, sizeof late);
        lpin__text_add(&sentence, "; %u timer%s came due and ran late, by up to %s",
                       h->late_timers, h->late_timers == 1 ? "" : "s", late);
        size_t others = 0;
        for (size_t i = 0; i < h->draft.task_count; i++)
            if (h->draft.tasks[i] != h->task) {
                char name[64];
                lpin__task_label(run, h->draft.tasks[i], name, sizeof name);
                lpin__text_add(&sentence, "%s%s", others++ ? ", " : " (", name);
            }
        if (others)
            lpin__text_add(&sentence, ")");
    }
    lpin__text_add(&sentence, ".");
    h->draft.kind = LPIN_BLOCKED;
    h->draft.file_sid = h->file;
    h->draft.line = h->line;
    h->draft.t0 = h->t0;
    h->draft.t1 = h->t1;
    h->draft.cost = h->blocked;
    h->draft.event = h->event;
    return lpin__add(run, &h->draft, sentence.buf, fix_for(h->what));
}

/* A closed hold: from LPIN_SLOW on, merged into its site's finding. */
static void close_hold(hold *h, hold *sites, size_t *site_count)
{
    h->pending = false;
    if (h->blocked < LPIN_SLOW - LPIN_EPS)
        return;
    for (size_t i = 0; i < *site_count; i++) {
        hold *site = &sites[i];
        if (site->file == h->file && site->line == h->line && site->what == h->what) {
            site->times++;
            site->blocked += h->blocked;
            site->t1 = h->t1;
            site->late_timers += h->late_timers;
            if (h->max_late > site->max_late)
                site->max_late = h->max_late;
            if (h->blocked > site->longest)
                site->longest = h->blocked;
            for (size_t k = 0; k < h->draft.task_count; k++)
                lpin__draft_task(&site->draft, h->draft.tasks[k]);
            return;
        }
    }
    if (*site_count == MAX_SITES)
        return;
    hold *site = &sites[(*site_count)++];
    *site = *h;
    site->times = 1;
    site->longest = h->blocked;
}

static void block_begins(hold *h, const lp_transition *t, size_t index, block_what what,
                         const lp_transition *at)
{
    if (h->blocks++ == 0) {
        h->t0 = t->time;
        h->event = index;
        h->what = what;
        h->file = at->file_sid;
        h->line = at->line;
        h->call_sid = what == WHAT_WAIT ? at->sid : 0;
        lpin__draft_task(&h->draft, h->task);
    }
}

int lpin__find_blocked(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    hold *sites = run->alloc.realloc(run->alloc.user, NULL, MAX_SITES * sizeof *sites);
    size_t site_count = 0;
    if (!sites)
        return LP_E_NOMEM;
    hold h;
    memset(&h, 0, sizeof h);
    lp_transition at = {.kind = LP_TR_NONE}; /* the loop thread's last BLOCK_AT / THREAD_AT */
    double begin = 0.0;  /* the open block's start */
    bool other_thread = false; /* a thread other than the loop thread runs now */
    bool in_block = false;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        switch (t.kind) {
        case LP_TR_HANDLE_RUN:
        case LP_TR_ITERATION:
        case LP_TR_POLL:
            if (h.open) {
                h.open = false;
                h.pending = h.blocks > 0;
            }
            if (t.kind == LP_TR_HANDLE_RUN) {
                if (h.pending)
                    close_hold(&h, sites, &site_count);
                memset(&h, 0, sizeof h);
                /* a callback of a loop in another thread (one runs now) does not
                ** hold the loop thread's loop */
                h.open = !other_thread;
            } else if (t.kind == LP_TR_ITERATION && h.pending) {
                /* the poll before this iteration popped what the hold made late */
                close_hold(&h, sites, &site_count);
            }
            break;
        case LP_TR_TASK_STEPPED:
            if (h.open)
                h.task = t.task;
            break;
        case LP_TR_JOB_RUNS:
            other_thread = true;
            break;
        case LP_TR_JOB_SLEEPS:
        case LP_TR_JOB_PARKED:
        case LP_TR_JOB_ENDED:
            other_thread = false;
            break;
        case LP_TR_BLOCK_AT:
            at = t;
            break;
        case LP_TR_BLOCK_BEGIN:
            if (h.open) {
                block_begins(&h, &t, i, at.flag ? WHAT_CPU : WHAT_SLEEP, &at);
                begin = t.time;
                in_block = true;
            }
            break;
        case LP_TR_THREAD_AT:
            if (t.thread == 0)
                at = t;
            break;
        case LP_TR_THREAD_WAITS:
            if (t.thread == 0 && h.open) {
                at.sid = t.sid; /* the call it waits in */
                block_begins(&h, &t, i, WHAT_WAIT, &at);
                begin = t.time;
                in_block = true;
            }
            break;
        case LP_TR_BLOCK_END:
        case LP_TR_THREAD_RESUMED:
            if (in_block && (t.kind == LP_TR_BLOCK_END || t.thread == 0)) {
                h.blocked += t.time - begin;
                h.t1 = t.time;
                in_block = false;
            }
            break;
        case LP_TR_TIMER_DUE:
            if (h.pending) {
                double when = lpin__timer_when(run, t.handle);
                double late = t.time - when;
                if (when == when && when < h.t1 - LPIN_EPS && late > LPIN_EPS) {
                    h.late_timers++;
                    if (late > h.max_late)
                        h.max_late = late;
                    lpin__draft_task(&h.draft, lpin__timer_task(run, t.handle));
                }
            }
            break;
        default:
            break;
        }
    }
    if (h.open || h.pending) {
        if (in_block) { /* the run ended inside the blocking call */
            const lp_event *last = lp_trace_at(trace, lp_trace_count(trace) - 1);
            h.blocked += last->time - begin;
            h.t1 = last->time;
        }
        if (h.blocks > 0)
            close_hold(&h, sites, &site_count);
    }
    int rc = LP_OK;
    for (size_t k = 0; rc == LP_OK && k < site_count; k++)
        rc = report_site(run, &sites[k]);
    lp_free(&run->alloc, sites);
    return rc;
}
