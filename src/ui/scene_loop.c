/* scene_loop.c - looplab ui: the event loop panel (running slot, ready
** queue, timers, waiting tasks, worker lanes, the frozen loop).
**
** Cards are animated between the state before (a) and after (b) the event
** being played: a card found in both moves (eased) from its place in a to
** its place in b; a card in only one fades out or in. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "core/interp.h"
#include "ui/scene_int.h"
#include "ui/sentences.h"

enum { AREA_RUNNING = 1, AREA_READY, AREA_WAITING };
enum { MAX_PLACES = 512 };

typedef struct place {
    uint32_t id;     /* task id, or LPUI_ID_HANDLE | handle serial */
    uint8_t  area;
    uint16_t pos;    /* position in the ready queue */
    lpui_rect r;
} place;

typedef struct places {
    place  p[MAX_PLACES];
    size_t n;
    size_t ready_total, waiting_total; /* before "+N more" */
} places;

static const place *find_place(const places *ps, uint32_t id)
{
    for (size_t i = 0; i < ps->n; i++)
        if (ps->p[i].id == id)
            return &ps->p[i];
    return NULL;
}

static void add_place(places *ps, uint32_t id, uint8_t area, uint16_t pos, lpui_rect r)
{
    if (ps->n < MAX_PLACES)
        ps->p[ps->n++] = (place){id, area, pos, r};
}

/* The ready queue's card area, right of its "next" head. */
static lpui_rect ready_cards_area(lpui__sc *sc)
{
    lpui_rect r = lpui_rect_inset(sc->f->L->ready, 8 * sc->s, 7 * sc->s);
    float head = 70 * sc->s;
    r.x += head;
    r.w -= head + 8 * sc->s;
    return r;
}

/* The loop is frozen: its thread is in a blocking call. BLOCK_* records are
** the main thread's, so only the main thread's loop freezes on them. */
static bool frozen(const lpui__sc *sc, const lp_state *s)
{
    const lpui_model *m = sc->f->m;
    return s->blocked && (!m || m->views[m->view].thread == 0);
}

static lpui_rect running_card_rect(lpui__sc *sc, const lp_state *s)
{
    lpui_rect r = sc->f->L->running;
    float top = frozen(sc, s) ? r.h * 0.5f : 0;
    lpui_rect inner = lpui_rect_make(r.x + 12 * sc->s, r.y + top, r.w * 0.34f, r.h - top);
    float h = sc->f->L->card_h;
    if (h > inner.h - 8 * sc->s)
        h = inner.h - 8 * sc->s;
    return lpui_rect_make(inner.x, inner.y + (inner.h - h) / 2, inner.w, h);
}

static int cmp_waiting(const void *x, const void *y)
{
    const lp_state_task *a = *(const lp_state_task *const *)x, *b = *(const lp_state_task *const *)y;
    if (a->wait_kind != b->wait_kind)
        return a->wait_kind < b->wait_kind ? -1 : 1;
    return (a->id > b->id) - (a->id < b->id);
}

/* Where each card of state s goes. */
static void place_cards(lpui__sc *sc, const lp_state *s, places *ps)
{
    const lpui_model *m = sc->f->m;
    const lpui_layout *L = sc->f->L;
    ps->n = 0;
    bool ended = s->applied == lp_trace_count(&m->trace);
    if (ended)
        ; /* the program has ended: nothing runs */
    else if (s->running_task)
        add_place(ps, s->running_task, AREA_RUNNING, 0, running_card_rect(sc, s));
    else if (s->running) {
        /* a task's step: its card, from RUN until the step ends (once the
        ** task stopped, the callback only returns: nothing to show) */
        const lpui_handle_info *h = lpui_model_handle(m, s->running);
        const lp_state_task *t = h && h->step_task ? lp_state_task_find(s, h->step_task) : NULL;
        if (!t)
            add_place(ps, LPUI_ID_HANDLE | s->running, AREA_RUNNING, 0, running_card_rect(sc, s));
        else if (t->handle != s->running)
            add_place(ps, t->id, AREA_RUNNING, 0, running_card_rect(sc, s));
    }

    size_t nready = lp_state_ready_count(s);
    ps->ready_total = nready;
    lpui_rect rects[64];
    size_t shown = lpui_layout_row(ready_cards_area(sc), nready, 200 * sc->s, 90 * sc->s,
                                   L->ready.h - 14 * sc->s, 8 * sc->s, rects, 64);
    if (shown < nready && shown > 0)
        shown--; /* the last place says "+N more" */
    for (size_t i = 0; i < shown; i++) {
        uint32_t serial = s->ready[s->ready_head + i];
        const lpui_handle_info *h = lpui_model_handle(m, serial);
        uint32_t id = h && h->step_task ? h->step_task : LPUI_ID_HANDLE | serial;
        if (find_place(ps, id)) /* a task twice (rare): keep the first */
            id = LPUI_ID_HANDLE | serial;
        add_place(ps, id, AREA_READY, (uint16_t)i, rects[i]);
    }

    const lp_state_task **waiting = malloc(s->task_count * sizeof *waiting + 1);
    size_t nw = 0;
    for (size_t i = 0; waiting && i < s->task_count; i++) {
        if (!lp_state_follows(s, s->tasks[i].loop))
            continue; /* another thread's loop's task: its own panels show it */
        lpui_tstate st = lpui__tstate(sc, s, &s->tasks[i]);
        if ((st == LPUI_T_WAITING || st == LPUI_T_NEW) && !find_place(ps, s->tasks[i].id))
            waiting[nw++] = &s->tasks[i];
    }
    ps->waiting_total = nw;
    if (waiting) {
        qsort(waiting, nw, sizeof *waiting, cmp_waiting);
        lpui_rect area = lpui_rect_inset(L->waiting, 8 * sc->s, 8 * sc->s);
        area.y += 18 * sc->s;
        area.h -= 18 * sc->s;
        lpui_rect col[64];
        float ch = L->card_h; /* many tasks: thinner cards, down to one line */
        if (nw > 0 && ((float)nw * (ch + 6 * sc->s) > area.h))
            ch = area.h / (float)nw - 6 * sc->s;
        if (ch < 26 * sc->s)
            ch = 26 * sc->s;
        size_t fit = lpui_layout_column(area, nw, ch, 6 * sc->s, col, 64);
        if (fit < nw && fit > 0)
            fit--;
        for (size_t i = 0; i < fit; i++)
            add_place(ps, waiting[i]->id, AREA_WAITING, (uint16_t)i, col[i]);
        free(waiting);
    }
}

