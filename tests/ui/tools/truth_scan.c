/*
** truth_scan.c: the window, frame by frame, checked for what it must never show.
**
**   truth_scan FILE.py RAW_TRACE [--narration | --click-png OUT.png]
**
** Loads the run of FILE.py that `looplab run --raw-trace RAW_TRACE FILE.py`
** recorded, as the window loads its child's run (ui/model.h), and for every
** event (MAX_FRAMES of them, evenly spread, in a longer run) of
** the run puts the window's cursor after it, sets the lesson narration as
** `looplab shot` does (app/lessonview.h) and builds the frame with a fixed
** text measure (no SDL: the frame is its list of drawing commands). In
** every frame's drawn text it looks for:
**
**   - lesson markup: "#:" anywhere;
**   - a question's answer before it is answered or passed: the text of its
**     choices in SOURCE, or of its explanation in SOURCE or the narration,
**     or the insight it shows once answered ("#: finding": its heading or
**     any line of its summary, in the narration), while the cursor has not
**     gone past the question's moment;
**   - internal numbering: "callback #", "timer #", and "line 0".
**
** The first three times a location in another file ("sim.py:53") is on
** screen, it clicks it: SOURCE must show that file, read only, at that
** line, with a way back, and Esc must bring the program back.
**
** At each question's moment it also plays into the checkpoint as the window
** does: the question must then be on screen (its choices drawn, a check
** that this scan sees the narration at all) with no explanation and no
** mark on the right choice.
**
** With --click-png it also draws the window (SDL, off screen) just after the
** first click on a location, to look at. With --narration it checks nothing and prints, after each event, the
** event, the narration panel's text (WHAT HAPPENS: the lesson is not
** loaded) and the event loop panel's, for truth_test.py to check the
** sentences.
**
** Prints one line per problem ("FILE: event N (t = T): what") and a summary;
** exit status 0 when none, 1 when some, 2 when the file cannot be run.
** tests/ui/truth_test.py runs it on every lesson and bundled scenario.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lessoncheck.h"
#include "app/lessonview.h"
#include "app/render.h"
#include "core/status.h"
#include "core/trace_file.h"
#include "lesson/moments.h"
#include "ui/ui.h"

#define W 1600.0f
#define H 900.0f
#define MAX_REPORTS 20
/* Runs of more events than this are sampled evenly: a busy loop's million
** turns at one instant draw the same few cards over and over. Every
** question's checkpoint is still played into. */
#define MAX_FRAMES 20000
/* ... and so are runs whose frames are heavy: a frame draws every event's
** stretch on the timeline, so frames x events stays under this (at least
** 100 frames). */
#define FRAME_WORK 200000000u

static float fake_measure(void *user, lpui_font font, const char *text)
{
    (void)user;
    return (float)strlen(text) * (font == LPUI_FONT_BIG ? 13.0f : font == LPUI_FONT_SMALL ? 6.0f : 7.0f);
}

typedef struct scan {
    const char *file;
    const char *click_png;  /* --click-png: the first clicked location drawn here */
    bool        png_done;
    FILE       *out;
    size_t      problems;
} scan;

static void problem(scan *sc, const lpui_ctx *ui, const char *what, const char *text)
{
    if (sc->problems++ < MAX_REPORTS)
        fprintf(sc->out, "%s: event %zu (t = %.3f): %s: \"%s\"\n", sc->file, ui->player.a.applied,
                ui->player.a.time, what, text);
}

/* A drawn text without the ellipsis a cut adds. */
static void plain(const char *text, char *out, size_t n)
{
    snprintf(out, n, "%s", text);
    size_t len = strlen(out);
    if (len >= 3 && strcmp(out + len - 3, "\xE2\x80\xA6") == 0)
        out[len - 3] = '\0';
}

