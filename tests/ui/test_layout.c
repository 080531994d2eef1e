/* test_layout.c - the window's layout and frame: panels never overlap, every
** card lies inside its area, at small, common and 4K sizes; the frame built
** from a run shows one card per ready handle and a timer bar per sleeper. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "synth.h"
#include "ui/layout.h"
#include "ui/ui.h"

static const float SIZES[][2] = {{1024, 640}, {1600, 900}, {3840, 2160}, {1280, 1024}};
#define NSIZES (sizeof SIZES / sizeof SIZES[0])

/* Text measured as a fixed advance per byte: enough for layout. */
static float fake_measure(void *user, lpui_font font, const char *text)
{
    (void)user;
    return (float)strlen(text) * (font == LPUI_FONT_BIG ? 13.0f : 7.0f);
}

static void fake_metrics(lpui_metrics *mx)
{
    mx->measure = fake_measure;
    mx->user = NULL;
    for (int i = 0; i < LPUI_FONT_COUNT; i++)
        mx->height[i] = i == LPUI_FONT_BIG ? 26.0f : 15.0f;
}

static void test_layout_panels_inside_window_and_apart(void **state)
{
    (void)state;
    for (size_t i = 0; i < NSIZES; i++) {
        lpui_layout L;
        float w = SIZES[i][0], h = SIZES[i][1];
        lpui_layout_compute(&L, w, h, lpui_layout_scale(w, h, 1));
        lpui_rect panels[] = {L.top, L.source, L.loop, L.narration, L.console, L.timeline};
        size_t n = sizeof panels / sizeof panels[0];
        for (size_t a = 0; a < n; a++) {
            assert_true(lpui_rect_contains(L.window, panels[a]));
            assert_true(panels[a].w > 100 && panels[a].h > 40);
            for (size_t b = a + 1; b < n; b++)
                assert_false(lpui_rect_overlap(panels[a], panels[b]));
        }
        /* the loop panel's areas: inside it, apart */
        lpui_rect areas[] = {L.running, L.ready, L.timers, L.waiting, L.lanes};
        for (size_t a = 0; a < 5; a++) {
            assert_true(lpui_rect_contains(L.loop, areas[a]));
            for (size_t b = a + 1; b < 5; b++)
                assert_false(lpui_rect_overlap(areas[a], areas[b]));
        }
        /* the buttons and the clock: in the top bar, apart */
        for (int a = 0; a < LPUI_BTN_COUNT; a++) {
            assert_true(lpui_rect_contains(L.top, L.buttons[a]));
            assert_false(lpui_rect_overlap(L.buttons[a], L.clock));
            assert_false(lpui_rect_overlap(L.buttons[a], L.title));
            for (int b = a + 1; b < LPUI_BTN_COUNT; b++)
                assert_false(lpui_rect_overlap(L.buttons[a], L.buttons[b]));
        }
        assert_true(lpui_rect_contains(L.timeline, L.tl_plot));
        assert_false(lpui_rect_overlap(L.tl_plot, L.tl_labels));
    }
}

/* A larger window shows more (source lines, console lines, timeline rows,
** cards), at the same size of text, not the same layout drawn larger. */
static void test_layout_larger_window_shows_more(void **state)
{
    (void)state;
    assert_true(lpui_layout_scale(1024, 640, 1) >= 0.8f);
    assert_true(lpui_layout_scale(1024, 640, 1) < 1.0f);
    assert_float_equal(lpui_layout_scale(3840, 2160, 1), 1.0f, 1e-6);
    assert_true(lpui_layout_scale(1600, 900, 2) > 1.9f); /* HiDPI: as sharp, as large */
    lpui_layout a, b;
    lpui_layout_compute(&a, 1600, 900, lpui_layout_scale(1600, 900, 1));
    lpui_layout_compute(&b, 2560, 1440, lpui_layout_scale(2560, 1440, 1));
    assert_float_equal(a.line, b.line, 1e-6);
    assert_true(b.source.h / b.line > 1.4f * (a.source.h / a.line));
    assert_true(b.console.h / b.line > 1.4f * (a.console.h / a.line));
    assert_true(b.timeline.h / b.lane_h > 1.4f * (a.timeline.h / a.lane_h));
    assert_true(b.timers.h / b.card_h > 1.4f * (a.timers.h / a.card_h));
}

static void check_cards(lpui_rect area, const lpui_rect *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_true(lpui_rect_contains(area, r[i]));
        assert_true(r[i].w > 0 && r[i].h > 0);
        for (size_t j = i + 1; j < n; j++)
            assert_false(lpui_rect_overlap(r[i], r[j]));
    }
}