static lpui_rect lerp_rect(lpui_rect a, lpui_rect b, double t)
{
    float k = (float)t;
    return lpui_rect_make(a.x + (b.x - a.x) * k, a.y + (b.y - a.y) * k, a.w + (b.w - a.w) * k,
                          a.h + (b.h - a.h) * k);
}

/* A location in the window's words: "line 6" here, "sim.py:53" elsewhere. */
static void where(const lpui__sc *sc, uint32_t file_sid, uint32_t line, char *out, size_t n)
{
    const lpui_model *m = sc->f->m;
    lpui_where(lpui_model_str(m, file_sid), !file_sid || lpui_model_is_program(m, file_sid), line, out, n);
}

/* Makes a location drawn at r clickable when it is in another file: a
** click shows that file in SOURCE (ui.c, srcview.h). */
static void location_tag(lpui__sc *sc, lpui_rect r, uint32_t file_sid, uint32_t line)
{
    if (!file_sid || !line || lpui_model_is_program(sc->f->m, file_sid))
        return;
    lpui_cmd *c = lpui__rect(sc, r, 0, 0, 0, 0, 0);
    lpui__tag(c, LPUI_TAG_LOCATION, file_sid);
    if (c)
        c->width = (float)line; /* cmd.h: a LOCATION's line */
}

/* The label of task `id` in s, or "" when unknown. */
static void task_label(const lpui__sc *sc, const lp_state *s, uint32_t id, char *out, size_t n)
{
    const lp_state_task *t = id ? lp_state_task_find(s, id) : NULL;
    out[0] = '\0';
    if (t)
        lpui__label(sc, t, out, n);
}

/* What a plain callback (no task's step) will do, from what the engine
** recorded (lpui_handle_call): the program's own call, "ring('first')"; a
** sleep's end, "wakes ticker"; a timeout. `how`: the call that made a
** timer ("sleep(0.5)", "call_at"), "" when none fits; `at`: where it was
** made or where the task it wakes waits ("line 24"), "" when unknown,
** and that place (file sid, line; 0 when unknown) in *spot;
** *task: the task it is about, 0 = none. */
static void callback_words(const lpui__sc *sc, const lp_state *s, uint32_t serial, char *what, size_t n,
                           char *how, size_t hn, char *at, size_t an, uint32_t spot[2], uint32_t *task)
{
    const lpui_model *m = sc->f->m;
    const lpui_handle_info *info = lpui_model_handle(m, serial);
    uint32_t file = 0;
    unsigned line = 0;
    const char *call = lpui_handle_call(m, serial, &file, &line);
    char who[96];
    *task = info ? info->made_by_task : 0;
    const lp_state_task *t = *task ? lp_state_task_find(s, *task) : NULL;
    task_label(sc, s, *task, who, sizeof who);
    how[0] = at[0] = '\0';
    spot[0] = spot[1] = 0;
    if (t && t->status == LP_TASK_SUSPENDED) {
        where(sc, t->file_sid, t->line, at, an);
        spot[0] = t->file_sid;
        spot[1] = t->line;
    }
    const char *chain = t ? lpui_model_str(m, t->wait_sid) : "";
    if (call && strchr(call, '(')) { /* the program's own function */
        snprintf(what, n, "%s", call);
        snprintf(how, hn, "call_at");
        where(sc, file, line, at, an);
        spot[0] = file;
        spot[1] = line;
        *task = 0;
    } else if (call && strcmp(call, "_set_result_unless_cancelled") == 0 && t) {
        snprintf(what, n, "wakes %s", who);
        if (info && info->timer)
            snprintf(how, hn, "sleep(%.3g)", info->when - info->made_at);
    } else if (call && strcmp(call, "_release_waiter") == 0 && t) {
        snprintf(what, n, "wakes %s", who);
        snprintf(how, hn, "%s timeout", strstr(chain, "wait_for") ? "wait_for" : "asyncio.wait");
    } else if (call && strcmp(call, "Timeout._on_timeout") == 0 && t) {
        snprintf(what, n, "cancels %s", who);
        snprintf(how, hn, "asyncio.timeout");
    } else if (info && info->made_by_job) {
        const lp_state_thread *th = lp_thread_find(&s->threads, info->made_by_job);
        const char *name = th && th->name_sid ? lpui_model_str(m, th->name_sid) : "";
        snprintf(what, n, name[0] ? "result from thread %s" : "a worker thread's result", name);
        *task = 0;
    } else if (who[0]) {
        snprintf(what, n, "callback set by %s", who);
    } else {
        snprintf(what, n, "a callback");
    }
}

/* Whose timeout fired for task `id` at `when` (TIMEOUT's small), looked up
** just before the state's cursor; -1 once the task has run a step since
** (it has taken the timeout in: the badge goes). */
static int timeout_kind(const lpui__sc *sc, const lp_state *s, uint32_t id, double when)
{
    const lp_trace *tr = &sc->f->m->trace;
    for (size_t i = s->applied, looked = 0; i > 0 && looked < 4096; i--, looked++) {
        const lp_event *ev = lp_trace_at(tr, i - 1);
        if (ev->time < when - 1e-9)
            break;
        if (id && lp_interp_step_task(ev) == id) /* a TASK_STEP, or a RUN that starts the step */
            return -1;
        if (ev->kind == LP_EV_TIMEOUT && ev->subject == id)
            return ev->small;
    }
    return LP_TIMEOUT_UNKNOWN;
}

