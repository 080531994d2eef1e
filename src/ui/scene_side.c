/* scene_side.c - looplab ui: the narration (the lesson's text, or what the
** current event means) and the console (each output line, its time and task). */
#include <stdio.h>
#include <string.h>

#include "ui/scene_int.h"

static void task_name(lpui__sc *sc, const lp_state *s, uint32_t id, char *out, size_t n)
{
    const lp_state_task *t = id ? lp_state_task_find(s, id) : NULL;
    if (t)
        lpui__label(sc, t, out, n);
    else
        snprintf(out, n, id ? "task %u" : "the program", id);
}

/* One or two sentences on what event `ev` does, as a teacher would say it. */

/* "Thread-1 (worker)", "the loop thread", or "a thread". */
static void thread_name(const lp_state *s, const lpui_model *m, uint32_t serial, char *out, size_t n)
{
    const lp_state_thread *t = lp_thread_find(&s->threads, serial);
    if (serial == 0)
        snprintf(out, n, "The loop thread");
    else if (t && t->name_sid)
        snprintf(out, n, "Thread '%s'", lpui_model_str(m, t->name_sid));
    else
        snprintf(out, n, "A worker thread");
}

static void explain(lpui__sc *sc, const lp_event *ev, const lp_state *s, char *out, size_t n)
{
    const lpui_model *m = sc->f->m;
    char who[96];
    const lpui_handle_info *h = lpui_model_handle(m, ev->subject);
    switch (ev->kind) {
    case LP_EV_CALL_SOON:
        if (h && h->step_task) {
            task_name(sc, s, h->step_task, who, sizeof who);
            snprintf(out, n, "%s is ready: its next step joins the end of the ready queue. "
                             "The loop runs ready callbacks first in, first out.", who);
        } else if (h && h->made_by_job) {
            snprintf(out, n, "Worker job %u hands its result to the loop with "
                             "call_soon_threadsafe: a callback joins the ready queue, and waits "
                             "there until the loop is free.", h->made_by_job);
        } else {
            snprintf(out, n, "A callback joins the end of the ready queue (call_soon).");
        }
        break;
    case LP_EV_CALL_AT:
        snprintf(out, n, "A timer is set for t = %.3f. The loop keeps timers in a heap ordered "
                         "by deadline and looks at them each time it gets control back.", ev->arg.when);
        break;
    case LP_EV_CANCEL:
        snprintf(out, n, "A callback or timer is cancelled: it stays where it is and is dropped "
                         "when the loop reaches it.");
        break;
    case LP_EV_TIMER_DUE:
        snprintf(out, n, "The timer due at %.3f has come due: its callback moves to the ready "
                         "queue%s.", h ? h->when : ev->time,
                 h && ev->time > h->when + 1e-9 ? ", late, because the loop could not look sooner" : "");
        break;
    case LP_EV_RUN:
        snprintf(out, n, "The loop takes the first callback of the ready queue and runs it. "
                         "Only one callback runs at a time; the others wait their turn.");
        break;
    case LP_EV_ITER:
        snprintf(out, n, "A new iteration of the loop: %llu callback%s ready now; the loop runs "
                         "exactly those, and anything they make ready waits for the next round.",
                 (unsigned long long)ev->arg.u64, ev->arg.u64 == 1 ? " is" : "s are");
        break;
    case LP_EV_POLL:
        if (ev->arg.when > 1e300)
            snprintf(out, n, "The loop polls for I/O. No timer is set.");
        else
            snprintf(out, n, "The loop polls: when nothing is ready it sleeps until the next "
                             "timer, due at %.3f.", ev->arg.when);
        break;
    case LP_EV_CLOCK:
        snprintf(out, n, "Virtual time jumps from %.3f to %.3f: looplab never waits in real "
                         "time, so idle time passes instantly.", ev->arg.when, ev->time);
        break;
    case LP_EV_TASK_NEW:
        snprintf(out, n, "A task is made (%s). Making a task schedules its first step: it "
                         "does not run yet.", lpui_model_str(m, (uint32_t)(ev->arg.u64 >> 32)));
        break;
    case LP_EV_TASK_STEP:
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "%s runs a step: its coroutine resumes where it stopped and runs until "
                         "its next await that has to wait.", who);
        break;
    case LP_EV_TASK_SUSPEND:
    case LP_EV_TASK_WAIT: {
        const lp_state_task *t = lp_state_task_find(s, ev->subject);
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "%s stops at line %u and awaits %s. Control goes back to the loop, "
                         "which runs whatever is ready next.", who, t ? t->line : 0,
                 t ? lpui__wait_name(t->wait_kind) : "something");
        break;
    }
    case LP_EV_TASK_DONE:
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "%s is finished: it %s. Whoever awaits it is woken.", who,
                 ev->small == LP_TASK_CANCELLED   ? "was cancelled"
                 : ev->small == LP_TASK_EXCEPTION ? "raised an exception"
                                                  : "returned");
        break;
    case LP_EV_TASK_CANCEL:
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "%s is cancelled: CancelledError will be thrown into it at the await "
                         "where it waits, when its next step runs.", who);
        break;
    case LP_EV_TIMEOUT:
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "A timeout of %s fired: the task is cancelled, and the timeout turns "
                         "the CancelledError into TimeoutError.", who);
        break;
    case LP_EV_OUTPUT:
        task_name(sc, s, ev->subject, who, sizeof who);
        snprintf(out, n, "%s prints a line (see the console).", who);
        break;
    case LP_EV_BLOCK_AT:
    case LP_EV_BLOCK_BEGIN:
        snprintf(out, n, "A blocking call%s%u freezes the loop thread until t = %.3f. No "
                         "callback and no timer can run meanwhile; worker threads still do.",
                 s->block_line ? " at line " : "", s->block_line, s->blocked ? s->blocked_until : ev->arg.when);
        if (!s->block_line)
            snprintf(out, n, "A blocking call freezes the loop thread. No callback and no timer "
                             "can run meanwhile; worker threads still do.");
        break;
    case LP_EV_BLOCK_END:
        snprintf(out, n, "The blocking call returns at t = %.3f: the loop gets control back, and "
                         "timers that came due meanwhile run now, late.", ev->time);
        break;
    case LP_EV_POOL_NEW:
        snprintf(out, n, "A thread pool with %llu worker lanes is made.", (unsigned long long)ev->arg.u64);
        break;
    case LP_EV_JOB_SUBMIT:
        snprintf(out, n, "A thread starts (a pool lane, or the program's own); it first runs when the loop "
                         "thread next waits.");
        break;
    case LP_EV_JOB_START:
        snprintf(out, n, "The new thread takes lane %llu.", (unsigned long long)ev->arg.u64 + 1);
        break;
    case LP_EV_JOB_WAKE:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s gets its turn: it runs until it waits again (one Python thread at a time).", who);
        break;
    case LP_EV_JOB_SLEEP:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s waits until t = %.3f; the loop is not affected.", who, ev->arg.when);
        break;
    case LP_EV_JOB_PARK:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s waits until another thread releases or notifies it.", who);
        break;
    case LP_EV_JOB_END:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s has finished; its lane is free.", who);
        break;
    case LP_EV_THREAD_WAIT:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s waits in %s.", who, lpui_model_str(sc->f->m, (uint32_t)ev->arg.u64));
        break;
    case LP_EV_THREAD_WAKE: {
        char by[96];
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        thread_name(s, sc->f->m, (uint32_t)ev->arg.u64, by, sizeof by);
        snprintf(out, n, "%s releases or notifies: %s wakes up now and runs at its next turn.", by, who);
        break;
    }
    case LP_EV_CPU_WORK:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        snprintf(out, n, "%s starts %.2f s of CPU work. Threads of one process share the GIL: while k of "
                         "them compute, each runs at 1/k speed.", who, ev->arg.when);
        break;
    case LP_EV_CPU_RATE:
        thread_name(s, sc->f->m, ev->subject, who, sizeof who);
        if (ev->arg.when > 0)
            snprintf(out, n, "%s now gets %.0f%% of a CPU.", who, ev->arg.when * 100.0);
        else
            snprintf(out, n, "%s has finished its CPU work; the others speed up.", who);
        break;
    default:
        snprintf(out, n, "Event: %s.", lp_event_kind_name(ev->kind));
        break;
    }
}