static void test_layout_cards_fit_their_area(void **state)
{
    (void)state;
    static lpui_rect r[1000];
    const size_t counts[] = {0, 1, 2, 5, 17, 100, 1000};
    lpui_rect area = {10, 20, 600, 60};
    for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
        size_t n = counts[c];
        size_t shown = lpui_layout_row(area, n, 200, 90, 46, 8, r, 1000);
        assert_true(shown <= n);
        assert_true(n == 0 || shown >= 1);
        check_cards(area, r, shown);
        lpui_rect col = {10, 20, 200, 400};
        shown = lpui_layout_column(col, n, 46, 6, r, 1000);
        assert_true(shown <= n && (n == 0 || shown >= 1));
        check_cards(col, r, shown);
    }
    /* a few cards keep their preferred width */
    assert_int_equal(lpui_layout_row(area, 2, 200, 90, 46, 8, r, 10), 2);
    assert_true(r[0].w == 200);
}

/* ---- frames built from a synthetic run ---- */

typedef struct fixture {
    lpui_ctx ui;
} fixture;

static int setup_run(void **state, uint32_t tasks, uint32_t rounds)
{
    fixture *f = calloc(1, sizeof *f);
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    assert_int_equal(synth_run(&trace, tasks, rounds, true), LP_OK);
    lpui_model *m = malloc(sizeof *m);
    assert_int_equal(lpui_model_init(m, &trace, "synth.py", 0, NULL), LP_OK);
    lp_trace_free(&trace);
    assert_true(m->replay_ok);
    lpui_init(&f->ui);
    fake_metrics(&f->ui.metrics);
    assert_int_equal(lpui_set_model(&f->ui, m, false), LP_OK);
    *state = f;
    return 0;
}

static int setup_small(void **state) { return setup_run(state, 12, 3); }
static int setup_big(void **state) { return setup_run(state, 1000, 2); }

static int teardown(void **state)
{
    fixture *f = *state;
    lpui_free(&f->ui);
    free(f);
    return 0;
}

static size_t count_tag(const lpui_ctx *ui, lpui_tag tag)
{
    size_t n = 0;
    for (size_t i = 0; i < ui->cmds.count; i++)
        n += ui->cmds.items[i].tag == tag;
    return n;
}

/* Every command with `tag` lies inside `area`, and no two overlap. */
static void check_tag_in(const lpui_ctx *ui, lpui_tag tag, lpui_rect area)
{
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *a = &ui->cmds.items[i];
        if (a->tag != tag)
            continue;
        assert_true(lpui_rect_contains(area, a->r));
        for (size_t j = i + 1; j < ui->cmds.count; j++)
            if (ui->cmds.items[j].tag == tag)
                assert_false(lpui_rect_overlap(a->r, ui->cmds.items[j].r));
    }
}

static void build_all_sizes(fixture *f, void (*check)(fixture *))
{
    for (size_t i = 0; i < NSIZES; i++) {
        float w = SIZES[i][0], h = SIZES[i][1];
        lpui_build(&f->ui, w, h, lpui_layout_scale(w, h, 1));
        assert_false(f->ui.cmds.failed);
        check(f);
    }
}

static void check_areas(fixture *f)
{
    const lpui_layout *L = &f->ui.layout;
    check_tag_in(&f->ui, LPUI_TAG_READY_CARD, L->ready);
    check_tag_in(&f->ui, LPUI_TAG_WAIT_CARD, L->waiting);
    check_tag_in(&f->ui, LPUI_TAG_TIMER_CARD, L->timers);
    check_tag_in(&f->ui, LPUI_TAG_CONSOLE_LINE, L->console);
    /* every text stays inside the window */
    for (size_t i = 0; i < f->ui.cmds.count; i++) {
        const lpui_cmd *c = &f->ui.cmds.items[i];
        if (c->type == LPUI_CMD_TEXT)
            assert_true(lpui_rect_contains(L->window, c->r));
    }
}

static void test_frame_at_start_shows_every_ready_step(void **state)
{
    fixture *f = *state;
    /* after the 12 TASK_NEW/PARENT/CALL_SOON triples: 12 steps ready */
    assert_int_equal(lpui_player_seek(&f->ui.player, 36), LP_OK);
    lpui_build(&f->ui, 1600, 900, 1);
    size_t cards = count_tag(&f->ui, LPUI_TAG_READY_CARD);
    assert_true(cards >= 3 && cards <= 12);
    build_all_sizes(f, check_areas);
}