/* One card's face, drawn from state s. */
static void draw_card(lpui__sc *sc, const lp_state *s, const place *p, lpui_rect r)
{
    float k = sc->s;
    char name[96], sub[256];
    uint32_t task = p->id & LPUI_ID_HANDLE ? 0 : p->id;
    const lp_state_task *t = task ? lp_state_task_find(s, task) : NULL;
    lpui_tstate st = t ? lpui__tstate(sc, s, t) : p->area == AREA_RUNNING ? LPUI_T_RUNNING
                                                                        : LPUI_T_READY;
    if (t && p->area == AREA_READY)
        st = LPUI_T_READY;
    if (t && p->area == AREA_RUNNING)
        st = frozen(sc, s) ? LPUI_T_BLOCKED : LPUI_T_RUNNING;
    lpui_tag tag = p->area == AREA_READY ? LPUI_TAG_READY_CARD
                   : p->area == AREA_WAITING ? LPUI_TAG_WAIT_CARD
                                             : LPUI_TAG_RUNNING;
    bool hot = task && task == sc->f->v->hover_task;
    lpui_cmd *c = lpui__rect(sc, r, LPUI_C_CARD, 255,
                             hot ? 0xffffff : task ? 0x000000 : LPUI_C_LINE2, 0, 6 * k);
    lpui__tag(c, tag, p->id);
    lpui_color col = task ? lpui_task_color(task) : lpui_rgba(LPUI_C_MUTED, 255);
    /* the state glyph: the pattern of the state, the task's shape over it */
    float g = r.h - 12 * k;
    if (g > 26 * k)
        g = 26 * k;
    lpui_rect glyph = lpui_rect_make(r.x + 7 * k, r.y + (r.h - g) / 2, g, g);
    lpui__state_box(sc, glyph, st, col);
    if (task)
        lpui__shape(sc, lpui_rect_inset(glyph, g * 0.25f, g * 0.25f), task);
    /* the card's border shows the state too */
    uint32_t border = st == LPUI_T_BLOCKED ? LPUI_C_ALERT : hot ? 0xffffff : (uint32_t)col.r << 16 | (uint32_t)col.g << 8 | col.b;
    lpui__rect(sc, r, 0, 0, border, hot ? 2.5f * k : st == LPUI_T_WAITING ? 1.0f * k : 1.5f * k, 6 * k);
    if (st == LPUI_T_READY)
        lpui__pattern(sc, lpui_rect_make(r.x + r.w - 10 * k, r.y + 2, 8 * k, r.h - 4), LPUI_PAT_STRIPES, col);

    char at[96] = "";
    if (t) {
        lpui__label(sc, t, name, sizeof name);
        where(sc, t->file_sid, t->line, at, sizeof at);
    } else {
        char how[64], loc[96];
        uint32_t about, spot[2];
        callback_words(sc, s, p->id & ~LPUI_ID_HANDLE, name, sizeof name, how, sizeof how, loc, sizeof loc,
                       spot, &about);
    }
    if (p->area == AREA_READY)
        snprintf(sub, sizeof sub, "#%u in line \xC2\xB7 %s", (unsigned)p->pos + 1,
                 t ? (t->steps ? "its next step" : "its first step") : "a callback");
    else if (p->area == AREA_RUNNING && st == LPUI_T_BLOCKED && s->block_line) {
        char bw[96];
        where(sc, s->block_file_sid, s->block_line, bw, sizeof bw);
        snprintf(sub, sizeof sub, "stuck in a blocking call, %s", bw);
    } else if (p->area == AREA_RUNNING)
        snprintf(sub, sizeof sub, t ? "runs step %u" : "runs now", t ? t->steps : 0);
    else if (t && st == LPUI_T_NEW)
        lpui_say_fill(LPUI_SAY_CARD_NEW, NULL, sub, sizeof sub);
    else if (t && at[0])
        snprintf(sub, sizeof sub, "%s \xC2\xB7 awaits %s", at, lpui__wait_name(t->wait_kind));
    else
        snprintf(sub, sizeof sub, "awaits %s", t ? lpui__wait_name(t->wait_kind) : "?");
    /* a cancellation on its way, a timeout that just fired: a red badge */
    const char *badge = NULL;
    lpui_say says = LPUI_SAY_CARD_CANCEL;
    int kind = t && t->timeout_at >= 0 && sc->f->now - t->timeout_at < 1e-9 && t->status != LP_TASK_FINISHED
                   ? timeout_kind(sc, s, t->id, t->timeout_at)
                   : -1;
    if (kind >= 0) {
        badge = "TIMEOUT";
        says = kind == LP_TIMEOUT_WAIT_FOR ? LPUI_SAY_CARD_TIMEOUT_WAIT_FOR
               : kind == LP_TIMEOUT_WAIT   ? LPUI_SAY_CARD_TIMEOUT_WAIT
               : kind == LP_TIMEOUT_BLOCK  ? LPUI_SAY_CARD_TIMEOUT_BLOCK
                                           : LPUI_SAY_CARD_TIMEOUT;
    } else if (t && t->cancel_requested) {
        badge = "CANCEL";
        says = t->steps ? LPUI_SAY_CARD_CANCEL : LPUI_SAY_CARD_CANCEL_UNSTARTED;
    }
    if (badge) {
        float bw = lpui__measure(sc, LPUI_FONT_SMALL, badge) + 10 * k;
        lpui__rect(sc, r, 0, 0, LPUI_C_ALERT, 2 * k, 6 * k);
        lpui_rect br = lpui_rect_make(r.x + r.w - bw - 14 * k, r.y + 4 * k, bw, lpui__font_h(sc, LPUI_FONT_SMALL) + 2 * k);
        lpui__rect(sc, br, LPUI_C_ALERT, 255, 0, 0, 3 * k);
        lpui__text(sc, br.x + 5 * k, br.y + 1 * k, LPUI_FONT_SMALL, 0x1b1315, badge, 0);
        lpui_say_fill(says, NULL, sub, sizeof sub);
    }
    float tx = glyph.x + g + 8 * k, tw = r.x + r.w - tx - 12 * k;
    float nh = lpui__font_h(sc, LPUI_FONT_BOLD), sh = lpui__font_h(sc, LPUI_FONT_SMALL);
    float ty = r.y + (r.h - nh - sh) / 2;
    if (r.h < nh + sh + 4 * k) {
        lpui__text(sc, tx, r.y + (r.h - nh) / 2, LPUI_FONT_BOLD, LPUI_C_TEXT, name, tw);
        return;
    }
    lpui__text(sc, tx, ty, LPUI_FONT_BOLD, LPUI_C_TEXT, name, tw);
    float sw = lpui__text(sc, tx, ty + nh, LPUI_FONT_SMALL, LPUI_C_MUTED, sub, tw);
    if (t && at[0] && !badge && p->area == AREA_WAITING && st != LPUI_T_NEW)
        location_tag(sc, lpui_rect_make(tx, ty + nh, sw, sh), t->file_sid, t->line);
}

static void section_label(lpui__sc *sc, float x, float y, const char *label, const char *hint,
                          float max_w)
{
    float w = lpui__text(sc, x, y, LPUI_FONT_SMALL, LPUI_C_MUTED, label, max_w);
    if (hint)
        lpui__text(sc, x + w + 8 * sc->s, y, LPUI_FONT_SMALL, LPUI_C_DIM, hint,
                   max_w - w - 8 * sc->s);
}

