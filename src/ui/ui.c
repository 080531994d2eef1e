/* ui.c - looplab ui: the window's state and its actions (see ui.h). */
#include "ui/ui.h"

#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "insight/source.h"

void lpui_init(lpui_ctx *ui)
{
    memset(ui, 0, sizeof *ui);
    ui->view.speed = 2;
    ui->narration.checkpoint = -1;
    ui->view.picker_current = -1;
    lpui_cmds_init(&ui->cmds);
}

static void drop_model(lpui_ctx *ui)
{
    lpin_report_free(&ui->insights);
    ui->view.insights = NULL;
    ui->view.insights_open = false;
    ui->view.insight_sel = ui->view.insight_top = 0;
    if (!ui->model)
        return;
    lpui_player_free(&ui->player);
    lpui_model_free(ui->model);
    free(ui->model);
    ui->model = NULL;
}

void lpui_free(lpui_ctx *ui)
{
    lpui_srcview_close(&ui->other);
    drop_model(ui);
    lpui_cmds_free(&ui->cmds);
}

int lpui_set_model(lpui_ctx *ui, lpui_model *m, bool keep_time)
{
    double t = ui->model ? ui->player.a.time : 0;
    size_t at = ui->model ? ui->player.a.applied : 0;
    bool playing = ui->model && ui->player.playing;
    lpui_srcview_close(&ui->other);
    drop_model(ui);
    ui->model = m;
    int rc = lpui_player_init(&ui->player, m);
    if (rc != LP_OK)
        return rc;
    lpin_source_files files;
    lpin_source source = lpin_source_files_init(&files, m->path);
    if (lpin_analyze(&m->trace, &source, lp_allocator_default(), &ui->insights) == LP_OK)
        ui->view.insights = &ui->insights; /* out of memory: the run still shows, without */
    lpin_source_files_free(&files);
    ui->player.speed = ui->view.speed;
    ui->player.rate_mode = ui->view.rate_mode;
    ui->view.selected_task = 0;
    ui->view.more = 0;
    ui->view.console_back = 0;
    ui->view.tl_row = 0;
    ui->view.tl_span = 0;
    if (keep_time && at > 0)
        rc = lpui_player_seek_time(&ui->player, t);
    ui->player.playing = keep_time && playing;
    return rc;
}

/* The loop panels show the next thread's event loop: the model follows its
** loops, the player stays at the same event. Out of memory: the run is
** dropped (the window stays usable, empty). */
static void next_loop(lpui_ctx *ui)
{
    lpui_model *m = ui->model;
    if (!m || m->view_count < 2)
        return;
    size_t at = ui->player.a.applied;
    double hold = ui->player.hold; /* a time between two events, shown as such */
    bool playing = ui->player.playing;
    lpui_player_free(&ui->player);
    int rc = lpui_model_show_loops(m, (m->view + 1) % m->view_count);
    if (rc == LP_OK)
        rc = lpui_player_init(&ui->player, m);
    if (rc != LP_OK) {
        lpui_model_free(m);
        free(m);
        ui->model = NULL;
        return;
    }
    ui->player.speed = ui->view.speed;
    ui->player.rate_mode = ui->view.rate_mode;
    if (hold >= 0)
        (void)lpui_player_seek_time(&ui->player, hold);
    else
        (void)lpui_player_seek(&ui->player, at);
    ui->player.playing = playing;
}

void lpui_set_narration(lpui_ctx *ui, const char *title, const char *subtitle, const char *text,
                        double checkpoint)
{
    lpui_narration_set(&ui->narration, title, subtitle, text, checkpoint);
}

void lpui_build(lpui_ctx *ui, float w, float h, float scale)
{
    lpui_layout_compute(&ui->layout, w, h, scale);
    ui->view.playing = ui->model && ui->player.playing;
    ui->view.other = ui->other.text ? &ui->other : NULL;
    lpui_frame f = {
        .L = &ui->layout,
        .mx = &ui->metrics,
        .m = ui->model,
        .a = ui->model ? &ui->player.a : NULL,
        .b = ui->model && ui->player.has_b && ui->player.frac > 0 ? &ui->player.b : NULL,
        .frac = ui->model ? ui->player.frac : 0,
        .now = ui->model ? lpui_player_now(&ui->player) : 0,
        .v = &ui->view,
        .n = &ui->narration,
    };
    lpui_scene_fit(&ui->layout, &f);
    lpui_scene_build(&f, &ui->cmds);
}

