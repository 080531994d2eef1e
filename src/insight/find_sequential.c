/* find_sequential.c - looplab insights: waits made one after another that
** could have overlapped.
**
** A task's wait is "alone" when no other task stepped while it waited: the
** loop had nothing else to do. Alone waits that follow each other at once
** (the task resumed and waited again at the same instant) form a run:
** `await fetch(a); await fetch(b)`. Awaited together (gather, a TaskGroup)
** the run would take its longest wait instead of the sum; the difference is
** the cost. Only waits that stand for I/O count (see stands_for_io). Waits
** whose source line uses the result of an earlier wait in
** the run (`b = await fetch(a)`) depend on it and start a new run: that is
** read from the program's lines, the only thing the trace cannot tell.
*/
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/status.h"
#include "insight/insight_int.h"

#define MAX_RUN 32   /* waits kept per run; longer runs are counted, not listed */
#define MIN_WAIT 0.001
#define MAX_NAMES 16
#define NAME_LEN 32

typedef struct wait {
    double   t0, t1;
    uint32_t file, line;
    size_t   event;
} wait;

typedef struct task_seq {
    bool     waiting;     /* suspended now */
    bool     countable;   /* its wait is of a kind that stands for I/O */
    double   since;
    uint32_t file, line;  /* where it stopped */
    size_t   event;
    uint64_t activity;    /* the global step count when it suspended */
    wait     run[MAX_RUN];
    size_t   count;       /* waits in the run (may exceed MAX_RUN) */
    double   sum, longest;
} task_seq;

/* Names assigned from awaited results, and names assigned from those. */
typedef struct taint {
    char   names[MAX_NAMES][NAME_LEN];
    size_t count;
} taint;

static bool is_word(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* Whether `text` mentions `name` as a whole word. */
static bool mentions(const char *text, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = strstr(text, name); p; p = strstr(p + 1, name)) {
        bool left = p == text || !is_word(p[-1]);
        bool right = !is_word(p[len]);
        if (left && right)
            return true;
    }
    return false;
}

/* The `=` of an assignment on the line (not ==, <=, >=, !=), or NULL. */
static const char *assignment(const char *line)
{
    for (const char *p = line; *p; p++) {
        if (*p == '#' || *p == '(' || *p == '[')
            return NULL; /* a comment, or a call's keyword argument */
        if (*p == '=' && p[1] != '=' && (p == line || !strchr("=<>!", p[-1])))
            return p;
    }
    return NULL;
}

/* Adds the names left of the assignment on `line` to the taint. */
static void taint_targets(taint *t, const char *line, const char *eq)
{
    const char *p = line;
    while (p < eq && t->count < MAX_NAMES) {
        while (p < eq && !is_word(*p))
            p++;
        const char *start = p;
        while (p < eq && is_word(*p))
            p++;
        size_t len = (size_t)(p - start);
        if (len == 0 || len >= NAME_LEN || isdigit((unsigned char)*start))
            continue;
        if (p < eq && *p == ':') /* an annotation: skip the type */
            p = eq;
        memcpy(t->names[t->count], start, len);
        t->names[t->count][len] = '\0';
        t->count++;
    }
}

static bool uses_taint(const taint *t, const char *text)
{
    for (size_t i = 0; i < t->count; i++)
        if (mentions(text, t->names[i]))
            return true;
    return false;
}

/* `async with X as NAME` / `async for NAME in X`: the line's targets. */
static const char *async_targets(const char *line, const char **end)
{
    while (isspace((unsigned char)*line))
        line++;
    if (strncmp(line, "async with ", 11) == 0) {
        const char *as = strstr(line, " as ");
        *end = as ? line + strlen(line) : NULL;
        return as ? as + 4 : NULL;
    }
    if (strncmp(line, "async for ", 10) == 0) {
        const char *in = strstr(line, " in ");
        *end = in;
        return in ? line + 10 : NULL;
    }
    return NULL;
}

static bool is_async_block(const char *line)
{
    while (line && isspace((unsigned char)*line))
        line++;
    return line && (strncmp(line, "async with ", 11) == 0 || strncmp(line, "async for ", 10) == 0);
}