static void frozen_box(lpui__sc *sc, const lp_state *s)
{
    const lpui_model *m = sc->f->m;
    lpui_rect r = sc->f->L->running;
    float k = sc->s;
    double now = sc->f->now;
    lpui_rect top = lpui_rect_make(r.x, r.y, r.w, r.h * 0.5f);
    lpui__tag(lpui__rect(sc, r, 0x1b1315, 255, LPUI_C_ALERT, 2 * k, 8 * k), LPUI_TAG_FROZEN, s->block_task);
    lpui__rect(sc, lpui_rect_inset(top, 2 * k, 2 * k), 0x2a1214, 255, 0, 0, 6 * k);
    lpui__pattern(sc, lpui_rect_inset(top, 2 * k, 2 * k), LPUI_PAT_STRIPES, lpui_rgba(0x5a2226, 255));
    char what[256], right[128], call[120] = "";
    if (lpui_model_is_program(m, s->block_file_sid) && s->block_line >= 1 && s->block_line <= m->line_count) {
        /* the call as written: the line without its indent and comment */
        const char *src = m->lines[s->block_line - 1];
        while (*src == ' ' || *src == '\t')
            src++;
        size_t len = strcspn(src, "#");
        while (len > 0 && src[len - 1] == ' ')
            len--;
        snprintf(call, sizeof call, "%.*s", (int)(len < sizeof call - 1 ? len : sizeof call - 1), src);
    }
    const char *by = call[0] ? call : s->block_cpu ? "CPU work" : "a blocking call";
    char at[96];
    where(sc, s->block_file_sid, s->block_line, at, sizeof at);
    if (s->block_line)
        snprintf(what, sizeof what, "blocked by %s \xE2\x80\x94 %s", by, at);
    else
        snprintf(what, sizeof what, "blocked by %s", by);
    float bh = lpui__font_h(sc, LPUI_FONT_BIG);
    lpui__text(sc, top.x + 16 * k, top.y + 4 * k, LPUI_FONT_BIG, 0xffffff, "LOOP FROZEN", top.w * 0.5f);
    float ww = lpui__text(sc, top.x + 16 * k, top.y + 6 * k + bh, LPUI_FONT_UI, LPUI_C_ALERT_SOFT, what, top.w * 0.5f);
    location_tag(sc, lpui_rect_make(top.x + 16 * k, top.y + 6 * k + bh, ww, lpui__font_h(sc, LPUI_FONT_UI)),
                 s->block_file_sid, s->block_line);
    snprintf(right, sizeof right, "frozen since t = %.3f \xC2\xB7 %.3f s to go", s->blocked_since,
             s->blocked_until > now ? s->blocked_until - now : 0.0);
    float rw = lpui__measure(sc, LPUI_FONT_SMALL, right);
    lpui__text(sc, top.x + top.w - rw - 14 * k, top.y + top.h / 2 - lpui__font_h(sc, LPUI_FONT_SMALL) / 2,
               LPUI_FONT_SMALL, LPUI_C_ALERT_SOFT, right, top.w * 0.45f);
    /* the blocking call's progress, beside the running card */
    lpui_rect card = running_card_rect(sc, s);
    float bx = card.x + card.w + 16 * k, bw = r.x + r.w - bx - 16 * k;
    lpui_rect bar = lpui_rect_make(bx, card.y + card.h * 0.25f, bw, 14 * k);
    double span = s->blocked_until - s->blocked_since;
    double f = span > 0 ? (now - s->blocked_since) / span : 1;
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    lpui__rect(sc, bar, 0x12161c, 255, LPUI_C_LINE2, 1, 3 * k);
    lpui_rect done = lpui_rect_make(bar.x, bar.y, bar.w * (float)f, bar.h);
    lpui__rect(sc, done, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 1, 3 * k);
    lpui__pattern(sc, done, LPUI_PAT_HATCH, lpui_rgba(LPUI_C_ALERT, 255));
    lpui__line(sc, done.x + done.w, bar.y - 4 * k, done.x + done.w, bar.y + bar.h + 4 * k,
               lpui_rgba(0xffffff, 255), 2 * k);
    char scale[128];
    snprintf(scale, sizeof scale, "called at %.3f", s->blocked_since);
    float sy = bar.y + bar.h + 5 * k;
    lpui__text(sc, bar.x, sy, LPUI_FONT_SMALL, LPUI_C_MUTED, scale, bw / 3);
    snprintf(scale, sizeof scale, "now %.3f \xC2\xB7 %d%%", now, (int)(f * 100));
    float w = lpui__measure(sc, LPUI_FONT_SMALL, scale);
    lpui__text(sc, bar.x + bw / 2 - w / 2, sy, LPUI_FONT_SMALL, 0xffffff, scale, bw / 3);
    snprintf(scale, sizeof scale, "returns at %.3f", s->blocked_until);
    w = lpui__measure(sc, LPUI_FONT_SMALL, scale);
    lpui__text(sc, bar.x + bw - w, sy, LPUI_FONT_SMALL, LPUI_C_MUTED, scale, bw / 3);
}

static void running_slot(lpui__sc *sc, const lp_state *s)
{
    lpui_rect r = sc->f->L->running;
    float k = sc->s;
    if (frozen(sc, s)) {
        frozen_box(sc, s);
        return;
    }
    lpui__tag(lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_LINE, 1, 8 * k), LPUI_TAG_RUNNING, 0);
    bool ended = s->applied == lp_trace_count(&sc->f->m->trace);
    const lpui_handle_info *h = lpui_model_handle(sc->f->m, s->running);
    const lp_state_task *t = h && h->step_task ? lp_state_task_find(s, h->step_task) : NULL;
    bool step_over = t && t->handle == s->running && !s->running_task;
    if ((s->running_task || (s->running && !step_over)) && !ended)
        return; /* the card is drawn with the others */
    char idle[160];
    lpui_say why = ended                                                   ? LPUI_SAY_IDLE_ENDED
                   : s->handle_count == 0 && s->ready_end == s->ready_head ? LPUI_SAY_IDLE_NOTHING
                   : lp_state_ready_count(s) == 0                          ? LPUI_SAY_IDLE_SLEEPS
                                                                           : LPUI_SAY_IDLE_CHOOSING;
    lpui_say_fill(why, NULL, idle, sizeof idle);
    lpui__text(sc, r.x + 16 * k, r.y + (r.h - lpui__font_h(sc, LPUI_FONT_UI)) / 2, LPUI_FONT_UI,
               LPUI_C_MUTED, idle, r.w - 32 * k);
}

