/* scene_overlay.c - looplab ui: what opens over the window: the keys
** (help), the lesson list, the built-in file chooser, a "+N more" list, and
** messages (the banner). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/scene_int.h"

/* Every key the window knows, for the help overlay. */
static const char *const KEYS[][2] = {
    {"Space", "play / pause"},
    {"\xE2\x86\x90 / \xE2\x86\x92", "one event back / forward"},
    {"Shift+\xE2\x86\x90 / \xE2\x86\x92", "previous / next moment in time"},
    {"Home / End", "start / end of the run"},
    {"- / +   [ / ]", "slower / faster (0.25x to 16x, or 10 to 2000 events/s)"},
    {"E", "speed in virtual time, or in events a second"},
    {", / .", "previous / next event of the selected task"},
    {"T", "timeline rows: tall / short (more rows fit)"},
    {"R", "restart (run the file again)"},
    {"Ctrl+O", "open a file (or drop a .py file on the window)"},
    {"L", "the lessons and your recent files"},
    {"Shift+L", "the event loop of the next thread that runs one"},
    {"Ctrl+= / Ctrl+- / Ctrl+0", "larger / smaller / default text and controls"},
    {"PgUp / PgDn", "previous / next lesson"},
    {"1 - 9", "answer a prediction (or, in INSIGHTS, jump to a finding)"},
    {"I", "insights: what went wrong, and where"},
    {"Ctrl+E", "export the run as a video (./looplab-NAME.mp4)"},
    {"F1 or ?", "this help"},
    {"Esc", "close an overlay"},
    {"Ctrl+Q", "quit"},
    {"mouse", "hover a task to highlight it and see its await chain;"},
    {"", "click a task to select it (for , and .)"},
    {"", "click or drag on the timeline to seek; wheel over it to zoom,"},
    {"", "over its names (or drag its scroll bar) to scroll the rows"},
};


/* A centred box over everything. */
static lpui_rect overlay_box(lpui__sc *sc, float w, float h, const char *title)
{
    const lpui_layout *L = sc->f->L;
    lpui__tag(lpui__rect(sc, L->window, 0x000000, 150, 0, 0, 0), LPUI_TAG_OVERLAY, 0);
    if (w > L->window.w - 40 * sc->s)
        w = L->window.w - 40 * sc->s;
    if (h > L->window.h - 40 * sc->s)
        h = L->window.h - 40 * sc->s;
    lpui_rect r = lpui_rect_make((L->window.w - w) / 2, (L->window.h - h) / 2, w, h);
    return lpui__panel(sc, r, title, "Esc closes");
}

static void help_overlay(lpui__sc *sc)
{
    float s = sc->s;
    size_t n = sizeof KEYS / sizeof KEYS[0];
    float lh = lpui__font_h(sc, LPUI_FONT_UI) * 1.6f;
    float room = sc->f->L->window.h - 40 * s - 90 * s - sc->f->L->header;
    if ((float)n * lh > room) /* a short window: rows closer together */
        lh = room / (float)n > lpui__font_h(sc, LPUI_FONT_UI) * 1.15f ? room / (float)n
                                                                    : lpui__font_h(sc, LPUI_FONT_UI) * 1.15f;
    float kw = 0;
    for (size_t i = 0; i < n; i++) {
        float w = lpui__measure(sc, LPUI_FONT_MONO_BOLD, KEYS[i][0]);
        kw = w > kw ? w : kw;
    }
    lpui_rect body = overlay_box(sc, kw + 480 * s, (float)n * lh + 90 * s, "KEYS");
    float y = body.y + 14 * s;
    for (size_t i = 0; i < n; i++, y += lh) {
        lpui__text(sc, body.x + 20 * s, y, LPUI_FONT_MONO_BOLD, 0xcfe3ff, KEYS[i][0], kw + 1);
        lpui__text(sc, body.x + 36 * s + kw, y, LPUI_FONT_UI, LPUI_C_TEXT, KEYS[i][1],
                   body.w - 56 * s - kw);
    }
    lpui__wrap(sc, lpui_rect_make(body.x + 20 * s, y + 6 * s, body.w - 40 * s, 40 * s),
               LPUI_FONT_SMALL, LPUI_C_MUTED,
               "Every control has a button in the top bar too. States: running = solid, "
               "ready = stripes, waiting = outline, blocked = red cross-hatch.");
}