/* Whether wait `w` uses a result of the run's earlier waits, reading the
** lines from the previous wait's line to this one's. Updates the taint. */
static bool depends(const lpin__run *run, taint *t, const wait *prev, const wait *w)
{
    const char *line = lpin__source_line(run, w->file, w->line);
    if (line == NULL)
        return false; /* no source: take the waits as independent */
    if (prev && prev->file == w->file && prev->line < w->line && w->line - prev->line < 200) {
        for (uint32_t n = prev->line + 1; n < w->line; n++) {
            const char *between = lpin__source_line(run, w->file, n);
            const char *eq = between ? assignment(between) : NULL;
            if (eq && uses_taint(t, eq + 1))
                taint_targets(t, between, eq);
        }
    }
    const char *end = NULL;
    const char *targets = async_targets(line, &end);
    if (targets && end) { /* what an async with / for binds comes from its awaits */
        taint_targets(t, targets, end);
        return true;
    }
    const char *eq = assignment(line);
    bool uses = uses_taint(t, eq ? eq + 1 : line);
    if (eq && t->count < MAX_NAMES)
        taint_targets(t, line, eq);
    return uses;
}

static int flush(lpin__run *run, uint32_t task, task_seq *s)
{
    size_t listed = s->count < MAX_RUN ? s->count : MAX_RUN;
    int rc = LP_OK;
    if (s->count >= 2 && s->sum - s->longest >= LPIN_SLOW - LPIN_EPS) {
        char who[64], total[32], together[32], saved[32];
        lpin__task_label(run, task, who, sizeof who);
        lpin__seconds(s->sum, total, sizeof total);
        lpin__seconds(s->longest, together, sizeof together);
        lpin__seconds(s->sum - s->longest, saved, sizeof saved);
        lpin__text sentence = {.len = 0};
        uint32_t lines[6];
        size_t line_count = 0;
        bool more = false;
        for (size_t i = 0; i < listed; i++) {
            uint32_t line = s->run[i].line;
            bool seen = false;
            for (size_t k = 0; k < line_count; k++)
                seen = seen || lines[k] == line;
            if (seen)
                continue;
            if (line_count == sizeof lines / sizeof lines[0]) {
                more = true;
                break;
            }
            lines[line_count++] = line;
        }
        lpin__text_add(&sentence, "%s waited %s in %zu waits one after another (line%s", who,
                       total, s->count, line_count > 1 ? "s" : "");
        for (size_t k = 0; k < line_count; k++)
            lpin__text_add(&sentence, "%s %u", k ? "," : "", lines[k]);
        if (more)
            lpin__text_add(&sentence, ", ...");
        lpin__text_add(&sentence, ") while the loop had nothing else to do; awaited together "
                                  "they would take %s, %s less.",
                       together, saved);
        lpin__draft d = {.kind = LPIN_SEQUENTIAL,
                         .file_sid = s->run[0].file,
                         .line = s->run[0].line,
                         .t0 = s->run[0].t0,
                         .t1 = s->run[listed - 1].t1,
                         .cost = s->sum - s->longest,
                         .event = s->run[0].event};
        lpin__draft_task(&d, task);
        rc = lpin__add(run, &d, sentence.buf,
                       "If the waits do not need each other's results, start them together: "
                       "`await asyncio.gather(...)` or an `asyncio.TaskGroup`.");
    }
    s->count = 0;
    s->sum = s->longest = 0.0;
    return rc;
}

static size_t indent_of(const char *line)
{
    size_t n = 0;
    while (line[n] == ' ' || line[n] == '\t')
        n++;
    return n;
}

/* Whether line `n` sits in a for or while loop of its function: walks up
** the enclosing blocks (each less indented than the last) to the def. */
static bool in_loop(const lpin__run *run, uint32_t file, uint32_t n)
{
    const char *line = lpin__source_line(run, file, n);
    if (!line)
        return true; /* no source: do not merge */
    size_t depth = indent_of(line);
    for (uint32_t k = n; k-- > 1 && depth > 0;) {
        const char *above = lpin__source_line(run, file, k);
        if (!above)
            return true;
        size_t ind = indent_of(above);
        const char *code = above + ind;
        if (*code == '\0' || *code == '#' || ind >= depth)
            continue;
        depth = ind;
        if (!strncmp(code, "for ", 4) || !strncmp(code, "while ", 6) || !strncmp(code, "async for ", 10))
            return true;
        if (!strncmp(code, "def ", 4) || !strncmp(code, "async def ", 10) || !strncmp(code, "class ", 6))
            return false;
    }
    return false;
}