/* Whether a text is drawn where a lesson could leak its answer: SOURCE
** (markup) and, with `narration`, the narration panel. The console and the
** loop panel show what the program does, which may well read like a choice
** ("2.00 s"), and so may a note the lesson shows once a part has run: a
** choice is looked for in SOURCE only, an explanation in both. */
static bool in_text_panels(const lpui_ctx *ui, const lpui_cmd *c, bool narration)
{
    return c->type == LPUI_CMD_TEXT && (lpui_rect_hit(ui->layout.source, c->r.x, c->r.y) ||
                                        (narration && lpui_rect_hit(ui->layout.narration, c->r.x, c->r.y)));
}

/* Whether some text drawn in SOURCE (or the narration) contains `needle`. */
static bool drawn_contains(const lpui_ctx *ui, const char *needle, bool narration)
{
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (in_text_panels(ui, c, narration) && strstr(lpui_cmd_text(&ui->cmds, c), needle))
            return true;
    }
    return false;
}

/* The first drawn text (at least min bytes, its ellipsis dropped) that is
** part of `hay`, or NULL: a wrapped line of an explanation. */
static const char *drawn_part_of(const lpui_ctx *ui, const char *hay, size_t min)
{
    static char t[1024];
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (!in_text_panels(ui, c, true))
            continue;
        plain(lpui_cmd_text(&ui->cmds, c), t, sizeof t);
        if (strlen(t) >= min && strstr(hay, t))
            return t;
    }
    return NULL;
}

/* Whether `text` is part of the program's own code (not its markup): a
** choice may quote the code ("which print comes first?"). */
static bool in_code(const lpui_model *m, const char *text)
{
    for (size_t i = 0; i < m->line_count; i++) {
        const char *l = m->lines[i] + strspn(m->lines[i], " \t");
        if (!(l[0] == '#' && l[1] == ':') && strstr(l, text))
            return true;
    }
    return false;
}

/* The first text drawn in the narration panel (at least min bytes, its
** ellipsis dropped) that is part of `hay`, or NULL. */
static const char *narrated_part_of(const lpui_ctx *ui, const char *hay, size_t min)
{
    static char t[1024];
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->type != LPUI_CMD_TEXT || !lpui_rect_hit(ui->layout.narration, c->r.x, c->r.y))
            continue;
        plain(lpui_cmd_text(&ui->cmds, c), t, sizeof t);
        if (strlen(t) >= min && strstr(hay, t))
            return t;
    }
    return NULL;
}

/* The first text drawn over the window's dimmed panels (an overlay: the
** INSIGHTS panel), at least min bytes, that is part of `hay`, or NULL. */
static const char *overlay_part_of(const lpui_ctx *ui, const char *hay, size_t min)
{
    static char t[1024];
    size_t i = 0;
    while (i < ui->cmds.count && ui->cmds.items[i].tag != LPUI_TAG_OVERLAY)
        i++; /* the overlay's dimming comes first, its text after */
    for (; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->type != LPUI_CMD_TEXT)
            continue;
        plain(lpui_cmd_text(&ui->cmds, c), t, sizeof t);
        if (strlen(t) >= min && strstr(hay, t))
            return t;
    }
    return NULL;
}

/* The insight question q shows once answered ("#: finding") must not be
** in the narration before: neither its heading nor a line of its summary. */
static void check_finding_hidden(scan *sc, const lpui_ctx *ui, const lpapp_lesson *l, size_t n,
                                 const char *when)
{
    const lpl_note *q = &l->lesson.notes[n];
    long f = lpapp_note_finding(ui->model, ui->view.insights, q, l->index[n]);
    if (f < 0)
        return;
    const lpin_finding *fi = &ui->view.insights->findings[f];
    char heading[200], what[200];
    snprintf(heading, sizeof heading, "Insight: %s", lpin_kind_heading(fi->kind));
    const char *leak = narrated_part_of(ui, fi->summary, 16);
    snprintf(what, sizeof what, "the insight a question answers with is drawn %s", when);
    if (leak)
        problem(sc, ui, what, leak);
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->type == LPUI_CMD_TEXT && lpui_rect_hit(ui->layout.narration, c->r.x, c->r.y) &&
            strstr(lpui_cmd_text(&ui->cmds, c), heading))
            problem(sc, ui, what, lpui_cmd_text(&ui->cmds, c));
    }
}

