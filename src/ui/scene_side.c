/* scene_side.c - looplab ui: the narration (the lesson's text, or what the
** current event means) and the console (each output line, its time and task). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/interp.h"
#include "ui/scene_int.h"
#include "ui/sentences.h"

static void task_name(lpui__sc *sc, const lp_state *s, uint32_t id, char *out, size_t n)
{
    const lp_state_task *t = id ? lp_state_task_find(s, id) : NULL;
    if (t)
        lpui__label(sc, t, out, n);
    else
        snprintf(out, n, id ? "task %u" : "the program", id);
}

/* "Thread 'worker'", "The loop thread" ("The main thread" when another
** thread runs a loop), or "A worker thread". */
static void thread_name(const lp_state *s, const lpui_model *m, uint32_t serial, char *out, size_t n)
{
    const lp_state_thread *t = lp_thread_find(&s->threads, serial);
    if (serial == 0)
        snprintf(out, n, lpui__main_runs_the_loops(m) ? "The loop thread" : "The main thread");
    else if (t && t->name_sid)
        snprintf(out, n, "Thread '%s'", lpui_model_str(m, t->name_sid));
    else
        snprintf(out, n, "A worker thread");
}

/* Whether the step that a blocking call returned into makes another
** blocking call before it ends (a task stops or finishes, or the handle's
** run is over): then no timer runs in between. */
static bool blocks_again(const lpui_model *m, size_t end_index)
{
    size_t total = lp_trace_count(&m->trace);
    for (size_t i = end_index + 1; i < total; i++) {
        switch (lp_trace_at(&m->trace, i)->kind) {
        case LP_EV_BLOCK_AT:
        case LP_EV_BLOCK_BEGIN:
            return true;
        case LP_EV_TASK_SUSPEND:
        case LP_EV_TASK_WAIT:
        case LP_EV_TASK_DONE:
        case LP_EV_RUN:
        case LP_EV_ITER:
        case LP_EV_POLL:
        case LP_EV_TIMER_DUE:
            return false;
        default:
            break;
        }
    }
    return false;
}

/* The await chain task `id` stops in next after record `index` ("main >
** wait_for : future"), or "" if it is not near. */
static const char *next_wait(const lpui_model *m, size_t index, uint32_t id)
{
    size_t total = lp_trace_count(&m->trace);
    for (size_t i = index + 1; i < total && i < index + 4096; i++) {
        const lp_event *ev = lp_trace_at(&m->trace, i);
        if (ev->kind == LP_EV_TASK_WAIT && ev->subject == id)
            return lpui_model_str(m, (uint32_t)ev->arg.u64);
        if ((ev->kind == LP_EV_TASK_DONE && ev->subject == id) || (id && lp_interp_step_task(ev) == id))
            break;
    }
    return "";
}

/* Records that only add detail to the one before them (who made a task,
** what a callback will call, where a thread waits): the narration keeps
** explaining the event they belong to. */
static bool detail_record(unsigned kind)
{
    return kind == LP_EV_TASK_PARENT || kind == LP_EV_HANDLE_CALL || kind == LP_EV_TASK_NAME ||
           kind == LP_EV_THREAD_NEW || kind == LP_EV_THREAD_AT || kind == LP_EV_MARK ||
           kind == LP_EV_THREAD_RESUME;
}

/* When event ev belongs to one of the program's loops other than the one
** the panels show, which ("the loop of thread 'bell-thread'") in out;
** else "" (one loop, or the one on screen, or no loop's record). */
static void loop_of(const lpui_model *m, const lp_state *s, const lp_event *ev, uint32_t stepped, char *out,
                    size_t n)
{
    out[0] = '\0';
    const lp_state_task *t = NULL;
    switch (ev->kind) {
    case LP_EV_TASK_NEW: case LP_EV_TASK_STEP: case LP_EV_TASK_SUSPEND: case LP_EV_TASK_WAIT:
    case LP_EV_TASK_DONE: case LP_EV_TASK_CANCEL: case LP_EV_TIMEOUT:
        t = lp_state_task_find(s, ev->subject); /* a task: its loop */
        break;
    case LP_EV_CALL_SOON: case LP_EV_CALL_AT: case LP_EV_CANCEL: case LP_EV_PURGE: case LP_EV_REBUILD:
    case LP_EV_SKIP: case LP_EV_TIMER_DUE: case LP_EV_RUN: case LP_EV_ITER: case LP_EV_POLL:
        t = stepped ? lp_state_task_find(s, stepped) : NULL;
        break;
    default:
        return; /* threads, lanes, output, the loop thread blocked: no loop's */
    }
    (void)lpui__loop_of_words(m, t ? t->loop : ev->flags, out, n);
}