float lpui__narration_need(lpui__sc *sc, float w)
{
    const lpui_narration *n = sc->f->n;
    float k = sc->s;
    if (!n || !(n->title[0] || n->text[0]))
        return 0;
    w -= 28 * k;
    float need = sc->f->L->header + 24 * k;
    if (n->title[0])
        need += lpui__wrap_height(sc, w, LPUI_FONT_BOLD, n->title) + 6 * k;
    need += lpui__wrap_code_height(sc, w, LPUI_FONT_UI, n->text);
    float lh1 = lpui__font_h(sc, LPUI_FONT_UI) * 1.35f;
    for (size_t i = 0; i < n->nchoices; i++) {
        char label[200]; /* with room for the mark an answer adds */
        snprintf(label, sizeof label, "%s   \xE2\x9C\x93", n->choices[i]);
        need += lpui__wrap_height(sc, w - 48 * k, LPUI_FONT_UI, label) - lh1 +
                lpui__font_h(sc, LPUI_FONT_UI) + 20 * k;
    }
    return need + 4 * k;
}

static void narration(lpui__sc *sc)
{
    const lpui_layout *L = sc->f->L;
    const lpui_narration *n = sc->f->n;
    const lpui_model *m = sc->f->m;
    const lp_state *s = sc->f->a;
    float k = sc->s;
    bool lesson = n && (n->title[0] || n->text[0]);
    char right[64] = "";
    if (lesson && n->checkpoint >= 0)
        snprintf(right, sizeof right, "checkpoint \xC2\xB7 t = %.3f", n->checkpoint);
    lpui_rect body = lpui__panel(sc, L->narration, lesson ? "LESSON" : "WHAT HAPPENS", right);
    lpui_rect r = lpui_rect_inset(body, 14 * k, 12 * k);
    lpui__tag(lpui__rect(sc, body, 0, 0, 0, 0, 0), LPUI_TAG_NARRATION, 0);
    float used = 0;
    if (lesson) {
        if (n->title[0])
            used = lpui__wrap(sc, r, LPUI_FONT_BOLD, LPUI_C_TEXT, n->title) + 6 * k;
        used += lpui__wrap_code(sc, lpui_rect_make(r.x, r.y + used, r.w, r.h - used), LPUI_FONT_UI, 0xdfe3ea,
                                n->text);
        /* a question: one button per choice (click, or the keys 1-9); a long
        ** choice wraps in its button */
        for (size_t i = 0; i < n->nchoices; i++) {
            char label[200];
            bool taken = n->answered == i + 1, is_right = n->answered && n->right == i + 1;
            snprintf(label, sizeof label, "%s%s", n->choices[i], is_right ? "   \xE2\x9C\x93" : taken ? "   \xE2\x9C\x97" : "");
            float lw = r.w - 48 * k;
            float lh1 = lpui__font_h(sc, LPUI_FONT_UI) * 1.35f;
            float ch = lpui__wrap_height(sc, lw, LPUI_FONT_UI, label) - lh1 + lpui__font_h(sc, LPUI_FONT_UI) + 14 * k;
            if (used + ch + 4 * k > r.h + 0.5f) { /* no room: say so, the list holds the rest */
                lpui_cmd *t = sc->out->count ? &sc->out->items[sc->out->count - 1] : NULL;
                if (t && t->type == LPUI_CMD_TEXT)
                    lpui_cmds_set_full(sc->out, t, n->choices[i]);
                break;
            }
            lpui_rect c = lpui_rect_make(r.x, r.y + used + 4 * k, r.w, ch);
            bool hot = !n->answered && lpui_rect_hit(c, sc->f->v->mouse_x, sc->f->v->mouse_y);
            lpui__tag(lpui__rect(sc, c, hot ? 0x2a3444 : 0x202836, 255,
                                 is_right ? LPUI_C_OK : taken ? LPUI_C_ALERT : 0x3a4557, is_right || taken ? 2 * k : 1,
                                 6 * k),
                      LPUI_TAG_CHOICE, (uint32_t)i + 1);
            char key[2] = {(char)('1' + i), '\0'};
            lpui_rect kr = lpui_rect_make(c.x + 8 * k, c.y + 7 * k - 1 * k + (lpui__font_h(sc, LPUI_FONT_UI) - lpui__font_h(sc, LPUI_FONT_MONO)) / 2,
                                          18 * k, lpui__font_h(sc, LPUI_FONT_MONO) + 2 * k);
            lpui__rect(sc, kr, 0x20252e, 255, 0x4a5262, 1, 3 * k);
            lpui__text(sc, kr.x + 4 * k, kr.y + 1 * k, LPUI_FONT_MONO, 0xc9d0dc, key, 0);
            lpui__wrap(sc, lpui_rect_make(kr.x + kr.w + 10 * k, c.y + 7 * k, lw, ch), LPUI_FONT_UI,
                       is_right ? LPUI_C_OK : LPUI_C_TEXT, label);
            used += ch + 6 * k;
        }
    } else if (m && s) {
        size_t total = lp_trace_count(&m->trace);
        size_t at = sc->f->frac > 0 && s->applied < total ? s->applied : s->applied ? s->applied - 1 : 0;
        char text[1024] = "The program has not started yet. Press Space to play, or \xE2\x86\x92 to step.";
        if (total && (s->applied > 0 || sc->f->frac > 0))
            explain(sc, lp_trace_at(&m->trace, at), sc->f->frac > 0 && sc->f->b ? sc->f->b : s, text,
                    sizeof text);
        const lp_state *shown = sc->f->frac > 0 && sc->f->b ? sc->f->b : s;
        if (shown->blocked) {
            char now[300];
            snprintf(now, sizeof now, "%.299s", text);
            snprintf(text, sizeof text,
                     "The loop is frozen: a blocking call%s%u runs until t = %.3f, and the one "
                     "thread that runs the loop is stuck inside it. No callback and no timer can "
                     "run until it returns; worker threads still do.\n\nNow: %s",
                     shown->block_line ? " at line " : "", shown->block_line, shown->blocked_until, now);
            if (!shown->block_line)
                snprintf(text, sizeof text,
                         "The loop is frozen until t = %.3f: no callback and no timer can run "
                         "until the blocking call returns; worker threads still do.\n\nNow: %s",
                         shown->blocked_until, now);
        }
        if (s->applied == total && total)
            snprintf(text, sizeof text, "The run is over at t = %.3f. Press Home to go back to the "
                                        "start, or drag on the timeline.", m->end_time);
        used = lpui__wrap(sc, r, LPUI_FONT_UI, 0xdfe3ea, text) + 10 * k;
        if (m->error && s->applied == total) {
            char err[600];
            snprintf(err, sizeof err, "%s%s%u", m->error, m->error_line ? " \xE2\x80\x94 line " : "",
                     m->error_line);
            if (!m->error_line)
                snprintf(err, sizeof err, "%s", m->error);
            /* the box as tall as the whole message (a traceback's last line, its file:line) */
            float eh = lpui__wrap_height(sc, r.w - 20 * k, LPUI_FONT_UI, err) + 16 * k;
            if (eh > r.h - used)
                eh = r.h - used > 40 * k ? r.h - used : 40 * k;
            lpui_rect e = lpui_rect_make(r.x, r.y + used, r.w, eh);
            lpui__tag(lpui__rect(sc, e, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 1.5f * k, 6 * k), LPUI_TAG_ERROR,
                      m->error_line);
            used += lpui__wrap(sc, lpui_rect_inset(e, 10 * k, 8 * k), LPUI_FONT_UI, LPUI_C_ALERT_SOFT, err) +
                    20 * k;
        }
    } else {
        lpui__wrap(sc, r, LPUI_FONT_UI, 0xdfe3ea,
                   "looplab shows how asyncio's event loop runs a program. Open one with Ctrl+O "
                   "or the Open button, or drop a .py file on this window.");
    }
    /* the hovered task's await chain */
    uint32_t hover = sc->f->v->hover_task;
    const lp_state_task *t = hover && s ? lp_state_task_find(s, hover) : NULL;
    if (t && used + 60 * k < r.h) {
        char chain[400], label[96];
        lpui__label(sc, t, label, sizeof label);
        snprintf(chain, sizeof chain, "%s (%s) \xC2\xB7 %s%s%s", label, lpui_model_str(m, t->name_sid),
                 lpui_tstate_name(lpui__tstate(sc, s, t)), t->wait_sid ? "\nawait chain: " : "",
                 t->wait_sid ? lpui_model_str(m, t->wait_sid) : "");
        lpui_rect c = lpui_rect_make(r.x, r.y + r.h - 56 * k, r.w, 56 * k);
        lpui__rect(sc, c, 0x18202b, 255, 0x3d4a5e, 1, 6 * k);
        lpui__shape(sc, lpui_rect_make(c.x + 8 * k, c.y + 9 * k, 11 * k, 11 * k), t->id);
        lpui__wrap(sc, lpui_rect_make(c.x + 24 * k, c.y + 6 * k, c.w - 32 * k, c.h - 8 * k), LPUI_FONT_SMALL,
                   LPUI_C_TEXT, chain);
    }
}