static void ready_row(lpui__sc *sc, const places *ps)
{
    lpui_rect r = sc->f->L->ready;
    float k = sc->s;
    lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_LINE, 1, 8 * k);
    float fh = lpui__font_h(sc, LPUI_FONT_BOLD);
    lpui__text(sc, r.x + 18 * k, r.y + r.h / 2 - fh, LPUI_FONT_BOLD, LPUI_C_TEXT, "next", 50 * k);
    lpui__text(sc, r.x + 14 * k, r.y + r.h / 2 + 1 * k, LPUI_FONT_SMALL, LPUI_C_MUTED, "runs first", 56 * k);
    lpui__line(sc, r.x + 72 * k, r.y + 8 * k, r.x + 72 * k, r.y + r.h - 8 * k, lpui_rgba(LPUI_C_LINE2, 255), 1);
    lpui_rect area = ready_cards_area(sc);
    size_t shown = 0;
    float end = area.x;
    for (size_t i = 0; i < ps->n; i++)
        if (ps->p[i].area == AREA_READY) {
            shown++;
            if (ps->p[i].r.x + ps->p[i].r.w > end)
                end = ps->p[i].r.x + ps->p[i].r.w;
        }
    char more[64];
    if (ps->ready_total > shown) {
        snprintf(more, sizeof more, "+%zu more", ps->ready_total - shown);
        lpui__text(sc, end + 10 * k, area.y + (area.h - fh) / 2, LPUI_FONT_BOLD, LPUI_C_TEXT, more,
                   area.x + area.w - end - 10 * k);
    } else if (area.x + area.w - end > 110 * k) {
        lpui_rect q = lpui_rect_make(end + (shown ? 8 * k : 0), area.y, 110 * k, area.h);
        lpui__rect(sc, q, 0, 0, LPUI_C_LINE2, 1, 6 * k);
        lpui__text(sc, q.x + 10 * k, q.y + (q.h - lpui__font_h(sc, LPUI_FONT_SMALL)) / 2, LPUI_FONT_SMALL,
                   LPUI_C_DIM, shown ? "queue ends here" : "queue is empty", q.w - 20 * k);
    }
}

static int cmp_timer(const void *x, const void *y)
{
    const lp_state_handle *a = *(const lp_state_handle *const *)x, *b = *(const lp_state_handle *const *)y;
    if (a->when != b->when)
        return a->when < b->when ? -1 : 1;
    return (a->serial > b->serial) - (a->serial < b->serial);
}

/* The live timers in the order the heap will fire them (lp_state_timer_order:
** equal deadlines as heapq orders them), into t. Returns how many, or
** SIZE_MAX when out of memory. */
static size_t timers_in_order(const lp_state *s, const lp_state_handle **t)
{
    uint32_t *order = malloc(s->handle_count * sizeof *order + 1);
    size_t count = 0, n = 0;
    if (!order || lp_state_timer_order(s, order, s->handle_count, &count) != LP_OK) {
        free(order);
        return SIZE_MAX;
    }
    for (size_t i = 0; i < count && i < s->handle_count; i++) {
        const lp_state_handle *h = lp_state_handle_find(s, order[i]);
        if (h)
            t[n++] = h;
    }
    free(order);
    return n;
}

/* What a timer will do when it fires: "sleep(0.5) → wakes ticker",
** "call_at → ring('first')", or only what it does ("ring('first')") when
** the whole does not fit max_w; `at`: where ("line 6", "sim.py:24"). */
static void timer_title(lpui__sc *sc, const lp_state *s, const lp_state_handle *h, float max_w, char *out,
                        size_t n, char *at, size_t an, uint32_t spot[2], uint32_t *task)
{
    char what[128], how[64];
    callback_words(sc, s, h->serial, what, sizeof what, how, sizeof how, at, an, spot, task);
    snprintf(out, n, how[0] ? "%s \xE2\x86\x92 %s" : "%s%s", how, what);
    if (lpui__measure(sc, LPUI_FONT_SMALL, out) > max_w)
        snprintf(out, n, "%s", what);
}