/* One row of the list: a lesson (its number and title) or a file opened
** before (its name); the program on screen is marked. */
static void picker_row(lpui__sc *sc, lpui_rect row, size_t i)
{
    const lpui_view *v = sc->f->v;
    float s = sc->s;
    bool current = (int)i == v->picker_current;
    bool sel = (int)i == v->picker_sel || lpui_rect_hit(row, v->mouse_x, v->mouse_y);
    lpui__tag(lpui__rect(sc, row, sel ? 0x25303f : LPUI_C_PANEL, 255, current ? LPUI_C_ACCENT : 0,
                         current ? 1.5f * s : 0, 4 * s),
              LPUI_TAG_OVERLAY, (uint32_t)i + 1);
    const char *path = v->files[i];
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *title = v->file_titles && v->file_titles[i] ? v->file_titles[i] : NULL;
    char num[24] = "";
    if (i < v->lesson_count)
        snprintf(num, sizeof num, "%zu", i + 1);
    float mh = lpui__font_h(sc, LPUI_FONT_MONO), uh = lpui__font_h(sc, LPUI_FONT_UI);
    float nw = lpui__measure(sc, LPUI_FONT_MONO, num);
    lpui__text(sc, row.x + 34 * s - nw, row.y + (row.h - mh) / 2, LPUI_FONT_MONO,
               current ? LPUI_C_ACCENT : LPUI_C_MUTED, num, 0);
    const char *mark = current ? "on screen" : title ? name : i >= v->lesson_count ? "recent file" : "";
    lpui_font mf = current || (!title && i >= v->lesson_count) ? LPUI_FONT_SMALL : LPUI_FONT_MONO;
    float mw = lpui__measure(sc, mf, mark);
    lpui__text(sc, row.x + row.w - mw - 10 * s, row.y + (row.h - lpui__font_h(sc, mf)) / 2, mf,
               current ? LPUI_C_ACCENT : LPUI_C_DIM, mark, 0);
    float tx = row.x + 48 * s;
    lpui_font tf = title ? (current ? LPUI_FONT_BOLD : LPUI_FONT_UI) : LPUI_FONT_MONO;
    lpui__text(sc, tx, row.y + (row.h - (title ? uh : mh)) / 2, tf, LPUI_C_TEXT, title ? title : path,
               row.x + row.w - mw - 24 * s - tx);
}

static void picker_overlay(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    float s = sc->s;
    float lh = lpui__font_h(sc, LPUI_FONT_UI) * 1.75f;
    lpui_rect body = overlay_box(sc, 820 * s, 560 * s, v->lesson_count ? "LESSONS" : "OPEN A PROGRAM");
    float y = body.y + 10 * s;
    lpui__text(sc, body.x + 16 * s, y, LPUI_FONT_SMALL, LPUI_C_MUTED,
               "\xE2\x86\x91/\xE2\x86\x93 and Enter, or click  \xC2\xB7  PgUp/PgDn: previous/next lesson  "
               "\xC2\xB7  or drop a .py file on the window",
               body.w - 32 * s);
    y += 24 * s;
    if (v->file_count == 0)
        lpui__text(sc, body.x + 16 * s, y, LPUI_FONT_UI, LPUI_C_TEXT,
                   "No programs found in scenarios/.", body.w - 32 * s);
    size_t fit = (size_t)((body.y + body.h - y - 10 * s) / lh);
    size_t first = v->picker_sel >= (int)fit ? (size_t)v->picker_sel - fit + 1 : 0;
    for (size_t i = first; i < v->file_count && i < first + fit; i++, y += lh)
        picker_row(sc, lpui_rect_make(body.x + 10 * s, y, body.w - 20 * s, lh - 3 * s), i);
}