void lpui_tick(lpui_ctx *ui, double dt)
{
    if (!ui->model)
        return;
    lpui_player *p = &ui->player;
    bool was_playing = p->playing;
    double before = lpui_player_now(p);
    lpui_player_update(p, dt);
    /* a lesson's checkpoint stops the playing there */
    double cp = ui->narration.checkpoint;
    if (was_playing && cp >= 0 && before < cp && lpui_player_now(p) >= cp) {
        lpui_player_seek_time(p, cp);
        p->playing = false;
    }
}

lpui_action lpui_act(lpui_ctx *ui, lpui_action a)
{
    lpui_view *v = &ui->view;
    lpui_player *p = ui->model ? &ui->player : NULL;
    if (v->help && a != LPUI_ACT_QUIT) {
        if (a == LPUI_ACT_ESCAPE || a == LPUI_ACT_HELP)
            v->help = false;
        return LPUI_ACT_NONE;
    }
    if (v->insights_open && a != LPUI_ACT_QUIT) {
        if (a >= LPUI_ACT_ANSWER_1 && a <= LPUI_ACT_ANSWER_9) { /* the number the panel shows */
            lpui_frame f = {.m = ui->model, .a = ui->model ? &ui->player.a : NULL, .v = v, .n = &ui->narration};
            size_t number = lpui_scene_insight_nth(&f, (size_t)(a - LPUI_ACT_ANSWER_1) + 1);
            if (number)
                lpui_insight_jump(ui, number);
        }
        else if (a == LPUI_ACT_ESCAPE || a == LPUI_ACT_INSIGHTS)
            v->insights_open = false;
        else if (a == LPUI_ACT_UP && v->insight_top > 0)
            v->insight_top--;
        else if (a == LPUI_ACT_DOWN && v->insights && v->insight_top + 1 < v->insights->count)
            v->insight_top++;
        return LPUI_ACT_NONE;
    }
    if (v->more) { /* a "+N more" list: scrolled with the arrows, closed with Esc */
        switch (a) {
        case LPUI_ACT_ESCAPE: v->more = 0; return LPUI_ACT_NONE;
        case LPUI_ACT_UP: if (v->more_first > 0) v->more_first--; return LPUI_ACT_NONE;
        case LPUI_ACT_DOWN: v->more_first++; return LPUI_ACT_NONE;
        case LPUI_ACT_QUIT: return a;
        default: break;
        }
    }
    if (v->chooser) {
        switch (a) {
        case LPUI_ACT_ESCAPE:
            v->chooser = false;
            return LPUI_ACT_NONE;
        case LPUI_ACT_UP:
            if (v->chooser_sel > 0)
                v->chooser_sel--;
            return LPUI_ACT_NONE;
        case LPUI_ACT_DOWN:
            if ((size_t)v->chooser_sel + 1 < v->chooser_count)
                v->chooser_sel++;
            return LPUI_ACT_NONE;
        case LPUI_ACT_ENTER:
            return v->chooser_count ? LPUI_ACT_CHOOSE_PICK : LPUI_ACT_NONE;
        case LPUI_ACT_PARENT: case LPUI_ACT_QUIT:
            return a;
        default:
            return LPUI_ACT_NONE;
        }
    }
    if (v->picker) {
        switch (a) {
        case LPUI_ACT_ESCAPE: case LPUI_ACT_LESSONS:
            v->picker = false;
            return LPUI_ACT_NONE;
        case LPUI_ACT_CHOOSE:
            v->picker = false;
            return a;
        case LPUI_ACT_UP:
            if (v->picker_sel > 0)
                v->picker_sel--;
            return LPUI_ACT_NONE;
        case LPUI_ACT_DOWN:
            if ((size_t)v->picker_sel + 1 < v->file_count)
                v->picker_sel++;
            return LPUI_ACT_NONE;
        case LPUI_ACT_ENTER:
            v->picker = false;
            return v->file_count ? LPUI_ACT_OPEN : LPUI_ACT_NONE;
        case LPUI_ACT_QUIT:
            return a;
        default:
            return LPUI_ACT_NONE;
        }
    }
    switch (a) {
    case LPUI_ACT_PLAY_PAUSE:
        if (p) {
            if (!p->playing && p->a.applied >= lpui_player_total(p))
                lpui_player_seek(p, 0); /* at the end: play again from the start */
            p->playing = !p->playing;
            p->stop_at = SIZE_MAX;
        }
        break;
    case LPUI_ACT_STEP_BACK: if (p) lpui_player_step(p, -1); break;
    case LPUI_ACT_STEP_FORWARD: if (p) lpui_player_step(p, +1); break;
    case LPUI_ACT_MOMENT_BACK: if (p) lpui_player_moment(p, -1); break;
    case LPUI_ACT_MOMENT_FORWARD: if (p) lpui_player_moment(p, +1); break;
    case LPUI_ACT_HOME: if (p) { p->playing = false; lpui_player_seek(p, 0); } break;
    case LPUI_ACT_END: if (p) { p->playing = false; lpui_player_seek(p, lpui_player_total(p)); } break;
    case LPUI_ACT_SLOWER:
    case LPUI_ACT_FASTER:
        v->speed += a == LPUI_ACT_FASTER ? 1 : -1;
        if (v->speed < 0) v->speed = 0;
        if (v->speed >= LPUI_SPEEDS) v->speed = LPUI_SPEEDS - 1;
        if (p) p->speed = v->speed;
        break;
    case LPUI_ACT_HELP: v->help = true; break;
    case LPUI_ACT_INSIGHTS: v->insights_open = true; break;
    case LPUI_ACT_RATE_MODE:
        v->rate_mode = !v->rate_mode;
        if (p)
            p->rate_mode = v->rate_mode;
        break;
    case LPUI_ACT_TASK_PREV: case LPUI_ACT_TASK_NEXT: {
        uint32_t task = v->selected_task ? v->selected_task : v->hover_task;
        if (p)
            lpui_player_task_event(p, task, a == LPUI_ACT_TASK_NEXT ? +1 : -1);
        break;
    }
    case LPUI_ACT_ROWS: v->tl_short = !v->tl_short; break;
    case LPUI_ACT_NEXT_LOOP: next_loop(ui); break;
    case LPUI_ACT_LESSONS: /* the list opens on the program on screen */
        v->picker = true;
        v->picker_sel = v->picker_current >= 0 && (size_t)v->picker_current < v->file_count ? v->picker_current : 0;
        break;
    case LPUI_ACT_ESCAPE: /* back from another file to the program, else drop the banner */
        if (ui->other.text)
            lpui_srcview_close(&ui->other);
        else
            v->banner[0] = '\0';
        break;
    case LPUI_ACT_RESTART: case LPUI_ACT_QUIT:
    case LPUI_ACT_PREV_LESSON: case LPUI_ACT_NEXT_LESSON: case LPUI_ACT_CHOOSE:
    case LPUI_ACT_SCALE_UP: case LPUI_ACT_SCALE_DOWN: case LPUI_ACT_SCALE_RESET:
    case LPUI_ACT_EXPORT:
        return a;
    default:
        if (a >= LPUI_ACT_ANSWER_1 && a <= LPUI_ACT_ANSWER_9) {
            ui->answer = (size_t)(a - LPUI_ACT_ANSWER_1) + 1;
            return a;
        }
        break;
    }
    return LPUI_ACT_NONE;
}