static void timers_box(lpui__sc *sc, const lp_state *s)
{
    lpui_rect r = sc->f->L->timers;
    float k = sc->s;
    lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_LINE, 1, 8 * k);
    const lp_state_handle **t = malloc(s->handle_count * sizeof *t + 1);
    if (!t)
        return;
    size_t n = 0, live = timers_in_order(s, t);
    for (size_t i = 0; i < s->handle_count; i++) /* then the cancelled ones, by deadline */
        if (s->handles[i].where == LP_STATE_TIMER && (s->handles[i].cancelled || live == SIZE_MAX))
            t[live == SIZE_MAX ? n++ : live + n++] = &s->handles[i];
    if (live == SIZE_MAX) /* out of memory: by deadline */
        live = 0;
    qsort(t + live, n, sizeof *t, cmp_timer);
    n += live;
    char label[32];
    snprintf(label, sizeof label, "%zu set", n);
    section_label(sc, r.x + 8 * k, r.y + 5 * k, "TIMERS", n ? "in firing order" : "none set",
                  r.w - 16 * k);
    lpui_rect area = lpui_rect_make(r.x + 8 * k, r.y + 24 * k, r.w - 16 * k, r.h - 32 * k);
    lpui_rect col[64];
    float ch = 60 * k;
    if (n > 0 && (float)n * (ch + 6 * k) > area.h) /* many timers: thinner cards */
        ch = area.h / (float)n - 6 * k;
    if (ch < 46 * k)
        ch = 46 * k;
    size_t fit = lpui_layout_column(area, n, ch, 6 * k, col, 64);
    if (fit < n && fit > 0)
        fit--;
    double now = sc->f->now;
    for (size_t i = 0; i < fit; i++) {
        const lp_state_handle *h = t[i];
        const lpui_handle_info *info = lpui_model_handle(sc->f->m, h->serial);
        lpui_rect c = col[i];
        uint32_t task, spot[2];
        char title[200], due[48], at[96];
        float fh = lpui__font_h(sc, LPUI_FONT_SMALL);
        snprintf(due, sizeof due, "due %.3f", h->when);
        float dw = lpui__measure(sc, LPUI_FONT_SMALL, due);
        /* room for the title: the card less the task's shape and the deadline */
        timer_title(sc, s, h, c.w - 29 * k - fh - dw, title, sizeof title, at, sizeof at, spot, &task);
        bool hot = task && task == sc->f->v->hover_task;
        lpui__tag(lpui__rect(sc, c, LPUI_C_CARD, 255, hot ? 0xffffff : LPUI_C_LINE2, hot ? 2 * k : 1, 6 * k),
                  LPUI_TAG_TIMER_CARD, h->serial);
        float x = c.x + 7 * k;
        if (task) {
            lpui__shape(sc, lpui_rect_make(x, c.y + 7 * k, fh - 2 * k, fh - 2 * k), task);
            x += fh + 3 * k;
        }
        bool next = i == 0 && live > 0; /* the first live timer fires next */
        if (next)
            lpui__rect(sc, lpui_rect_make(c.x, c.y + 3 * k, 3 * k, c.h - 6 * k), LPUI_C_ACCENT, 255, 0,
                       0, 1 * k);
        lpui__text(sc, x, c.y + 5 * k, LPUI_FONT_SMALL, h->cancelled ? LPUI_C_DIM : LPUI_C_TEXT, title,
                   c.x + c.w - x - dw - 12 * k);
        lpui__text(sc, c.x + c.w - dw - 7 * k, c.y + 5 * k, LPUI_FONT_SMALL, LPUI_C_MUTED, due, 0);
        lpui_rect bar = lpui_rect_make(c.x + 7 * k, c.y + 9 * k + fh, c.w - 14 * k, 10 * k);
        double made = info ? info->made_at : 0, span = h->when - made;
        bool roomy = c.h >= 56 * k; /* room for a line under the bar */
        double left = h->when - now;
        if (h->cancelled) {
            lpui__rect(sc, bar, LPUI_C_PANEL, 255, LPUI_C_DIM, 1, 2 * k);
            lpui__pattern(sc, bar, LPUI_PAT_DOTS, lpui_rgba(LPUI_C_DIM, 255));
            char gone[96];
            lpui_say_fill(LPUI_SAY_TIMER_CANCELLED, NULL, gone, sizeof gone);
            if (roomy)
                lpui__text(sc, bar.x, bar.y + bar.h + 3 * k, LPUI_FONT_SMALL, LPUI_C_DIM, gone, c.w - 14 * k);
        } else if (left >= 0) {
            double f = span > 0 ? left / span : 0;
            lpui__rect(sc, bar, 0x12161c, 255, LPUI_C_LINE2, 1, 2 * k);
            lpui_cmd *fill = lpui__rect(sc, lpui_rect_make(bar.x, bar.y, bar.w * (float)f, bar.h),
                                        task ? 0 : LPUI_C_ACCENT, 255, 0, 0, 2 * k);
            if (fill && task)
                fill->bg = lpui_task_color(task);
            lpui__tag(fill, LPUI_TAG_TIMER_BAR, h->serial);
            char left_at[160];
            snprintf(left_at, sizeof left_at, "%.3f s left%s%s%s", left,
                     next ? " \xC2\xB7 fires next" : "", at[0] ? " \xC2\xB7 " : "", at);
            if (roomy) {
                float lw = lpui__text(sc, bar.x, bar.y + bar.h + 3 * k, LPUI_FONT_SMALL, LPUI_C_MUTED, left_at, bar.w);
                location_tag(sc, lpui_rect_make(bar.x, bar.y + bar.h + 3 * k, lw, fh), spot[0], spot[1]);
            }
        } else {
            lpui__tag(lpui__rect(sc, bar, LPUI_C_ALERT_BG, 255, LPUI_C_ALERT, 1.5f * k, 2 * k),
                      LPUI_TAG_OVERDUE, h->serial);
            lpui__pattern(sc, bar, LPUI_PAT_STRIPES, lpui_rgba(LPUI_C_ALERT, 255));
            snprintf(due, sizeof due, "OVERDUE +%.3f s%s", -left, next ? " \xC2\xB7 next" : "");
            lpui_font of = lpui__measure(sc, LPUI_FONT_BOLD, due) <= bar.w ? LPUI_FONT_BOLD : LPUI_FONT_SMALL;
            if (roomy) /* a narrow card: the smaller font, so it reads whole */
                lpui__text(sc, bar.x, bar.y + bar.h + 3 * k, of, LPUI_C_ALERT, due, bar.w);
        }
    }
    if (fit < n) {
        snprintf(label, sizeof label, "+%zu more", n - fit);
        lpui__text(sc, area.x, area.y + (float)fit * (ch + 6 * k), LPUI_FONT_BOLD, LPUI_C_TEXT, label, area.w);
    } else if (n > 0 && area.h - (float)n * (ch + 6 * k) > 40 * k) {
        char hint[128];
        lpui_say_fill(LPUI_SAY_TIMERS_HINT, NULL, hint, sizeof hint);
        lpui__wrap(sc, lpui_rect_make(area.x, area.y + (float)n * (ch + 6 * k) + 4 * k, area.w, 40 * k),
                   LPUI_FONT_SMALL, LPUI_C_DIM, hint);
    }
    free(t);
}

/* What a thread does now (`applied` records replayed), in a few words. */
static void thread_text(const lpui_model *m, const lp_state_thread *t, double now, size_t applied, char *out,
                        size_t size)
{
    const char *name = t->serial == 0 ? (lpui__main_runs_the_loops(m) ? "loop thread" : "main thread")
                                      : lpui_model_str(m, t->name_sid);
    if (t->kind == LP_THREAD_PROCESS_LANE) /* its own process: its thread's name ("MainThread") misleads */
        name = "worker process";
    char named[96];
    if (t->serial != 0 && lpui__thread_runs_loop(m, t->serial, now)) {
        snprintf(named, sizeof named, "%.60s's event loop", name);
        name = named;
    }
    double until = 0;
    lpui_in_loop where = named == name && !t->woken ? lpui__thread_in_loop(m, applied, t->serial, &until)
                                                    : LPUI_IN_LOOP_NONE;
    if (where == LPUI_IN_LOOP_POLL && (t->status == LP_THREAD_WAITING || t->status == LP_THREAD_SLEEPING)) {
        if (until < 1e300) /* in its own loop's poll: until its next timer */
            snprintf(out, size, "%s \xC2\xB7 idle until %.3f", name, until);
        else /* till another thread hands it a callback */
            snprintf(out, size, "%s \xC2\xB7 idle, no timer", name);
        return;
    }
    if (where == LPUI_IN_LOOP_CALLBACK && t->status == LP_THREAD_SLEEPING) { /* time.sleep in a callback */
        snprintf(out, size, "%s \xC2\xB7 frozen until %.3f", name, t->until);
        return;
    }
    switch (t->status) {
    case LP_THREAD_WAITING:
        if (t->wait_kind == LP_WAIT_IDLE)
            snprintf(out, size, "%s \xC2\xB7 idle, waits for work", name);
        else if (t->woken)
            snprintf(out, size, "%s \xC2\xB7 woken, runs next", name);
        else {
            const char *what = lpui_model_str(m, t->wait_sid);
            size_t n = strlen(what); /* a call ("Queue.get()") or the runner's words */
            const char *how = n > 2 && strcmp(what + n - 2, "()") == 0 ? "in" : "for";
            char at[96];
            lpui_where(lpui_model_str(m, t->file_sid), !t->file_sid || lpui_model_is_program(m, t->file_sid),
                       t->line, at, sizeof at);
            if (t->line)
                snprintf(out, size, "%s \xC2\xB7 waits %s %s \xC2\xB7 %s", name, how, what, at);
            else
                snprintf(out, size, "%s \xC2\xB7 waits %s %s", name, how, what);
        }
        break;
    case LP_THREAD_SLEEPING:
        snprintf(out, size, "%s \xC2\xB7 sleeps until %.3f", name, t->until);
        break;
    case LP_THREAD_COMPUTING:
        snprintf(out, size, "%s \xC2\xB7 computes, %.0f%% CPU \xC2\xB7 %.2f/%.2f s", name,
                 t->cpu_rate * 100.0, lp_thread_cpu_done_at(t, now), t->cpu_work);
        break;
    case LP_THREAD_STARTING:
        snprintf(out, size, "%s \xC2\xB7 starting", name);
        break;
    case LP_THREAD_FINISHED:
        snprintf(out, size, "%s \xC2\xB7 finished", name);
        break;
    default:
        snprintf(out, size, "%s \xC2\xB7 runs", name);
        break;
    }
}