/* What event `index` does, as CPython 3.11 does it: the case of its kind
** (src/ui/sentences.h), its slots filled from the state s after it. */
static void explain(lpui__sc *sc, size_t index, const lp_state *s, char *out, size_t n)
{
    const lpui_model *m = sc->f->m;
    while (index > 0 && detail_record(lp_trace_at(&m->trace, index)->kind))
        index--;
    const lp_event *ev = lp_trace_at(&m->trace, index);
    const lpui_handle_info *h = lpui_model_handle(m, ev->subject);
    char task[96] = "", thread[96] = "", by[96] = "", at[96] = "", what[160] = "", call[160] = "";
    char loop[128];
    uint32_t stepped = lp_interp_step_task(ev); /* a RUN that starts a step tells the step */
    loop_of(m, s, ev, stepped, loop, sizeof loop);
    lpui_words w = {.task = task, .thread = thread, .by = by, .where = at, .what = what, .call = call,
                    .loop = loop, .t = ev->time, .when = ev->arg.when, .n = ev->arg.u64};
    lpui_say say = LPUI_SAY_OTHER;
    const lp_state_task *t = NULL;
    uint32_t file = 0;
    unsigned line = 0;
    const char *c = NULL;
    double until = 0;
    switch (stepped ? LP_EV_TASK_STEP : ev->kind) {
    case LP_EV_CALL_SOON:
    case LP_EV_CALL_AT:
        c = lpui_handle_call(m, ev->subject, &file, &line);
        if (c)
            snprintf(call, sizeof call, "%s", c);
        w.when = ev->kind == LP_EV_CALL_AT ? ev->arg.when : 0;
        if (ev->kind == LP_EV_CALL_AT) {
            say = c && strchr(c, '(') ? LPUI_SAY_CALL_AT_CALL : LPUI_SAY_CALL_AT;
            if (c && h && h->made_by_task) {
                task_name(sc, s, h->made_by_task, task, sizeof task);
                if (strcmp(c, "_set_result_unless_cancelled") == 0)
                    say = LPUI_SAY_CALL_AT_SLEEP;
                else if (strcmp(c, "Timeout._on_timeout") == 0)
                    say = LPUI_SAY_CALL_AT_DEADLINE;
                else if (strcmp(c, "_release_waiter") == 0) {
                    /* made in wait_for or asyncio.wait: the await the task stops at next says which */
                    const char *chain = next_wait(m, index, h->made_by_task);
                    snprintf(what, sizeof what, "%s", strstr(chain, "wait_for") ? "wait_for" : "asyncio.wait");
                    say = LPUI_SAY_CALL_AT_TIMEOUT;
                }
            }
        } else if (h && h->step_task) {
            task_name(sc, s, h->step_task, task, sizeof task);
            say = LPUI_SAY_CALL_SOON_STEP;
        } else if (h && h->made_by_job && lpui__loop_thread(m, ev->flags) != h->made_by_job) {
            /* another thread's call_soon_threadsafe (a thread's own loop's
            ** call_soon, in that thread, is an ordinary one) */
            thread_name(s, m, h->made_by_job, thread, sizeof thread);
            say = LPUI_SAY_CALL_SOON_THREAD;
        } else if (h && !h->made_by_job && lpui__loop_thread(m, ev->flags) != 0 &&
                   lpui__loop_thread(m, ev->flags) != LPUI_LOOP_THREAD_NONE) {
            /* made on the main thread for a loop another thread runs */
            thread_name(s, m, 0, thread, sizeof thread);
            say = LPUI_SAY_CALL_SOON_HANDOFF;
        } else {
            say = c && strchr(c, '(') ? LPUI_SAY_CALL_SOON_CALL : LPUI_SAY_CALL_SOON;
        }
        break;
    case LP_EV_CANCEL:
        say = LPUI_SAY_CANCEL;
        break;
    case LP_EV_PURGE:
        say = LPUI_SAY_PURGE;
        break;
    case LP_EV_REBUILD:
        say = LPUI_SAY_REBUILD;
        break;
    case LP_EV_SKIP:
        say = LPUI_SAY_SKIP;
        break;
    case LP_EV_TIMER_DUE:
        w.when = h ? h->when : ev->time;
        w.late = ev->time - w.when;
        say = w.late > 1e-9 ? LPUI_SAY_TIMER_DUE_LATE : LPUI_SAY_TIMER_DUE;
        break;
    case LP_EV_RUN:
        say = LPUI_SAY_RUN;
        break;
    case LP_EV_ITER:
        say = ev->arg.u64 == 1 ? LPUI_SAY_ITER_ONE : LPUI_SAY_ITER;
        break;
    case LP_EV_POLL:
        say = ev->arg.when > 1e300 ? LPUI_SAY_POLL_NONE : LPUI_SAY_POLL;
        break;
    case LP_EV_CLOCK:
        say = LPUI_SAY_CLOCK;
        break;
    case LP_EV_TASK_NEW:
        snprintf(what, sizeof what, "%s", lpui_model_str(m, (uint32_t)(ev->arg.u64 >> 32)));
        say = LPUI_SAY_TASK_NEW;
        break;
    case LP_EV_TASK_STEP:
        task_name(sc, s, stepped, task, sizeof task);
        say = LPUI_SAY_TASK_STEP;
        break;
    case LP_EV_TASK_SUSPEND:
    case LP_EV_TASK_WAIT:
        t = lp_state_task_find(s, ev->subject);
        task_name(sc, s, ev->subject, task, sizeof task);
        if (t)
            lpui_where(lpui_model_str(m, t->file_sid), !t->file_sid || lpui_model_is_program(m, t->file_sid),
                       t->line, at, sizeof at);
        if (!at[0])
            snprintf(at, sizeof at, "an await");
        snprintf(what, sizeof what, "%s", t ? lpui__wait_name(t->wait_kind) : "something");
        if (ev->kind == LP_EV_TASK_SUSPEND && index + 1 < lp_trace_count(&m->trace)) {
            const lp_event *next = lp_trace_at(&m->trace, index + 1); /* what it waits on comes next */
            if (next->kind == LP_EV_TASK_WAIT && next->subject == ev->subject)
                snprintf(what, sizeof what, "%s", lpui__wait_name(next->small));
        }
        say = LPUI_SAY_TASK_SUSPEND;
        break;
    case LP_EV_TASK_DONE:
        task_name(sc, s, ev->subject, task, sizeof task);
        say = ev->small == LP_TASK_CANCELLED   ? LPUI_SAY_TASK_DONE_CANCELLED
              : ev->small == LP_TASK_EXCEPTION ? LPUI_SAY_TASK_DONE_ERROR
                                               : LPUI_SAY_TASK_DONE;
        break;
    case LP_EV_TASK_CANCEL:
        t = lp_state_task_find(s, ev->subject);
        task_name(sc, s, ev->subject, task, sizeof task);
        say = t && t->steps == 0 ? LPUI_SAY_TASK_CANCEL_UNSTARTED : LPUI_SAY_TASK_CANCEL;
        break;
    case LP_EV_TIMEOUT:
        task_name(sc, s, ev->subject, task, sizeof task);
        say = ev->small == LP_TIMEOUT_WAIT_FOR ? LPUI_SAY_TIMEOUT_WAIT_FOR
              : ev->small == LP_TIMEOUT_WAIT   ? LPUI_SAY_TIMEOUT_WAIT
              : ev->small == LP_TIMEOUT_BLOCK  ? LPUI_SAY_TIMEOUT_BLOCK
                                               : LPUI_SAY_TIMEOUT;
        break;
    case LP_EV_OUTPUT:
        task_name(sc, s, ev->subject, task, sizeof task);
        say = ev->subject ? LPUI_SAY_OUTPUT : LPUI_SAY_OUTPUT_PROGRAM;
        break;
    case LP_EV_BLOCK_AT:
    case LP_EV_BLOCK_BEGIN:
        lpui_where(lpui_model_str(m, s->block_file_sid),
                   !s->block_file_sid || lpui_model_is_program(m, s->block_file_sid), s->block_line, at, sizeof at);
        w.when = s->blocked ? s->blocked_until : ev->arg.when;
        say = at[0] ? LPUI_SAY_BLOCK : LPUI_SAY_BLOCK_NOWHERE;
        break;
    case LP_EV_BLOCK_END:
        say = blocks_again(m, index) ? LPUI_SAY_BLOCK_END_AGAIN : LPUI_SAY_BLOCK_END;
        break;
    case LP_EV_POOL_NEW:
        say = LPUI_SAY_POOL_NEW;
        break;
    case LP_EV_JOB_SUBMIT:
        say = LPUI_SAY_JOB_SUBMIT;
        break;
    case LP_EV_JOB_START:
        w.n = ev->arg.u64 + 1;
        say = LPUI_SAY_JOB_START;
        break;
    case LP_EV_JOB_WAKE:
    case LP_EV_JOB_SLEEP:
    case LP_EV_JOB_PARK:
    case LP_EV_JOB_END:
    case LP_EV_CPU_WORK:
    case LP_EV_CPU_RATE:
    case LP_EV_THREAD_WAIT:
    case LP_EV_THREAD_WAKE:
        thread_name(s, m, ev->subject, thread, sizeof thread);
        say = ev->kind == LP_EV_JOB_WAKE    ? LPUI_SAY_JOB_WAKE
              : ev->kind == LP_EV_JOB_SLEEP ? LPUI_SAY_JOB_SLEEP
              : ev->kind == LP_EV_JOB_PARK  ? LPUI_SAY_JOB_PARK
              : ev->kind == LP_EV_JOB_END   ? LPUI_SAY_JOB_END
              : ev->kind == LP_EV_CPU_WORK  ? LPUI_SAY_CPU_WORK
              : ev->kind == LP_EV_CPU_RATE  ? (ev->arg.when > 0 ? LPUI_SAY_CPU_RATE : LPUI_SAY_CPU_DONE)
              : ev->kind == LP_EV_THREAD_WAIT ? LPUI_SAY_THREAD_WAIT
                                              : LPUI_SAY_THREAD_WAKE;
        if (ev->kind == LP_EV_JOB_SLEEP || ev->kind == LP_EV_JOB_PARK) {
            lpui_in_loop where = lpui__thread_in_loop(m, index, ev->subject, &until);
            bool timer = until < 1e300;
            if (where == LPUI_IN_LOOP_CALLBACK)
                say = ev->kind == LP_EV_JOB_SLEEP ? LPUI_SAY_JOB_SLEEP_FROZEN : LPUI_SAY_JOB_PARK_FROZEN;
            else if (where == LPUI_IN_LOOP_POLL && ev->kind == LP_EV_JOB_SLEEP && timer &&
                     fabs(until - ev->arg.when) < 1e-9)
                say = LPUI_SAY_JOB_SLEEP_POLL;
            else if (where == LPUI_IN_LOOP_POLL && ev->kind == LP_EV_JOB_PARK && !timer)
                say = LPUI_SAY_JOB_PARK_POLL;
        }
        w.pct = ev->arg.when * 100.0;
        if (ev->kind == LP_EV_THREAD_WAIT)
            snprintf(what, sizeof what, "%s", lpui_model_str(m, (uint32_t)ev->arg.u64));
        if (ev->kind == LP_EV_THREAD_WAKE)
            thread_name(s, m, (uint32_t)ev->arg.u64, by, sizeof by);
        break;
    default:
        snprintf(what, sizeof what, "%s", lp_event_kind_name(ev->kind));
        break;
    }
    lpui_say_fill(say, &w, out, n);
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
        char text[1024];
        lpui_say_fill(LPUI_SAY_NOT_STARTED, NULL, text, sizeof text);
        const lp_state *shown = sc->f->frac > 0 && sc->f->b ? sc->f->b : s;
        const lp_event *ev = total ? lp_trace_at(&m->trace, at) : NULL;
        if (total && (s->applied > 0 || sc->f->frac > 0))
            explain(sc, at, shown, text, sizeof text);
        if (shown->blocked) {
            /* the freeze first; then what happens now, unless it is the
            ** freeze's own beginning (the same words twice) */
            char now[1024], freeze[600], where[96];
            memcpy(now, text, sizeof now);
            lpui_where(lpui_model_str(m, shown->block_file_sid),
                       !shown->block_file_sid || lpui_model_is_program(m, shown->block_file_sid),
                       shown->block_line, where, sizeof where);
            lpui_words w = {.where = where, .when = shown->blocked_until};
            lpui_say_fill(where[0] ? LPUI_SAY_FROZEN : LPUI_SAY_FROZEN_NOWHERE, &w, freeze, sizeof freeze);
            bool same = ev && (ev->kind == LP_EV_BLOCK_AT || ev->kind == LP_EV_BLOCK_BEGIN);
            snprintf(text, sizeof text, same ? "%s" : "%s\n\nNow: %s", freeze, now);
        }
        if (s->applied == total && total) {
            lpui_words w = {.t = m->end_time};
            lpui_say_fill(LPUI_SAY_RUN_OVER, &w, text, sizeof text);
        }
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
        used += lpui__deadlock_card(sc, lpui_rect_make(r.x, r.y + used, r.w, r.h - used));
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