void lpui_insight_jump(lpui_ctx *ui, size_t number)
{
    lpui_view *v = &ui->view;
    if (!ui->model || !v->insights || number == 0 || number > v->insights->count)
        return;
    const lpin_finding *f = &v->insights->findings[number - 1];
    v->insights_open = false;
    v->insight_sel = number;
    v->hover_task = f->task_count ? f->task_ids[0] : 0;
    ui->player.playing = false;
    /* the moment just after its first record: the window then shows it happening */
    size_t total = lpui_player_total(&ui->player);
    lpui_player_seek(&ui->player, f->event + 1 < total ? f->event + 1 : total);
}

const lpui_cmd *lpui_hit(const lpui_ctx *ui, float x, float y)
{
    for (size_t i = ui->cmds.count; i-- > 0;) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->tag > LPUI_TAG_PANEL && lpui_rect_hit(c->r, x, y))
            return c;
    }
    return NULL;
}

/* Seeks to the time under x on the timeline. */
static void seek_timeline(lpui_ctx *ui, float x)
{
    const lpui_rect plot = ui->layout.tl_plot;
    double span = ui->view.tl_span > 0 ? ui->view.tl_span
                  : ui->model->end_time > 0 ? ui->model->end_time * 1.08 : 1.0;
    double t0 = ui->view.tl_span > 0 ? ui->view.tl_start : 0;
    double t = t0 + (double)((x - plot.x) / plot.w) * span;
    if (t < 0)
        t = 0;
    ui->player.playing = false;
    lpui_player_seek_time(&ui->player, t);
}