/* One thread's row: a line of text (name and what it does), and under it a
** bar: its state as a pattern, or, while it computes, a bar filling with
** the work done, at the share of a CPU it gets. */
static void thread_row(lpui__sc *sc, lpui_rect row, const lp_state_thread *t, lpui_color col)
{
    float k = sc->s, fh = lpui__font_h(sc, LPUI_FONT_SMALL);
    const lpui_model *m = sc->f->m;
    double now = sc->f->now;
    char text[320];
    thread_text(m, t, now, sc->f->a ? sc->f->a->applied : 0, text, sizeof text);
    lpui__text(sc, row.x, row.y, LPUI_FONT_SMALL, LPUI_C_TEXT, text, row.w);
    lpui__tag(lpui__rect(sc, lpui_rect_make(row.x, row.y, row.w, fh), 0, 0, 0, 0, 0), LPUI_TAG_LANE_JOB,
              t->serial);
    if (t->status == LP_THREAD_WAITING && t->wait_kind != LP_WAIT_IDLE && !t->woken)
        location_tag(sc, lpui_rect_make(row.x, row.y, row.w, fh), t->file_sid, t->line);
    lpui_rect bar = lpui_rect_make(row.x, row.y + fh + 2 * k, row.w, row.h - fh - 4 * k);
    if (t->status == LP_THREAD_COMPUTING) {
        lpui__rect(sc, bar, 0x0d1015, 255, 0xe8b04a, 1.5f * k, 2 * k);
        double part = t->cpu_work > 0 ? lp_thread_cpu_done_at(t, now) / t->cpu_work : 1.0;
        lpui_rect fill = lpui_rect_inset(bar, 1.5f * k, 1.5f * k);
        fill.w *= (float)part;
        lpui__tag(lpui__rect(sc, fill, 0xe8b04a, 230, 0, 0, 1 * k), LPUI_TAG_THREAD_CPU, t->serial);
        lpui__pattern(sc, fill, LPUI_PAT_STRIPES, lpui_rgba(0x8a5a10, 255));
        return;
    }
    lpui_tstate st = t->status == LP_THREAD_RUNNING    ? LPUI_T_RUNNING
                     : t->status == LP_THREAD_STARTING ? LPUI_T_READY
                     : t->status == LP_THREAD_FINISHED ? LPUI_T_DONE
                                                       : LPUI_T_WAITING;
    lpui__state_box(sc, bar, st, col);
    if (t->status == LP_THREAD_WAITING)
        lpui__tag(&sc->out->items[sc->out->count - 1], LPUI_TAG_THREAD_WAIT, t->serial);
}

/* The threads: the loop thread when it waits or computes, then each lane
** with its thread (or idle); a wake-up happening now is an arrow from the
** thread that released or notified to the one it woke. */
static void lanes_box(lpui__sc *sc, const lp_state *s)
{
    lpui_rect r = sc->f->L->lanes;
    float k = sc->s;
    lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_LINE, 1, 8 * k);
    const lpui_model *m = sc->f->m;
    size_t used = 0;
    for (size_t p = 0; p < s->pool_count && p < m->pool_count; p++)
        used += m->pool_used[p];
    char hint[48];
    snprintf(hint, sizeof hint, "%zu lane%s in use", used, used == 1 ? "" : "s");
    section_label(sc, r.x + 8 * k, r.y + 5 * k, "THREADS", used ? hint : "none used", r.w - 16 * k);
    float fh = lpui__font_h(sc, LPUI_FONT_SMALL);
    float lh = fh + 14 * k, y = r.y + 26 * k;
    float row_y[64];          /* y of each drawn thread's row, for the arrows */
    uint32_t row_serial[64];
    size_t rows = 0;
    const lp_state_thread *loop = lp_thread_find(&s->threads, 0);
    if (loop && (loop->status == LP_THREAD_COMPUTING || loop->status == LP_THREAD_WAITING)) {
        lpui_rect bar = lpui_rect_make(r.x + 28 * k, y + 1 * k, r.w - 36 * k, lh - 4 * k);
        lpui__text(sc, r.x + 8 * k, y + 1 * k, LPUI_FONT_MONO, LPUI_C_DIM, "L", 18 * k);
        thread_row(sc, bar, loop, lpui_rgba(0x7aa2f7, 255));
        row_y[rows] = y + lh / 2;
        row_serial[rows++] = 0;
        y += lh;
    }
    for (size_t p = 0; p < s->pool_count; p++) {
        uint32_t lanes = p < m->pool_count ? m->pool_used[p] : 0;
        for (uint32_t l = 0; l < lanes && l < s->pools[p].lane_count; l++) {
            if (y + lh > r.y + r.h - 4 * k) {
                lpui__text(sc, r.x + 8 * k, y, LPUI_FONT_SMALL, LPUI_C_MUTED, "\xE2\x80\xA6", 0);
                p = s->pool_count;
                break;
            }
            uint32_t job = s->lane_job[s->pools[p].first_lane + l];
            char no[16];
            snprintf(no, sizeof no, "%u", l + 1);
            lpui__text(sc, r.x + 8 * k, y + 1 * k, LPUI_FONT_MONO, LPUI_C_DIM, no, 18 * k);
            lpui_rect bar = lpui_rect_make(r.x + 28 * k, y + 1 * k, r.w - 36 * k, lh - 4 * k);
            const lp_state_job *j = job ? lp_state_job_find(s, job) : NULL;
            const lp_state_thread *t = job ? lp_thread_find(&s->threads, job) : NULL;
            uint32_t task = job && job < m->job_count ? m->job_task[job] : 0;
            lpui_color col = task ? lpui_task_color(task) : lpui_rgba(0xd68bbb, 255);
            if (!j) {
                lpui__text(sc, bar.x, bar.y, LPUI_FONT_SMALL, LPUI_C_DIM, "idle lane", bar.w);
                lpui__tag(lpui__rect(sc, bar, 0, 0, 0, 0, 0), LPUI_TAG_LANE, 0);
            } else if (t) {
                thread_row(sc, bar, t, col);
                if (rows < 64) {
                    row_y[rows] = y + lh / 2;
                    row_serial[rows++] = job;
                }
            } else {
                lp_state_thread shown = {.serial = job, .status = j->status == LP_JOB_RUNNING ? LP_THREAD_RUNNING
                                                                 : j->status == LP_JOB_SLEEPING ? LP_THREAD_SLEEPING
                                                                 : j->status == LP_JOB_STARTING ? LP_THREAD_STARTING
                                                                                                : LP_THREAD_WAITING,
                                         .until = j->until};
                thread_row(sc, bar, &shown, col);
            }
            y += lh;
        }
    }
    /* wake-ups at this moment: waker -> woken, along the left edge */
    for (size_t i = 0; i < rows; i++) {
        const lp_state_thread *t = lp_thread_find(&s->threads, row_serial[i]);
        if (!t || t->woken_by == LP_THREAD_NOBODY || t->woken_at != sc->f->now)
            continue;
        for (size_t w = 0; w < rows; w++) {
            if (row_serial[w] != t->woken_by || w == i)
                continue;
            float x = r.x + 22 * k, y0 = row_y[w], y1 = row_y[i];
            lpui_color c = lpui_rgba(0xe8b04a, 255);
            lpui__line(sc, x + 4 * k, y0, x, y0, c, 2 * k);
            lpui__line(sc, x, y0, x, y1, c, 2 * k);
            lpui__line(sc, x, y1, x + 6 * k, y1, c, 2 * k);
            lpui__line(sc, x + 6 * k, y1, x + 3 * k, y1 - 3 * k, c, 2 * k);
            lpui__line(sc, x + 6 * k, y1, x + 3 * k, y1 + 3 * k, c, 2 * k);
            lpui__tag(lpui__rect(sc, lpui_rect_make(x - 1 * k, y0 < y1 ? y0 : y1, 8 * k, y0 < y1 ? y1 - y0 : y0 - y1),
                                 0, 0, 0, 0, 0),
                      LPUI_TAG_WAKE_ARROW, t->serial);
        }
    }
}

