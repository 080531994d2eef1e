/* sentences.c - looplab ui: the window's sentences (the table is in
** sentences.h) and the filling of their slots; locations as the window
** writes them. */
#include "ui/sentences.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "core/trace.h"

static const struct {
    unsigned    kind;
    const char *text;
} sayings[LPUI_SAY__COUNT] = {
#define LPUI__SAY_ROW(name, kind, text) [LPUI_SAY_##name] = {LP_EV_##kind, text},
    LPUI_SAYINGS(LPUI__SAY_ROW)
#undef LPUI__SAY_ROW
};

const char *lpui_say_text(lpui_say id)
{
    return (unsigned)id < LPUI_SAY__COUNT ? sayings[id].text : "";
}

unsigned lpui_say_kind(lpui_say id)
{
    return (unsigned)id < LPUI_SAY__COUNT ? sayings[id].kind : LP_EV__COUNT;
}

/* The text of slot `name` (n bytes), written into buf if it is a number. */
static const char *slot(const lpui_words *w, const char *name, size_t n, char *buf, size_t size)
{
#define IS(s) (n == sizeof s - 1 && memcmp(name, s, n) == 0)
    if (IS("task"))
        return w->task ? w->task : "";
    if (IS("thread"))
        return w->thread ? w->thread : "";
    if (IS("by"))
        return w->by ? w->by : "";
    if (IS("where"))
        return w->where ? w->where : "";
    if (IS("what"))
        return w->what ? w->what : "";
    if (IS("call"))
        return w->call ? w->call : "";
    bool other_loop = w->loop && w->loop[0];
    if (IS("loop") || IS("Loop")) { /* "the loop", or which: "the loop of thread 'x'" */
        snprintf(buf, size, "%s", other_loop ? w->loop : "the loop");
        if (name[0] == 'L')
            buf[0] = (char)toupper((unsigned char)buf[0]);
        return buf;
    }
    if (IS("of_loop") || IS("in_loop")) { /* nothing for the loop on screen */
        if (other_loop)
            snprintf(buf, size, " %.2s %s", name, w->loop);
        return other_loop ? buf : "";
    }
    if (IS("t"))
        snprintf(buf, size, "%.3f", w->t);
    else if (IS("when"))
        snprintf(buf, size, "%.3f", w->when);
    else if (IS("late"))
        snprintf(buf, size, "%.3f", w->late);
    else if (IS("pct"))
        snprintf(buf, size, "%.0f", w->pct);
    else if (IS("n"))
        snprintf(buf, size, "%llu", w->n);
    else
        return NULL;
    return buf;
#undef IS
}

void lpui_say_fill(lpui_say id, const lpui_words *w, char *out, size_t n)
{
    static const lpui_words none;
    const char *p = lpui_say_text(id);
    size_t o = 0;
    if (!w)
        w = &none;
    if (n == 0)
        return;
    while (*p && o + 1 < n) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        char buf[192];
        const char *v = end ? slot(w, p + 1, (size_t)(end - p - 1), buf, sizeof buf) : NULL;
        if (end && v) {
            size_t len = strlen(v);
            if (len > n - 1 - o)
                len = n - 1 - o;
            memcpy(out + o, v, len);
            o += len;
            p = end + 1;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
}

void lpui_where(const char *file, int in_program, unsigned line, char *out, size_t n)
{
    if (!line) {
        snprintf(out, n, "%s", "");
        return;
    }
    if (in_program || !file || !file[0]) {
        snprintf(out, n, "line %u", line);
        return;
    }
    /* the standard library: its path inside it ("asyncio/threads.py") */
    const char *std = strstr(file, "/python3.");
    const char *rest = std ? strchr(std + 1, '/') : NULL;
    const char *base = strrchr(file, '/');
    const char *name = rest && !strstr(rest, "/site-packages/") && !strstr(rest, "/dist-packages/")
                           ? rest + 1
                       : base ? base + 1
                              : file;
    snprintf(out, n, "%s:%u", name, line);
}

const char *lpui_handle_call(const lpui_model *m, uint32_t serial, uint32_t *file_sid, unsigned *line)
{
    const lpui_handle_info *h = m ? lpui_model_handle(m, serial) : NULL;
    *file_sid = 0;
    *line = 0;
    if (!h)
        return NULL;
    size_t total = lp_trace_count(&m->trace);
    size_t i = lpui_model_index_after(m, h->made_at - 1e-9);
    for (size_t looked = 0; i < total && looked < 4096; i++, looked++) {
        lp_transition t; /* the records looked for (scheduling, HANDLE_CALL) give one transition */
        if (!lp_interp_read(lp_trace_at(&m->trace, i), &t))
            continue;
        if (t.time > h->made_at + 1e-9)
            break;
        if (t.handle != serial)
            continue;
        if ((t.kind == LP_TR_HANDLE_QUEUED || t.kind == LP_TR_TIMER_SET) && t.call != LP_CALL_OTHER)
            return lp_known_call_name(t.call); /* asyncio's own, named in its scheduling */
        if (t.kind == LP_TR_HANDLE_CALLS) {
            *file_sid = t.file_sid;
            *line = t.line;
            return lpui_model_str(m, t.sid);
        }
    }
    return NULL;
}