/* The scroll bar of the timeline's rows (tag_id: the rows that fit), or NULL. */
static const lpui_cmd *row_bar(const lpui_ctx *ui)
{
    for (size_t i = 0; i < ui->cmds.count; i++)
        if (ui->cmds.items[i].tag == LPUI_TAG_SCROLLBAR)
            return &ui->cmds.items[i];
    return NULL;
}

/* The first row shown, kept so the last page is full. */
static void set_first_row(lpui_ctx *ui, long row)
{
    const lpui_cmd *bar = row_bar(ui);
    long rows = ui->model ? (long)ui->model->row_count : 0;
    long fit = bar ? (long)bar->tag_id : rows;
    if (row > rows - fit)
        row = rows - fit;
    ui->view.tl_row = row > 0 ? (size_t)row : 0;
}

/* Drags the scroll bar: the thumb's middle follows y. */
static void scroll_rows_to(lpui_ctx *ui, float y)
{
    const lpui_cmd *bar = row_bar(ui);
    if (!bar || !ui->model || bar->r.h <= 0)
        return;
    double rows = (double)ui->model->row_count, fit = (double)bar->tag_id;
    double at = (double)((y - bar->r.y) / bar->r.h) * rows - fit / 2;
    set_first_row(ui, (long)(at + 0.5));
}

/* A "+N more" under (x, y): which list it opens (see lpui_view.more), or 0. */
static int more_under(const lpui_ctx *ui, float x, float y)
{
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        const char *t = lpui_cmd_text(&ui->cmds, c);
        if (c->type != LPUI_CMD_TEXT || t[0] != '+' || !strstr(t, " more") ||
            !lpui_rect_hit(lpui_rect_inset(c->r, -6, -6), x, y))
            continue;
        const lpui_layout *L = &ui->layout;
        return lpui_rect_hit(L->ready, x, y) ? 1 : lpui_rect_hit(L->timers, x, y) ? 2
             : lpui_rect_hit(L->waiting, x, y) ? 3 : 0;
    }
    return 0;
}

static bool task_tag(unsigned tag)
{
    return tag == LPUI_TAG_READY_CARD || tag == LPUI_TAG_WAIT_CARD || tag == LPUI_TAG_RUNNING ||
           tag == LPUI_TAG_TASK_ROW || tag == LPUI_TAG_SRC_MARKER || tag == LPUI_TAG_CONSOLE_LINE ||
           tag == LPUI_TAG_TL_LANE || tag == LPUI_TAG_FROZEN || tag == LPUI_TAG_TL_SEGMENT;
}