static void waiting_box(lpui__sc *sc, const places *ps)
{
    lpui_rect r = sc->f->L->waiting;
    float k = sc->s;
    lpui__rect(sc, r, LPUI_C_PANEL2, 255, LPUI_C_LINE, 1, 8 * k);
    section_label(sc, r.x + 8 * k, r.y + 5 * k, "WAITING", ps->waiting_total ? "on futures, by what" : "no task waits",
                  r.w - 16 * k);
    size_t shown = 0;
    float end = r.y + 26 * k;
    for (size_t i = 0; i < ps->n; i++)
        if (ps->p[i].area == AREA_WAITING) {
            shown++;
            end = ps->p[i].r.y + ps->p[i].r.h;
        }
    if (ps->waiting_total > shown) {
        char more[48];
        snprintf(more, sizeof more, "+%zu more", ps->waiting_total - shown);
        lpui__text(sc, r.x + 10 * k, end + 8 * k, LPUI_FONT_BOLD, LPUI_C_TEXT, more, r.w - 20 * k);
    }
}

void lpui__loop_panel(lpui__sc *sc)
{
    const lpui_layout *L = sc->f->L;
    const lp_state *a = sc->f->a, *b = sc->f->b;
    float k = sc->s;
    char right[96] = "";
    size_t tasks = 0;
    for (size_t i = 0; a && i < a->task_count; i++)
        tasks += lp_state_follows(a, a->tasks[i].loop);
    /* the chip says whose loop: with several, or one another thread runs */
    bool loops = sc->f->m && (sc->f->m->view_count > 1 || !lpui__main_runs_the_loops(sc->f->m));
    if (a && loops) /* room for the loop chip */
        snprintf(right, sizeof right, "%zu task%s \xC2\xB7 %zu ready", tasks, tasks == 1 ? "" : "s",
                 lp_state_ready_count(a));
    else if (a)
        snprintf(right, sizeof right, "%zu task%s \xC2\xB7 %zu ready \xC2\xB7 %zu handles", tasks, tasks == 1 ? "" : "s",
                 lp_state_ready_count(a), a->handle_count);
    lpui__panel(sc, L->loop, "EVENT LOOP", right);
    if (a && loops)
        lpui__loop_chip(sc, L->loop.x + 24 * k + lpui__measure(sc, LPUI_FONT_BOLD, "EVENT LOOP"));
    section_label(sc, L->running.x, L->running.y - 17 * k, "RUNNING", "one callback at a time", L->running.w);
    section_label(sc, L->ready.x, L->ready.y - 17 * k, "READY QUEUE", "first in, first out", L->ready.w);
    if (!a) {
        lpui__text(sc, L->running.x + 10 * k, L->running.y + 30 * k, LPUI_FONT_UI, LPUI_C_MUTED,
                   "No run yet: open a program (Ctrl+O).", L->running.w - 20 * k);
        return;
    }
    double t = lpui_ease(sc->f->frac);
    const lp_state *shown = b && t >= 0.5 ? b : a; /* panels without cards switch halfway */
    running_slot(sc, shown);
    static places pa, pb; /* large: kept off the stack (the scene is single-threaded) */
    place_cards(sc, a, &pa);
    if (b)
        place_cards(sc, b, &pb);
    else
        pb.n = 0;
    ready_row(sc, b && t >= 0.5 ? &pb : &pa);
    timers_box(sc, shown);
    waiting_box(sc, b && t >= 0.5 ? &pb : &pa);
    lanes_box(sc, shown);
    /* cards: moving ones last so they pass over the others */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < pa.n; i++) {
            const place *p = &pa.p[i];
            const place *q = b ? find_place(&pb, p->id) : NULL;
            bool moving = q && (q->area != p->area || q->pos != p->pos);
            if ((pass == 1) != moving)
                continue;
            if (!b || q) {
                lpui_rect r = q ? lerp_rect(p->r, q->r, t) : p->r;
                draw_card(sc, t >= 0.5 && q ? b : a, t >= 0.5 && q ? q : p, r);
            } else { /* leaving: fades out */
                draw_card(sc, a, p, p->r);
                lpui__rect(sc, lpui_rect_inset(p->r, -1, -1), LPUI_C_PANEL2, (uint8_t)(t * 255), 0, 0, 6 * k);
            }
        }
    }
    for (size_t i = 0; b && i < pb.n; i++) {
        const place *q = &pb.p[i];
        if (find_place(&pa, q->id))
            continue;
        draw_card(sc, b, q, q->r); /* arriving: fades in */
        lpui__rect(sc, lpui_rect_inset(q->r, -1, -1), LPUI_C_PANEL2, (uint8_t)((1 - t) * 255), 0, 0, 6 * k);
    }
}