/* The built-in file chooser: the folder, then its folders and .py files. */
static void chooser_overlay(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    float s = sc->s;
    float lh = lpui__font_h(sc, LPUI_FONT_UI) * 1.75f;
    lpui_rect body = overlay_box(sc, 820 * s, 560 * s, "OPEN A PYTHON FILE");
    float y = body.y + 10 * s;
    lpui__text(sc, body.x + 16 * s, y, LPUI_FONT_MONO, LPUI_C_TEXT, v->chooser_dir ? v->chooser_dir : "",
               body.w - 32 * s);
    y += lpui__font_h(sc, LPUI_FONT_MONO) + 6 * s;
    lpui__text(sc, body.x + 16 * s, y, LPUI_FONT_SMALL, LPUI_C_MUTED,
               "\xE2\x86\x91/\xE2\x86\x93 and Enter, or click  \xC2\xB7  Backspace: the folder above  "
               "\xC2\xB7  Esc: cancel",
               body.w - 32 * s);
    y += 22 * s;
    if (v->chooser_count == 0)
        lpui__text(sc, body.x + 16 * s, y, LPUI_FONT_UI, LPUI_C_TEXT, "This folder has no folders and no .py files.",
                   body.w - 32 * s);
    size_t fit = (size_t)((body.y + body.h - y - 10 * s) / lh);
    if (fit == 0)
        fit = 1;
    size_t first = v->chooser_sel >= (int)fit ? (size_t)v->chooser_sel - fit + 1 : 0;
    for (size_t i = first; i < v->chooser_count && i < first + fit; i++, y += lh) {
        lpui_rect row = lpui_rect_make(body.x + 10 * s, y, body.w - 20 * s, lh - 3 * s);
        bool sel = (int)i == v->chooser_sel || lpui_rect_hit(row, v->mouse_x, v->mouse_y);
        lpui__tag(lpui__rect(sc, row, sel ? 0x25303f : LPUI_C_PANEL, 255, 0, 0, 4 * s), LPUI_TAG_OVERLAY,
                  (uint32_t)i + 1);
        const char *name = v->chooser_names[i];
        bool folder = name[0] && name[strlen(name) - 1] == '/';
        lpui__text(sc, row.x + 12 * s, row.y + (row.h - lpui__font_h(sc, LPUI_FONT_MONO)) / 2,
                   folder ? LPUI_FONT_MONO_BOLD : LPUI_FONT_MONO, folder ? 0xcfe3ff : LPUI_C_TEXT, name,
                   row.w - 24 * s);
    }
    if (v->chooser_count > fit) { /* where the list is: "12-30 of 80" */
        char where[64];
        snprintf(where, sizeof where, "%zu\xE2\x80\x93%zu of %zu", first + 1,
                 first + fit < v->chooser_count ? first + fit : v->chooser_count, v->chooser_count);
        float ww = lpui__measure(sc, LPUI_FONT_SMALL, where);
        lpui__text(sc, body.x + body.w - ww - 16 * s, body.y + 10 * s, LPUI_FONT_SMALL, LPUI_C_MUTED, where, 0);
    }
}

/* "worker (Task-3)": a task told apart from others of the same function. */
static void task_who(lpui__sc *sc, const lp_state_task *t, char *out, size_t n)
{
    char label[96];
    lpui__label(sc, t, label, sizeof label);
    snprintf(out, n, "%s (%s)", label, lpui_model_str(sc->f->m, t->name_sid));
}

/* One row of a "+N more" list, i-th of its kind; false past the end. */
static bool more_row(lpui__sc *sc, int kind, const lp_state_handle **timers, size_t i, char *out, size_t n)
{
    const lp_state *s = sc->f->a;
    const lpui_model *m = sc->f->m;
    char who[200];
    if (kind == 1) { /* the ready queue, in order */
        if (i >= lp_state_ready_count(s))
            return false;
        const lpui_handle_info *h = lpui_model_handle(m, s->ready[s->ready_head + i]);
        const lp_state_task *t = h && h->step_task ? lp_state_task_find(s, h->step_task) : NULL;
        if (t) {
            task_who(sc, t, who, sizeof who);
            snprintf(out, n, "%zu.  the next step of %s", i + 1, who);
        } else {
            snprintf(out, n, "%zu.  a callback", i + 1);
        }
        return true;
    }
    if (kind == 2) { /* the timers, by deadline */
        const lp_state_handle *th = timers[i];
        if (!th)
            return false;
        /* what it will do, as its card in the loop panel says it */
        const lpui_handle_info *h = lpui_model_handle(m, th->serial);
        const lp_state_task *t = h && h->made_by_task ? lp_state_task_find(s, h->made_by_task) : NULL;
        char what[256];
        if (t)
            task_who(sc, t, who, sizeof who);
        if (t && t->status == LP_TASK_SUSPENDED && t->wait_kind == LP_WAIT_SLEEP)
            snprintf(what, sizeof what, "wakes %s", who);
        else if (t && t->status == LP_TASK_SUSPENDED)
            snprintf(what, sizeof what, "set by %s", who);
        else if (t)
            snprintf(what, sizeof what, "timer set by %s", who);
        else
            snprintf(what, sizeof what, "timer #%u", th->serial);
        snprintf(out, n, "due %.3f  \xC2\xB7  %s%s%s", th->when, what, th->cancelled ? "  (cancelled)" : "",
                 !th->cancelled && th->when < s->time - 1e-9 ? "  (overdue)" : "");
        return true;
    }
    /* the tasks waiting, and on what */
    size_t seen = 0;
    for (size_t k = 0; k < s->task_count; k++) {
        const lp_state_task *t = &s->tasks[k];
        lpui_tstate st = lpui__tstate(sc, s, t);
        if (st != LPUI_T_WAITING && st != LPUI_T_NEW)
            continue;
        if (seen++ < i)
            continue;
        task_who(sc, t, who, sizeof who);
        if (st == LPUI_T_NEW)
            snprintf(out, n, "%s  \xC2\xB7  made, not started yet", who);
        else
            snprintf(out, n, "%s  \xC2\xB7  line %u  \xC2\xB7  awaits %s", who, t->line, lpui__wait_name(t->wait_kind));
        return true;
    }
    return false;
}