lpui_action lpui_mouse_move(lpui_ctx *ui, float x, float y, bool dragging)
{
    ui->view.mouse_x = x;
    ui->view.mouse_y = y;
    if (dragging && ui->model && !ui->view.picker && !ui->view.help && !ui->view.chooser &&
        lpui_rect_hit(ui->layout.timeline, x, y)) {
        seek_timeline(ui, x);
        return LPUI_ACT_NONE;
    }
    if (dragging && ui->view.tl_bar_drag) {
        scroll_rows_to(ui, y);
        return LPUI_ACT_NONE;
    }
    const lpui_cmd *c = lpui_hit(ui, x, y);
    uint32_t over = c && task_tag(c->tag) && !(c->tag_id & 0x80000000u) ? c->tag_id : 0;
    ui->view.hover_task = over ? over : ui->view.selected_task;
    return LPUI_ACT_NONE;
}

lpui_action lpui_mouse_down(lpui_ctx *ui, float x, float y)
{
    lpui_view *v = &ui->view;
    if (v->help) {
        v->help = false;
        return LPUI_ACT_NONE;
    }
    const lpui_cmd *c = lpui_hit(ui, x, y);
    if (v->insights_open) {
        if (c && c->tag == LPUI_TAG_INSIGHT && c->tag_id > 0)
            lpui_insight_jump(ui, c->tag_id);
        else if (!c || c->tag == LPUI_TAG_OVERLAY)
            v->insights_open = false; /* a click outside the panel closes it */
        return LPUI_ACT_NONE;
    }
    if (c && c->tag == LPUI_TAG_INSIGHT) { /* the count in the top bar, or a span on the timeline */
        if (c->tag_id == 0)
            v->insights_open = true;
        else
            lpui_insight_jump(ui, c->tag_id);
        return LPUI_ACT_NONE;
    }
    if (v->chooser) {
        if (c && c->tag == LPUI_TAG_OVERLAY && c->tag_id > 0) {
            v->chooser_sel = (int)c->tag_id - 1;
            return LPUI_ACT_CHOOSE_PICK;
        }
        if (c && c->tag == LPUI_TAG_OVERLAY && c->tag_id == 0 && c->r.w >= ui->layout.window.w)
            v->chooser = false; /* a click outside the box closes it */
        return LPUI_ACT_NONE;
    }
    if (v->picker) {
        if (c && c->tag == LPUI_TAG_OVERLAY && c->tag_id > 0) {
            v->picker_sel = (int)c->tag_id - 1;
            v->picker = false;
            return LPUI_ACT_OPEN;
        }
        if (!c || c->tag != LPUI_TAG_OVERLAY || c->tag_id != 0 || c->r.w < ui->layout.window.w)
            return LPUI_ACT_NONE;
        v->picker = false; /* a click outside the box closes it */
        return LPUI_ACT_NONE;
    }
    if (v->more) { /* a click outside the list closes it */
        if (c && c->tag == LPUI_TAG_OVERLAY && c->tag_id == 0 && c->r.w >= ui->layout.window.w)
            v->more = 0;
        return LPUI_ACT_NONE;
    }
    int more = more_under(ui, x, y);
    if (more) {
        v->more = more;
        v->more_first = 0;
        return LPUI_ACT_NONE;
    }
    ui->view.tl_bar_drag = false;
    if (c && c->tag == LPUI_TAG_SCROLLBAR) { /* the timeline's rows: jump there, drag on */
        ui->view.tl_bar_drag = true;
        scroll_rows_to(ui, y);
        return LPUI_ACT_NONE;
    }
    if (c && task_tag(c->tag) && !(c->tag_id & 0x80000000u) && c->tag_id) /* select (for , and .) */
        v->selected_task = v->selected_task == c->tag_id && c->tag == LPUI_TAG_TASK_ROW ? 0 : c->tag_id;
    if (c && c->tag == LPUI_TAG_CHOICE && c->tag_id >= 1 && c->tag_id <= 9)
        return lpui_act(ui, (lpui_action)(LPUI_ACT_ANSWER_1 + (int)c->tag_id - 1));
    if (c && c->tag == LPUI_TAG_BUTTON) {
        static const lpui_action by_button[LPUI_BTN_COUNT] = {
            LPUI_ACT_CHOOSE, LPUI_ACT_LESSONS, LPUI_ACT_RESTART, LPUI_ACT_STEP_BACK, LPUI_ACT_PLAY_PAUSE,
            LPUI_ACT_STEP_FORWARD, LPUI_ACT_SLOWER, LPUI_ACT_FASTER, LPUI_ACT_PREV_LESSON,
            LPUI_ACT_NEXT_LESSON, LPUI_ACT_HELP, LPUI_ACT_EXPORT};
        return c->tag_id < LPUI_BTN_COUNT ? lpui_act(ui, by_button[c->tag_id]) : LPUI_ACT_NONE;
    }
    if (c && c->tag == LPUI_TAG_LOOP_CHIP)
        return lpui_act(ui, LPUI_ACT_NEXT_LOOP);
    if (c && c->tag == LPUI_TAG_LOCATION && ui->model) /* show that file in SOURCE */
        lpui_srcview_open(&ui->other, lpui_model_str(ui->model, c->tag_id), (unsigned)c->width, ui->model->path);
    if (c && c->tag == LPUI_TAG_SRC_BACK)
        lpui_srcview_close(&ui->other);
    if (ui->model && lpui_rect_hit(ui->layout.tl_plot, x, y))
        seek_timeline(ui, x);
    return LPUI_ACT_NONE;
}