/* A question's choices (in SOURCE) and explanation (anywhere in SOURCE or
** the narration) must not be on screen. */
static void check_hidden(scan *sc, const lpui_ctx *ui, const lpl_note *q)
{
    for (size_t c = 0; c < q->nchoices; c++) {
        char head[24]; /* the choice's first words: a button cut short still shows them */
        snprintf(head, sizeof head, "%s", q->choices[c]);
        if (strlen(head) >= 6 && !in_code(ui->model, head) && drawn_contains(ui, head, false))
            problem(sc, ui, "a choice drawn before its question", head);
    }
    const char *leak = q->why ? drawn_part_of(ui, q->why, 16) : NULL;
    if (leak)
        problem(sc, ui, "an explanation drawn before its question is answered", leak);
}

static void check_frame(scan *sc, lpui_ctx *ui, const lpapp_lesson *l)
{
    static const char *const never[] = {"#:", "callback #", "timer #", "line 0 "};
    lpui_build(ui, W, H, 1.0f);
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        const char *text = lpui_cmd_text(&ui->cmds, c);
        if (c->type != LPUI_CMD_TEXT)
            continue;
        for (size_t k = 0; k < sizeof never / sizeof never[0]; k++) {
            const char *hit = strstr(text, never[k]);
            if (hit)
                problem(sc, ui, k == 0 ? "lesson markup drawn" : "internal numbering drawn", text);
        }
        size_t len = strlen(text);
        if (len >= 6 && strcmp(text + len - 6, "line 0") == 0)
            problem(sc, ui, "a location with no line", text);
    }
    for (size_t n = 0; l->active && n < l->lesson.nnotes; n++) {
        const lpl_note *q = &l->lesson.notes[n];
        if (q->kind == LPL_ASK && l->index[n] != LPL_NEVER && l->index[n] >= ui->player.a.applied) {
            check_hidden(sc, ui, q);
            check_finding_hidden(sc, ui, l, n, "before its question is answered");
        }
    }
}

/* Clicks the first location in another file on screen, if any: SOURCE must
** then show that file, read only, with the line lit and a way back; Esc
** must bring the program back. Returns 1 when it clicked one. */
static int check_click(scan *sc, lpui_ctx *ui)
{
    const lpui_cmd *loc = NULL;
    for (size_t i = 0; i < ui->cmds.count && !loc; i++)
        if (ui->cmds.items[i].tag == LPUI_TAG_LOCATION)
            loc = &ui->cmds.items[i];
    if (!loc)
        return 0;
    const char *path = lpui_model_str(ui->model, loc->tag_id);
    unsigned line = (unsigned)loc->width;
    float x = loc->r.x + loc->r.w / 2, y = loc->r.y + loc->r.h / 2;
    const lpui_cmd *hit = lpui_hit(ui, x, y);
    if (!hit || hit->tag != LPUI_TAG_LOCATION) {
        problem(sc, ui, "a location cannot be clicked (something lies over it)", path);
        return 1;
    }
    lpui_mouse_down(ui, x, y);
    if (sc->click_png && !sc->png_done) { /* to look at: the real drawing of this frame */
        char fonts[4200];
        lpui_metrics keep = ui->metrics;
        sc->png_done = lpapp_fonts_dir(fonts, sizeof fonts) == 0 &&
                       lpapp_render_png(ui, (int)W, (int)H, fonts, sc->click_png, NULL) == 0;
        ui->metrics = keep;
    }
    lpui_build(ui, W, H, 1.0f);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    bool named = false, back = false, lit = false;
    for (size_t i = 0; i < ui->cmds.count; i++) {
        const lpui_cmd *c = &ui->cmds.items[i];
        if (c->type == LPUI_CMD_TEXT && lpui_rect_hit(ui->layout.source, c->r.x, c->r.y) &&
            strstr(lpui_cmd_text(&ui->cmds, c), base) && strstr(lpui_cmd_text(&ui->cmds, c), "read only"))
            named = true;
        back |= c->tag == LPUI_TAG_SRC_BACK;
        lit |= c->tag == LPUI_TAG_SRC_CURRENT && c->tag_id == line;
    }
    if (!named || !back || !lit)
        problem(sc, ui, "a clicked location does not show its file (name, line, way back)", path);
    lpui_act(ui, LPUI_ACT_ESCAPE);
    lpui_build(ui, W, H, 1.0f);
    for (size_t i = 0; i < ui->cmds.count; i++)
        if (ui->cmds.items[i].tag == LPUI_TAG_SRC_BACK)
            problem(sc, ui, "Esc does not bring the program back to SOURCE", path);
    return 1;
}