static int cmp_timer(const void *a, const void *b)
{
    const lp_state_handle *x = *(const lp_state_handle *const *)a, *y = *(const lp_state_handle *const *)b;
    return (x->when > y->when) - (x->when < y->when);
}

/* A "+N more" opened: every entry of the ready queue, the timers or the
** waiting tasks, scrolled with the wheel or the arrows. */
static void more_overlay(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    const lp_state *s = sc->f->a;
    float k = sc->s;
    static const char *const titles[] = {"", "READY QUEUE", "TIMERS", "WAITING"};
    static const char *const hints[] = {"", "first in, first out", "by deadline (among equal deadlines, the "
                                        "panel shows the order the heap fires them)", "on what"};
    lpui_rect body = overlay_box(sc, 720 * k, 560 * k, titles[v->more]);
    if (!s || !sc->f->m)
        return;
    const lp_state_handle **timers = calloc(s->handle_count + 1, sizeof *timers);
    size_t nt = 0;
    for (size_t i = 0; timers && i < s->handle_count; i++)
        if (s->handles[i].where == LP_STATE_TIMER)
            timers[nt++] = &s->handles[i];
    if (timers)
        qsort(timers, nt, sizeof *timers, cmp_timer); /* qsort is not stable: ties are not ordered */
    float lh = lpui__font_h(sc, LPUI_FONT_UI) * 1.5f;
    size_t fit = (size_t)((body.h - 56 * k) / lh);
    size_t total = v->more == 1 ? lp_state_ready_count(s) : v->more == 2 ? nt : 0;
    for (size_t i = 0; v->more == 3 && i < s->task_count; i++) {
        lpui_tstate st = lpui__tstate(sc, s, &s->tasks[i]);
        total += st == LPUI_T_WAITING || st == LPUI_T_NEW;
    }
    char row[400];
    size_t first = v->more_first;
    if (first + fit > total)
        first = total > fit ? total - fit : 0;
    char where[200];
    snprintf(where, sizeof where, "%zu\xE2\x80\x93%zu of %zu  \xC2\xB7  wheel or \xE2\x86\x91/\xE2\x86\x93 to scroll",
             total ? first + 1 : 0, first + fit < total ? first + fit : total, total);
    lpui__text(sc, body.x + 16 * k, body.y + 10 * k, LPUI_FONT_SMALL, LPUI_C_MUTED, where, body.w - 32 * k);
    lpui__text(sc, body.x + 16 * k, body.y + 10 * k + lpui__font_h(sc, LPUI_FONT_SMALL) * 1.3f, LPUI_FONT_SMALL,
               LPUI_C_MUTED, hints[v->more], body.w - 32 * k);
    float y = body.y + 48 * k;
    for (size_t i = first; i < total && i < first + fit; i++, y += lh)
        if ((v->more != 2 || timers) && more_row(sc, v->more, timers, i, row, sizeof row))
            lpui__text(sc, body.x + 16 * k, y, LPUI_FONT_UI, LPUI_C_TEXT, row, body.w - 32 * k);
    free(timers);
}

void lpui__overlays(lpui__sc *sc)
{
    const lpui_view *v = sc->f->v;
    const lpui_layout *L = sc->f->L;
    float s = sc->s;
    if (v->banner[0]) { /* as many lines as the message needs */
        float tw = L->loop.w - 52 * s;
        float th = lpui__wrap_height(sc, tw, LPUI_FONT_UI, v->banner);
        float h = th + 34 * s - lpui__font_h(sc, LPUI_FONT_UI) * 1.35f + 4 * s;
        if (h > L->loop.h - 24 * s)
            h = L->loop.h - 24 * s;
        lpui_rect r = lpui_rect_make(L->loop.x + 14 * s, L->loop.y + L->loop.h - h - 12 * s,
                                     L->loop.w - 28 * s, h);
        lpui__tag(lpui__rect(sc, r, v->banner_error ? LPUI_C_ALERT_BG : 0x18202b, 245,
                             v->banner_error ? LPUI_C_ALERT : 0x3d4a5e, 1.5f * s, 6 * s),
                  v->banner_error ? LPUI_TAG_ERROR : LPUI_TAG_OVERLAY, 0);
        lpui__wrap(sc, lpui_rect_make(r.x + 12 * s, r.y + (34 * s - lpui__font_h(sc, LPUI_FONT_UI)) / 2, tw, h),
                   LPUI_FONT_UI, v->banner_error ? LPUI_C_ALERT_SOFT : LPUI_C_TEXT, v->banner);
    }
    if (v->help)
        help_overlay(sc);
    else if (v->more)
        more_overlay(sc);
    else if (v->chooser)
        chooser_overlay(sc);
    else if (v->picker)
        picker_overlay(sc);
    else if (v->insights_open)
        lpui__insights_overlay(sc);
    lpui__hover_help(sc);
}