void lpui_mouse_wheel(lpui_ctx *ui, float x, float y, int dy)
{
    lpui_view *v = &ui->view;
    if (v->insights_open) { /* the panel's list scrolls */
        if (dy < 0 && v->insights && v->insight_top + 1 < v->insights->count)
            v->insight_top++;
        else if (dy > 0 && v->insight_top > 0)
            v->insight_top--;
        return;
    }
    if (v->more) {
        long first = (long)v->more_first - 3L * dy;
        v->more_first = first > 0 ? (size_t)first : 0;
        return;
    }
    if (ui->model && lpui_rect_hit(ui->layout.console, x, y)) { /* the console: older lines up */
        long back = (long)v->console_back + 3L * dy;
        v->console_back = back > 0 ? (size_t)back : 0;
        return;
    }
    if (!ui->model || !lpui_rect_hit(ui->layout.timeline, x, y))
        return;
    if (x < ui->layout.tl_plot.x) { /* over the names: scroll rows, three a notch */
        set_first_row(ui, (long)v->tl_row - 3L * dy);
        return;
    }
    /* over the plot: zoom around the mouse */
    const lpui_rect plot = ui->layout.tl_plot;
    double span = v->tl_span > 0 ? v->tl_span : ui->model->end_time > 0 ? ui->model->end_time * 1.08 : 1.0;
    double t0 = v->tl_span > 0 ? v->tl_start : 0;
    double at = t0 + (double)((x - plot.x) / plot.w) * span;
    double k = dy > 0 ? 0.8 : 1.25;
    double nspan = span * k;
    v->tl_start = at - (at - t0) * k;
    if (v->tl_start < 0)
        v->tl_start = 0;
    v->tl_span = nspan;
}

void lpui_report(const lpui_ctx *ui, FILE *out)
{
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->type == LPUI_CMD_TEXT) {
            /* "text 1": shortened; the next line, "full", has its whole text */
            const char *full = lpui_cmd_full(&ui->cmds, c);
            fprintf(out, "text %d %.0f %.0f %.0f %.0f %s\n", full ? 1 : 0, (double)c->r.x, (double)c->r.y,
                    (double)c->r.w, (double)c->r.h, lpui_cmd_text(&ui->cmds, c));
            if (full) {
                fputs("full 0 0 0 0 0 ", out);
                for (const char *p = full; *p; p++) /* one line per record */
                    fputs(*p == '\n' ? "\\n" : (char[2]){*p, 0}, out);
                fputc('\n', out);
            }
        } else if (c->tag != LPUI_TAG_NONE)
            fprintf(out, "%s %u %.0f %.0f %.0f %.0f\n", lpui_tag_name(c->tag), c->tag_id,
                    (double)c->r.x, (double)c->r.y, (double)c->r.w, (double)c->r.h);
    }
}
