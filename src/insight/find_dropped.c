/* find_dropped.c - looplab insights: a task made and thrown away.
**
** The loop keeps only a weak reference to a task ("save a reference to the
** result of this function", says create_task's documentation): a task whose
** Task object the program threw away at once (create_task's result unused,
** TASK_DROPPED) can be garbage-collected before it ends, and nobody can
** await it, cancel it or see its exception. Tasks thrown away at one line
** make one finding.
*/
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

#define MAX_SITES 64

typedef struct site {
    uint32_t file, line;
    unsigned count;
    lpin__draft draft;
} site;

int lpin__find_dropped(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    site *sites = run->alloc.realloc(run->alloc.user, NULL, MAX_SITES * sizeof *sites);
    if (!sites)
        return LP_E_NOMEM;
    size_t count = 0;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        if (t.kind != LP_TR_TASK_DROPPED)
            continue;
        site *s = NULL;
        for (size_t k = 0; k < count && !s; k++)
            if (sites[k].file == t.file_sid && sites[k].line == t.line)
                s = &sites[k];
        if (!s && count < MAX_SITES) {
            s = &sites[count++];
            memset(s, 0, sizeof *s);
            s->file = t.file_sid;
            s->line = t.line;
            s->draft.t0 = t.time;
            s->draft.event = i;
        }
        if (!s)
            continue;
        s->count++;
        s->draft.t1 = t.time;
        lpin__draft_task(&s->draft, t.task);
    }
    int rc = LP_OK;
    for (size_t k = 0; rc == LP_OK && k < count; k++) {
        site *s = &sites[k];
        char who[64];
        lpin__task_label(run, s->draft.tasks[0], who, sizeof who);
        lpin__text sentence = {.len = 0};
        if (s->count == 1)
            lpin__text_add(&sentence, "The task %s was made here and its Task object thrown away", who);
        else
            lpin__text_add(&sentence, "%u tasks (%s, ...) were made here and their Task objects "
                                      "thrown away",
                           s->count, who);
        lpin__text_add(&sentence, ": the loop keeps only a weak reference to a task, so it can be "
                                  "garbage-collected before it ends, and nobody can await it, "
                                  "cancel it or see its exception.");
        s->draft.kind = LPIN_TASK_DROPPED;
        s->draft.file_sid = s->file;
        s->draft.line = s->line;
        rc = lpin__add(run, &s->draft, sentence.buf,
                       "Keep the task (`task = asyncio.create_task(...)`, or add it to a set and "
                       "discard it when done) and await it, or use an `asyncio.TaskGroup`.");
    }
    lp_free(&run->alloc, sites);
    return rc;
}
