/* scene_loops.c - looplab ui: which thread's event loop the loop panels
** show, when a program runs several (model.h, lpui_loop_view): a chip in the
** EVENT LOOP header names it (a click, or Shift+L, shows the next), and a
** note says which other threads run a loop, so that no one reads one
** thread's ready queue and timers as the whole program's. */
#include <stdio.h>
#include <string.h>

#include "ui/scene_int.h"

/* "the main thread", "thread 'bell-thread'": named as the whole run names it
** (the state after the last record), so even before it starts, else by number. */
static void thread_words(const lpui_model *m, uint32_t thread, char *out, size_t n)
{
    if (thread == 0) {
        snprintf(out, n, "the main thread");
        return;
    }
    if (thread == LPUI_LOOP_THREAD_NONE) {
        snprintf(out, n, "no thread (made, never run)");
        return;
    }
    const lp_state_thread *t = lp_thread_find(&m->replay.live.threads, thread);
    const char *name = t ? lpui_model_str(m, t->name_sid) : "";
    if (*name)
        snprintf(out, n, "thread '%s'", name);
    else
        snprintf(out, n, "thread %u", thread);
}

bool lpui__thread_runs_loop(const lpui_model *m, uint32_t thread, double now)
{
    for (size_t i = 0; m && i < m->view_count; i++)
        if (m->views[i].thread == thread && lpui_model_view_live(m, i, now))
            return true;
    return false;
}

/* The view that holds loop `loop` when it is not the one the panels show
** (the program runs several), else NULL. */
static const lpui_loop_view *other_view(const lpui_model *m, uint8_t loop)
{
    if (!m || m->view_count < 2)
        return NULL;
    for (size_t i = 0; i < m->view_count; i++)
        if ((m->views[i].loops[loop / 64] >> (loop % 64)) & 1)
            return i == m->view ? NULL : &m->views[i];
    return NULL;
}

uint32_t lpui__loop_thread(const lpui_model *m, uint8_t loop)
{
    for (size_t i = 0; m && i < m->view_count; i++)
        if ((m->views[i].loops[loop / 64] >> (loop % 64)) & 1)
            return m->views[i].thread;
    return LPUI_LOOP_THREAD_NONE;
}

lpui_in_loop lpui__thread_in_loop(const lpui_model *m, size_t index, uint32_t thread, double *until)
{
    if (thread == 0 || !m || lpui__main_runs_the_loops(m))
        return LPUI_IN_LOOP_NONE;
    size_t total = lp_trace_count(&m->trace);
    for (size_t i = index < total ? index : total, looked = 0; i-- > 0 && looked < 256; looked++) {
        const lp_event *ev = lp_trace_at(&m->trace, i);
        switch (ev->kind) {
        case LP_EV_POLL: case LP_EV_RUN: case LP_EV_ITER: case LP_EV_CALL_SOON: case LP_EV_CALL_AT:
        case LP_EV_CANCEL: case LP_EV_TIMER_DUE: case LP_EV_TASK_SUSPEND: case LP_EV_TASK_WAIT:
        case LP_EV_TASK_DONE:
            if (lpui__loop_thread(m, ev->flags) != thread)
                continue; /* another loop's */
            if (ev->kind == LP_EV_POLL) {
                *until = ev->arg.when;
                return LPUI_IN_LOOP_POLL;
            }
            /* a callback runs (its records so far: made a handle, cancelled one) */
            return ev->kind == LP_EV_RUN || ev->kind == LP_EV_CALL_SOON || ev->kind == LP_EV_CALL_AT ||
                           ev->kind == LP_EV_CANCEL
                       ? LPUI_IN_LOOP_CALLBACK
                       : LPUI_IN_LOOP_NONE;
        default:
            continue;
        }
    }
    return LPUI_IN_LOOP_NONE;
}

bool lpui__other_loop_words(const lpui_model *m, uint8_t loop, char *out, size_t n)
{
    const lpui_loop_view *v = other_view(m, loop);
    if (!v)
        return false;
    const lp_state_thread *t = v->thread == 0 || v->thread == LPUI_LOOP_THREAD_NONE
                                   ? NULL : lp_thread_find(&m->replay.live.threads, v->thread);
    const char *name = t ? lpui_model_str(m, t->name_sid) : "";
    if (*name)
        snprintf(out, n, "%s's loop", name);
    else
        snprintf(out, n, v->thread == 0 ? "main thread's loop" : "another loop");
    return true;
}

bool lpui__loop_of_words(const lpui_model *m, uint8_t loop, char *out, size_t n)
{
    const lpui_loop_view *v = other_view(m, loop);
    if (!v)
        return false;
    if (v->thread == LPUI_LOOP_THREAD_NONE) {
        snprintf(out, n, "a loop no thread has run");
        return true;
    }
    char who[96];
    thread_words(m, v->thread, who, sizeof who);
    snprintf(out, n, "the loop of %s", who);
    return true;
}

bool lpui__main_runs_the_loops(const lpui_model *m)
{
    for (size_t i = 0; m && i < m->view_count; i++) /* loops made, never run, run in no thread */
        if (m->views[i].thread != 0 && m->views[i].thread != LPUI_LOOP_THREAD_NONE)
            return false;
    return true;
}