static void test_frame_while_sleeping_has_a_timer_bar_per_task(void **state)
{
    fixture *f = *state;
    /* just after the first round set its timers: every task sleeps */
    assert_int_equal(lpui_player_seek_time(&f->ui.player, 0.05), LP_OK);
    lpui_build(&f->ui, 1600, 900, 1);
    assert_int_equal(count_tag(&f->ui, LPUI_TAG_READY_CARD), 0);
    size_t bars = count_tag(&f->ui, LPUI_TAG_TIMER_BAR);
    size_t cards = count_tag(&f->ui, LPUI_TAG_TIMER_CARD);
    assert_true(cards >= 3);
    assert_int_equal(bars, cards); /* none overdue: one draining bar per card */
    assert_int_equal(count_tag(&f->ui, LPUI_TAG_OVERDUE), 0);
    assert_int_equal(count_tag(&f->ui, LPUI_TAG_FROZEN), 0);
    build_all_sizes(f, check_areas);
}

static void test_frame_with_1000_tasks_stays_inside(void **state)
{
    fixture *f = *state;
    assert_int_equal(lpui_player_seek_time(&f->ui.player, 0.12), LP_OK);
    build_all_sizes(f, check_areas);
    assert_int_equal(lpui_player_seek(&f->ui.player, 3000), LP_OK); /* 1000 ready */
    build_all_sizes(f, check_areas);
}

static void test_player_steps_stop_at_shown_events(void **state)
{
    fixture *f = *state;
    lpui_player *p = &f->ui.player;
    assert_int_equal(lpui_player_seek(p, 0), LP_OK);
    assert_int_equal(lpui_player_step(p, +1), LP_OK);
    /* the step animates its event: run it to the end */
    for (int i = 0; i < 100 && p->stop_at != SIZE_MAX; i++)
        lpui_player_update(p, 0.05);
    assert_int_equal(p->a.applied, 1); /* TASK_NEW is shown */
    assert_int_equal(lpui_player_step(p, +1), LP_OK);
    for (int i = 0; i < 100 && p->stop_at != SIZE_MAX; i++)
        lpui_player_update(p, 0.05);
    assert_int_equal(p->a.applied, 3); /* TASK_PARENT is not: through CALL_SOON */
    assert_int_equal(lpui_player_step(p, -1), LP_OK);
    assert_int_equal(p->a.applied, 1);
    /* moments: the next one is a later time */
    assert_int_equal(lpui_player_moment(p, +1), LP_OK);
    double t1 = p->a.time;
    assert_int_equal(lpui_player_moment(p, +1), LP_OK);
    assert_true(p->a.time > t1);
    assert_int_equal(lpui_player_moment(p, -1), LP_OK);
    assert_true(p->a.time == t1);
}

static void test_model_rows_follow_a_task(void **state)
{
    fixture *f = *state;
    const lpui_model *m = f->ui.model;
    assert_int_equal(m->row_count, 12);
    size_t row = lpui_model_task_row(m, 5);
    assert_int_equal(row, 4);
    /* new, ready, running, waiting ... done */
    const lpui_segment *s = &m->segs[m->row_first[row]];
    size_t n = m->row_first[row + 1] - m->row_first[row];
    assert_true(n >= 4);
    assert_int_equal(s[0].state, LPUI_T_NEW);
    assert_int_equal(s[1].state, LPUI_T_READY);
    assert_int_equal(s[2].state, LPUI_T_RUNNING);
    assert_int_equal(s[3].state, LPUI_T_WAITING);
    assert_int_equal(s[n - 1].state, LPUI_T_DONE);
    for (size_t i = 1; i < n; i++)
        assert_true(s[i].t0 >= s[i - 1].t0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_panels_inside_window_and_apart),
        cmocka_unit_test(test_layout_larger_window_shows_more),
        cmocka_unit_test(test_layout_cards_fit_their_area),
        cmocka_unit_test_setup_teardown(test_frame_at_start_shows_every_ready_step, setup_small, teardown),
        cmocka_unit_test_setup_teardown(test_frame_while_sleeping_has_a_timer_bar_per_task, setup_small,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_frame_with_1000_tasks_stays_inside, setup_big, teardown),
        cmocka_unit_test_setup_teardown(test_player_steps_stop_at_shown_events, setup_small, teardown),
        cmocka_unit_test_setup_teardown(test_model_rows_follow_a_task, setup_small, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