/* Plays from just before question n into its checkpoint, as the window does. */
static void check_asked(scan *sc, lpui_ctx *ui, lpapp_lesson *l, size_t n)
{
    const lpl_note *q = &l->lesson.notes[n];
    size_t at = l->index[n];
    if (at == LPL_NEVER || lpui_player_seek(&ui->player, at + 1) != LP_OK)
        return;
    lpapp_lesson_after_tick(l, ui, at);
    if (l->asking != (long)n) {
        problem(sc, ui, "the window did not stop to ask", q->text);
        return;
    }
    lpui_build(ui, W, H, 1.0f);
    for (size_t c = 0; c < q->nchoices; c++) {
        char head[12];
        snprintf(head, sizeof head, "%s", q->choices[c]);
        if (!drawn_contains(ui, head, true))
            problem(sc, ui, "a choice of the question asked is not on screen", q->choices[c]);
    }
    if (drawn_contains(ui, "\xE2\x9C\x93", true))
        problem(sc, ui, "the right choice is marked before the answer", q->choices[q->answer]);
    const char *leak = q->why ? drawn_part_of(ui, q->why, 16) : NULL;
    if (leak)
        problem(sc, ui, "the explanation is drawn while the question is asked", leak);
    check_finding_hidden(sc, ui, l, n, "while its question is asked");
    long f = lpapp_note_finding(ui->model, ui->view.insights, q, at);
    if (f >= 0) { /* nor in the INSIGHTS panel, opened while the question is asked */
        ui->view.insights_open = true;
        lpui_build(ui, W, H, 1.0f);
        const char *shown = overlay_part_of(ui, ui->view.insights->findings[f].summary, 16);
        if (shown)
            problem(sc, ui, "the INSIGHTS panel shows the insight of a question asked", shown);
        ui->view.insights_open = false;
    }
    if (q->finding) { /* answered, the question shows it: the check above can fail */
        lpapp_lesson_answer(l, ui, q->answer + 1);
        lpui_build(ui, W, H, 1.0f);
        const lpin_finding *fi = NULL;
        if (f >= 0)
            fi = &ui->view.insights->findings[f];
        if (!fi || !narrated_part_of(ui, fi->summary, 16))
            problem(sc, ui, "the insight of an answered question is not drawn", q->finding);
        l->answered[n] = 0;
    }
    l->asking = -1;
}