void lpui__loop_chip(lpui__sc *sc, float x)
{
    const lpui_model *m = sc->f->m;
    /* several threads run loops; or one, not the main thread: say whose */
    if (!m || m->view_count == 0 || (m->view_count == 1 && (m->views[0].thread == 0 ||
                                                             m->views[0].thread == LPUI_LOOP_THREAD_NONE)))
        return;
    bool one = m->view_count == 1; /* nothing to switch to: no key */
    const lpui_layout *L = sc->f->L;
    float k = sc->s, hh = L->header;
    double now = sc->f->now;
    /* the chip: whose loop the panels show */
    char who[96], text[160];
    thread_words(m, m->views[m->view].thread, who, sizeof who);
    if (m->views[m->view].thread == LPUI_LOOP_THREAD_NONE)
        snprintf(text, sizeof text, "a loop made, never run");
    else
        snprintf(text, sizeof text, "loop of %s", who);
    const char *key = "Shift+L";
    float fh = lpui__font_h(sc, LPUI_FONT_SMALL);
    float kw = one ? 0 : lpui__measure(sc, LPUI_FONT_SMALL, key) + 8 * k;
    float tw = lpui__measure(sc, LPUI_FONT_SMALL, text);
    float room = L->loop.x + L->loop.w - 12 * k - x;
    float w = 10 * k + tw + 6 * k + kw + 6 * k;
    if (w > room)
        w = room;
    lpui_rect chip = lpui_rect_make(x, L->loop.y + 4 * k, w, hh - 8 * k);
    bool hot = lpui_rect_hit(chip, sc->f->v->mouse_x, sc->f->v->mouse_y);
    lpui__tag(lpui__rect(sc, chip, hot ? 0x2d3a4e : 0x25303f, 255, 0x7aa2f7, 1, 5 * k), LPUI_TAG_LOOP_CHIP,
              (uint32_t)m->view);
    float ty = chip.y + (chip.h - fh) / 2;
    float used = lpui__text(sc, chip.x + 8 * k, ty, LPUI_FONT_SMALL, LPUI_C_TEXT, text, chip.w - kw - 20 * k);
    lpui_rect kr = lpui_rect_make(chip.x + 8 * k + used + 6 * k, ty - 2 * k, kw, fh + 4 * k);
    if (!one && kr.x + kr.w <= chip.x + chip.w - 2 * k) {
        lpui__rect(sc, kr, 0x20252e, 255, 0x4a5262, 1, 3 * k);
        lpui__text(sc, kr.x + 4 * k, ty, LPUI_FONT_SMALL, 0xc9d0dc, key, 0);
    }
    /* the note, on the RUNNING label's line: the other threads' loops, now
    ** ("another event loop runs in thread 'bell-thread'"; several: "other
    ** event loops run in thread 'a' and thread 'b'"), then those not running */
    char note[320] = "";
    size_t len = 0, running_len = 0, idle = 0;
    for (int running = 1; running >= 0; running--) {
        size_t count = 0, done = 0;
        for (size_t i = 0; i < m->view_count; i++)
            count += i != m->view && m->views[i].thread != LPUI_LOOP_THREAD_NONE &&
                     lpui_model_view_live(m, i, now) == (bool)running;
        if (!running) {
            running_len = len < sizeof note ? len : sizeof note - 1;
            idle = count;
        }
        for (size_t i = 0; i < m->view_count && count && len < sizeof note; i++) {
            if (i == m->view || m->views[i].thread == LPUI_LOOP_THREAD_NONE ||
                lpui_model_view_live(m, i, now) != (bool)running)
                continue;
            thread_words(m, m->views[i].thread, who, sizeof who);
            const char *lead = running ? (count == 1 ? "another event loop runs in " : "other event loops run in ")
                                       : (count == 1 ? "another event loop, not running now, in "
                                                     : "other event loops, not running now, in ");
            int wrote = snprintf(note + len, sizeof note - len, "%s%s%s",
                                 done == 0 ? (len ? "; " : "") : done + 1 == count ? " and " : ", ",
                                 done == 0 ? lead : "", who);
            if (wrote > 0)
                len += (size_t)wrote;
            done++;
        }
    }
    for (size_t i = 0; i < m->view_count && len < sizeof note; i++)
        if (i != m->view && m->views[i].thread == LPUI_LOOP_THREAD_NONE) { /* loops no thread ran */
            uint32_t n = m->views[i].loop_count;
            int wrote = snprintf(note + len, sizeof note - len, "%s%s", len ? "; " : "",
                                 n == 1 ? "another event loop was made and never run"
                                        : "other event loops were made and never run");
            if (wrote > 0)
                len += (size_t)wrote;
            idle += n; /* counted with those not running, when the note is cut short */
        }
    if (len >= sizeof note)
        len = sizeof note - 1;
    float nw = lpui__measure(sc, LPUI_FONT_SMALL, note);
    float label_w = lpui__measure(sc, LPUI_FONT_SMALL, "RUNNING  one callback at a time") + 24 * k;
    float max = L->running.w - label_w;
    char whole[sizeof note];
    memcpy(whole, note, sizeof note);
    if (nw > max && running_len > 0 && running_len < len) {
        /* too long: the loops not running now only counted (the whole on hover) */
        snprintf(note + running_len, sizeof note - running_len, "; %zu more, not running now", idle);
        nw = lpui__measure(sc, LPUI_FONT_SMALL, note);
    }
    if (nw > max)
        nw = max;
    lpui__text(sc, L->running.x + L->running.w - nw, L->running.y - 17 * k, LPUI_FONT_SMALL, 0xe8b04a, note,
               max);
    if (strcmp(note, whole) != 0 && sc->out->count)
        lpui_cmds_set_full(sc->out, &sc->out->items[sc->out->count - 1], whole);
}