/* A program's output as the console shows it: control characters (a
** terminal's escape sequences, bells...) become visible symbols, never
** interpreted; a tab becomes spaces. */
static void visible(const char *in, char *out, size_t n)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 5 < n; p++) {
        if (*p == '\t') {
            memcpy(out + o, "    ", 4);
            o += 4;
        } else if (*p < 0x20 || *p == 0x7f) { /* U+2400..U+241F, U+2421: control pictures */
            unsigned cp = *p == 0x7f ? 0x2421 : 0x2400 + *p;
            out[o++] = (char)(0xE0 | (cp >> 12));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) { /* a C1 control (CSI...) */
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            p++;
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o] = '\0';
}

static void console(lpui__sc *sc)
{
    const lpui_layout *L = sc->f->L;
    const lpui_model *m = sc->f->m;
    const lp_state *s = sc->f->a;
    float k = sc->s;
    /* lines printed before the cursor: outputs with an index < applied */
    size_t shown_total = 0;
    if (m && s) {
        size_t lo = 0, hi = m->output_count;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (m->outputs[mid] < s->applied)
                lo = mid + 1;
            else
                hi = mid;
        }
        shown_total = lo;
    }
    char right[48];
    snprintf(right, sizeof right, "%zu line%s", shown_total, shown_total == 1 ? "" : "s");
    lpui_rect body = lpui__panel(sc, L->console, "CONSOLE", right);
    if (!m || !s)
        return;
    float lh = L->line;
    float tw = lpui__measure(sc, LPUI_FONT_MONO, "[000.000]") + 8 * k;
    float ww = 90 * k;
    float text_x = body.x + 10 * k + tw + ww, text_w = body.x + body.w - text_x - 10 * k;
    float pitch = lpui__font_h(sc, LPUI_FONT_MONO) * 1.35f;
    /* a narrow console: the text goes under its time and task, full width */
    bool under = text_w < 32 * lpui__advance(sc, LPUI_FONT_MONO);
    float head = 0;
    if (under) {
        text_x = body.x + 22 * k;
        text_w = body.x + body.w - text_x - 10 * k;
        head = lh;
    }
    /* the newest lines that fit (or, scrolled back with the wheel, the lines
    ** before the newest `console_back`), each wrapped whole (never cut) */
    size_t back = sc->f->v->console_back < shown_total ? sc->f->v->console_back : shown_total ? shown_total - 1 : 0;
    shown_total -= back;
    size_t first = shown_total;
    float need = 0, room = body.h - 16 * k - (back ? lh : 0);
    char text[1024];
    while (first > 0) {
        const lp_event *ev = lp_trace_at(&m->trace, m->outputs[first - 1]);
        visible(lpui_model_str(m, (uint32_t)ev->arg.u64), text, sizeof text);
        float h = lpui__wrap_height(sc, text_w, LPUI_FONT_MONO, text);
        float row_h = (h > pitch ? h + lh - pitch : lh) + head;
        if (need + row_h > room && first < shown_total)
            break;
        need += row_h;
        first--;
    }
    float y = body.y + 8 * k;
    lpui__clip(sc, body);
    for (size_t i = first; i < shown_total; i++) {
        const lp_event *ev = lp_trace_at(&m->trace, m->outputs[i]);
        char ts[32], who[96];
        visible(lpui_model_str(m, (uint32_t)ev->arg.u64), text, sizeof text);
        float h = lpui__wrap_height(sc, text_w, LPUI_FONT_MONO, text);
        float row_h = (h > pitch ? h + lh - pitch : lh) + head;
        snprintf(ts, sizeof ts, "[%.3f]", ev->time);
        float fy = y + (lh - lpui__font_h(sc, LPUI_FONT_MONO)) / 2;
        lpui_rect row = lpui_rect_make(body.x + 4 * k, y, body.w - 8 * k, row_h);
        bool hot = ev->subject && ev->subject == sc->f->v->hover_task;
        lpui__tag(lpui__rect(sc, row, 0x222a36, hot ? 255 : 0, 0, 0, 0), LPUI_TAG_CONSOLE_LINE, ev->subject);
        lpui__text(sc, body.x + 10 * k, fy, LPUI_FONT_MONO, LPUI_C_MUTED, ts, tw);
        float x = body.x + 10 * k + tw;
        if (ev->subject) {
            float g = lpui__font_h(sc, LPUI_FONT_SMALL) * 0.7f;
            lpui__shape(sc, lpui_rect_make(x, y + (lh - g) / 2, g, g), ev->subject);
            task_name(sc, s, ev->subject, who, sizeof who);
            lpui__text(sc, x + g + 4 * k, y + (lh - lpui__font_h(sc, LPUI_FONT_SMALL)) / 2, LPUI_FONT_SMALL,
                       0xc4cbd7, who, under ? body.x + body.w - x - g - 14 * k : ww - g - 8 * k);
        }
        lpui__wrap(sc, lpui_rect_make(text_x, fy + head, text_w, row_h + pitch), LPUI_FONT_MONO,
                   ev->small == 2 ? LPUI_C_ALERT_SOFT : LPUI_C_TEXT, text);
        y += row_h;
    }
    if (back) {
        char newer[64];
        snprintf(newer, sizeof newer, "\xE2\x86\x93 %zu newer line%s (wheel down)", back, back == 1 ? "" : "s");
        lpui__text(sc, body.x + 10 * k, body.y + body.h - lh - 2 * k, LPUI_FONT_SMALL, LPUI_C_ACCENT, newer,
                   body.w - 20 * k);
    }
    lpui__unclip(sc);
}

void lpui__side_panels(lpui__sc *sc)
{
    narration(sc);
    console(sc);
}