/* --narration: after each event, one line: the event, its kind and time,
** a tab, the narration panel's text (its drawn lines joined by spaces), a
** tab, the event loop panel's (the cards). */
static void dump_narration(lpui_ctx *ui, FILE *out)
{
    size_t total = lpui_player_total(&ui->player);
    for (size_t i = 1; i <= total; i++) {
        if (lpui_player_seek(&ui->player, i) != LP_OK)
            break;
        lpui_build(ui, W, H, 1.0f);
        const lp_event *ev = lp_trace_at(&ui->model->trace, i - 1);
        fprintf(out, "%zu %s %.3f\t", i - 1, lp_event_kind_name(ev->kind), ev->time);
        for (int part = 0; part < 2; part++) {
            lpui_rect r = part == 0 ? ui->layout.narration : ui->layout.loop;
            for (size_t k = 0; k < ui->cmds.count; k++) {
                const lpui_cmd *c = &ui->cmds.items[k];
                if (c->type == LPUI_CMD_TEXT && lpui_rect_hit(r, c->r.x, c->r.y))
                    fprintf(out, "%s ", lpui_cmd_text(&ui->cmds, c));
            }
            fputc(part == 0 ? '\t' : '\n', out);
        }
    }
}

static int scan_run(scan *sc, lpui_model *m, bool narration)
{
    lpui_ctx ui;
    lpapp_lesson l;
    lpui_init(&ui);
    lpapp_lesson_init(&l);
    ui.metrics.measure = fake_measure;
    for (int i = 0; i < LPUI_FONT_COUNT; i++)
        ui.metrics.height[i] = i == LPUI_FONT_BIG ? 26.0f : 15.0f;
    if (lpui_set_model(&ui, m, false) != LP_OK) {
        lpui_free(&ui);
        return 2;
    }
    if (narration) {
        dump_narration(&ui, sc->out);
        lpui_free(&ui);
        return 0;
    }
    lpapp_lesson_load(&l, ui.model, 0, 0);
    size_t total = lpui_player_total(&ui.player), frames = 0, clicked = 0;
    size_t most = MAX_FRAMES;
    if (total > 0 && most > FRAME_WORK / total)
        most = FRAME_WORK / total > 100 ? FRAME_WORK / total : 100;
    size_t stride = total > most ? total / most + 1 : 1;
    for (size_t i = 0; i <= total; i += stride) {
        if (lpui_player_seek(&ui.player, i) != LP_OK)
            break;
        lpapp_lesson_after_tick(&l, &ui, ui.player.a.applied);
        check_frame(sc, &ui, &l);
        frames++;
        if (clicked < 3)
            clicked += (size_t)check_click(sc, &ui);
    }
    size_t asked = 0;
    for (size_t n = 0; l.active && n < l.lesson.nnotes; n++)
        if (l.lesson.notes[n].kind == LPL_ASK) {
            check_asked(sc, &ui, &l, n);
            asked++;
        }
    fprintf(sc->out, "%s: %zu frames, %zu questions asked, %zu locations clicked, %zu problems\n", sc->file,
            frames, asked, clicked, sc->problems);
    lpapp_lesson_free(&l);
    lpui_free(&ui);
    return sc->problems ? 1 : 0;
}

int main(int argc, char **argv)
{
    bool narration = argc == 4 && strcmp(argv[3], "--narration") == 0;
    bool png = argc == 5 && strcmp(argv[3], "--click-png") == 0;
    if (argc != 3 && !narration && !png) {
        fprintf(stderr, "usage: truth_scan FILE.py RAW_TRACE [--narration | --click-png OUT.png]\n");
        return 2;
    }
    scan sc = {.file = argv[1], .out = stdout, .click_png = png ? argv[4] : NULL};
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    FILE *f = fopen(argv[2], "rb");
    int rc = f ? lp_trace_load(&trace, f) : LP_E_INVAL;
    if (f)
        fclose(f);
    lpui_model *m = rc == LP_OK ? malloc(sizeof *m) : NULL;
    if (!m || lpui_model_init(m, &trace, sc.file, 0, NULL) != LP_OK) {
        fprintf(stderr, "truth_scan: cannot load the trace %s\n", argv[2]);
        lp_trace_free(&trace);
        free(m);
        return 2;
    }
    lp_trace_free(&trace); /* emptied by the model, which took the records over */
    return scan_run(&sc, m, narration); /* ui owns m from here */
}
