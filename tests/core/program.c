/* program.c - tests: runs asyncio_model.py's program language on lp_loop. */
#include "program.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/status.h"

void text_append(char **buf, size_t *len, size_t *cap, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = *cap - *len;
        va_start(ap, fmt);
        int n = vsnprintf(*buf ? *buf + *len : NULL, *buf ? room : 0, fmt, ap);
        va_end(ap);
        if (*buf && (size_t)n < room) {
            *len += (size_t)n;
            return;
        }
        *cap = (*cap ? *cap * 2 : 4096) + (size_t)n;
        *buf = realloc(*buf, *cap);
        if (!*buf)
            abort();
    }
}

#define MAX_IDS 100000

typedef struct action {
    char   kind;      /* 's' soon, 'l' later, 'c' cancel */
    double delay;
    int    target;
    struct action *next;
} action;

typedef struct runner {
    lp_loop  loop;
    lp_id    handles[MAX_IDS];
    action  *actions[MAX_IDS];
    char    *out;
    size_t   len, cap;
    size_t   made, released;
} runner;

/* The context of each scheduled callback: which id fires. */
typedef struct fire_ctx {
    runner *r;
    int     ident;
} fire_ctx;

static void fire(lp_loop *loop, void *ctx);

static void schedule(runner *r, int ident, int is_timer, double when)
{
    fire_ctx *fc = malloc(sizeof *fc);
    fc->r = r;
    fc->ident = ident;
    int rc = is_timer ? lp_loop_call_at(&r->loop, when, fire, fc, &r->handles[ident])
                      : lp_loop_call_soon(&r->loop, fire, fc, &r->handles[ident]);
    if (rc != 0)
        abort();
    r->made++;
}

static void fire(lp_loop *loop, void *ctx)
{
    fire_ctx *fc = ctx;
    runner *r = fc->r;
    text_append(&r->out, &r->len, &r->cap, "fire %d %.17g\n", fc->ident, lp_loop_time(loop));
    for (action *a = r->actions[fc->ident]; a; a = a->next) {
        if (a->kind == 's')
            schedule(r, a->target, 0, 0.0);
        else if (a->kind == 'l')
            schedule(r, a->target, 1, lp_loop_time(loop) + a->delay);
        else
            lp_loop_cancel(loop, r->handles[a->target]);
    }
}

static void release(void *user, void *ctx)
{
    runner *r = user;
    r->released++;
    free(ctx);
}

static void add_action(runner *r, int ident, char kind, double delay, int target)
{
    action *a = malloc(sizeof *a);
    a->kind = kind;
    a->delay = delay;
    a->target = target;
    a->next = NULL;
    action **tail = &r->actions[ident];
    while (*tail)
        tail = &(*tail)->next;
    *tail = a;
}

char *program_run(const char *program, lp_trace *trace, size_t *made, size_t *released)
{
    runner *r = calloc(1, sizeof *r);
    lp_loop_desc desc = {.trace = trace, .release = release, .user = r};
    lp_loop_init(&r->loop, &desc);
    const char *p = program;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p) : strlen(p);
        char line[256];
        if (n >= sizeof line)
            abort();
        memcpy(line, p, n);
        line[n] = '\0';
        p += n + (eol ? 1 : 0);
        char word[16], word2[16];
        int a, b;
        double t;
        if (sscanf(line, "soon %d", &a) == 1)
            schedule(r, a, 0, 0.0);
        else if (sscanf(line, "at %lf %d", &t, &a) == 2)
            schedule(r, a, 1, t);
        else if (sscanf(line, "cancel %d", &a) == 1)
            lp_loop_cancel(&r->loop, r->handles[a]);
        else if (sscanf(line, "on %d %15s", &a, word) == 2) {
            if (strcmp(word, "soon") == 0 && sscanf(line, "on %*d soon %d", &b) == 1)
                add_action(r, a, 's', 0.0, b);
            else if (strcmp(word, "later") == 0 && sscanf(line, "on %*d later %lf %d", &t, &b) == 2)
                add_action(r, a, 'l', t, b);
            else if (strcmp(word, "cancel") == 0 && sscanf(line, "on %*d cancel %d", &b) == 1)
                add_action(r, a, 'c', 0.0, b);
        } else if (sscanf(line, "%15s %15s", word, word2) >= 1 && strcmp(word, "run") == 0) {
            text_append(&r->out, &r->len, &r->cap, "iter\n");
            if (lp_loop_run_once(&r->loop) == LP_E_IDLE)
                text_append(&r->out, &r->len, &r->cap, "idle\n");
        }
    }
    lp_loop_close(&r->loop);
    for (int i = 0; i < MAX_IDS; i++) {
        while (r->actions[i]) {
            action *next = r->actions[i]->next;
            free(r->actions[i]);
            r->actions[i] = next;
        }
    }
    char *out = r->out ? r->out : calloc(1, 1);
    if (made)
        *made = r->made;
    if (released)
        *released = r->released;
    free(r);
    return out;
}

/* xorshift32: a tiny deterministic generator for test programs. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

char *program_random(uint32_t seed, size_t ops, double cancel_share)
{
    static const double deadlines[] = {0.0, 0.1, 0.25, 0.5, 0.5, 0.5, 1.0, 1.0, 2.5, 0.30000000000000004};
    static const double delays[] = {0.0, 0.1, 0.2, 0.5, 1.0};
    uint32_t st = seed ? seed : 1;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    int next_id = 1;
    int limit = (int)(ops * 2 + 10) < MAX_IDS ? (int)(ops * 2 + 10) : MAX_IDS - 1;
    for (size_t i = 0; i < ops && next_id < limit - 2; i++) {
        uint32_t roll = next_random(&st) % 100;
        if (roll < 30) {
            /* a timer relative to the moment it is made: "at" is absolute, so
            ** deadlines from the table repeat often and make ties */
            double when = deadlines[next_random(&st) % 10] + (double)(next_random(&st) % 3);
            text_append(&buf, &len, &cap, "at %.17g %d\n", when, next_id);
            if ((double)(next_random(&st) % 1000) < cancel_share * 1000.0)
                text_append(&buf, &len, &cap, "cancel %d\n", next_id);
            next_id++;
        } else if (roll < 45) {
            text_append(&buf, &len, &cap, "soon %d\n", next_id++);
        } else if (roll < 60 && next_id > 1) {
            int parent = 1 + (int)(next_random(&st) % (uint32_t)(next_id - 1));
            if (next_random(&st) % 2)
                text_append(&buf, &len, &cap, "on %d soon %d\n", parent, next_id++);
            else
                text_append(&buf, &len, &cap, "on %d later %.17g %d\n", parent,
                            delays[next_random(&st) % 5], next_id++);
        } else if (roll < 66 && next_id > 2) {
            int parent = 1 + (int)(next_random(&st) % (uint32_t)(next_id - 1));
            int victim = 1 + (int)(next_random(&st) % (uint32_t)(next_id - 1));
            text_append(&buf, &len, &cap, "on %d cancel %d\n", parent, victim);
        } else {
            text_append(&buf, &len, &cap, "run\n");
        }
    }
    for (int i = 0; i < 40; i++)
        text_append(&buf, &len, &cap, "run\n");
    return buf;
}