/* Appends an alone wait to the task's run, starting a new run when it does
** not follow the last one at once or uses its results. */
static int extend(lpin__run *run, uint32_t task, task_seq *s, const wait *w, taint *t)
{
    wait *prev = s->count > 0 ? &s->run[(s->count < MAX_RUN ? s->count : MAX_RUN) - 1] : NULL;
    bool follows = prev && w->t0 - prev->t1 <= LPIN_EPS;
    if (follows && prev->file == w->file && prev->line == w->line && !in_loop(run, w->file, w->line)) {
        /* the same await went on waiting (`await watch()` whose body waits
        ** several times): one wait, not several */
        s->sum += w->t1 - w->t0;
        prev->t1 = w->t1;
        if (prev->t1 - prev->t0 > s->longest)
            s->longest = prev->t1 - prev->t0;
        return LP_OK;
    }
    if (!follows || depends(run, t, prev, w)) {
        if (flush(run, task, s) != LP_OK)
            return LP_E_NOMEM;
        if (!follows) /* a new stretch: only its own assignment taints what follows */
            (void)depends(run, t, NULL, w);
    }
    if (s->count < MAX_RUN)
        s->run[s->count] = *w;
    s->count++;
    double d = w->t1 - w->t0;
    s->sum += d;
    if (d > s->longest)
        s->longest = d;
    return LP_OK;
}

/* Whether a wait stands for I/O the program could overlap: a job in a
** thread, a task, or a sleep or future inside a coroutine the task called
** (`await fetch(url)`, as sim.fetch simulates a request, as a client
** library waits on its protocol's future). A sleep or a bare future in the
** task's own body ("ticker > sleep : sleep", "main : future") paces it or
** waits for a result from elsewhere, on purpose. */
static bool stands_for_io(unsigned kind, const char *chain)
{
    if (kind == LP_WAIT_EXECUTOR || kind == LP_WAIT_TASK)
        return true;
    if (kind != LP_WAIT_SLEEP && kind != LP_WAIT_FUTURE)
        return false;
    unsigned depth = 0;
    for (const char *p = strstr(chain, " > "); p; p = strstr(p + 3, " > "))
        depth++;
    return depth >= 2;
}

int lpin__find_sequential(lpin__run *run)
{
    const lp_trace *trace = run->trace;
    task_seq *seqs = NULL;
    taint *taints = NULL;
    size_t cap = 0, taint_cap = 0;
    uint64_t activity = 0;
    int rc = LP_OK;
    lp_interp_walk walk;
    lp_interp_walk_init(&walk, trace);
    size_t i;
    for (const lp_transition *next; rc == LP_OK && (next = lp_interp_walk_next(&walk, &i));) {
        lp_transition t = *next;
        if (t.kind != LP_TR_TASK_STEPPED && t.kind != LP_TR_TASK_AT && t.kind != LP_TR_TASK_WAITS &&
            t.kind != LP_TR_TASK_DONE)
            continue;
        uint32_t task = t.task;
        if (task >= (1u << 24))
            continue;
        if (lp_grow_zeroed(&run->alloc, (void **)&seqs, &cap, (size_t)task + 1, sizeof *seqs) != LP_OK ||
            lp_grow_zeroed(&run->alloc, (void **)&taints, &taint_cap, cap, sizeof *taints) != LP_OK) {
            rc = LP_E_NOMEM;
            break;
        }
        task_seq *s = &seqs[task];
        switch (t.kind) {
        case LP_TR_TASK_STEPPED:
            if (s->waiting) {
                s->waiting = false;
                wait w = {.t0 = s->since, .t1 = t.time, .file = s->file, .line = s->line,
                          .event = s->event};
                bool alone = activity == s->activity;
                const char *text = lpin__source_line(run, w.file, w.line);
                if (w.t1 - w.t0 < MIN_WAIT) {
                    ; /* a yield (sleep(0)): neither counts nor breaks the run */
                } else if (is_async_block(text)) {
                    /* entering a context or taking an item waits by design;
                    ** what it binds is a result later waits may use */
                    rc = flush(run, task, s);
                    (void)depends(run, &taints[task], NULL, &w);
                } else if (alone && s->countable) {
                    rc = extend(run, task, s, &w, &taints[task]);
                } else {
                    rc = flush(run, task, s);
                }
            }
            activity++;
            break;
        case LP_TR_TASK_AT:
            s->waiting = true;
            s->since = t.time;
            s->file = t.file_sid;
            s->line = t.line;
            s->event = i;
            s->activity = activity;
            s->countable = false;
            break;
        case LP_TR_TASK_WAITS:
            s->countable = stands_for_io(t.wait, lpin__str(run, t.sid));
            break;
        default: /* LP_TR_TASK_DONE */
            s->waiting = false;
            rc = flush(run, task, s);
            break;
        }
    }
    for (size_t task = 0; rc == LP_OK && task < cap; task++)
        rc = flush(run, (uint32_t)task, &seqs[task]);
    lp_free(&run->alloc, seqs);
    lp_free(&run->alloc, taints);
    return rc;
}
