/*
** lessonview.c: a lesson's narration in the window (see lessonview.h).
*/
#include "app/lessonview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/lessoncheck.h"
#include "core/status.h"
#include "lesson/moments.h"

void lpapp_lesson_init(lpapp_lesson *l)
{
    memset(l, 0, sizeof *l);
    l->asking = -1;
}

void lpapp_lesson_free(lpapp_lesson *l)
{
    if (l->active)
        lpl_lesson_free(&l->lesson);
    free(l->index);
    free(l->answered);
    lpapp_lesson_init(l);
}

/* Tells the lesson's author, on stderr, that an "#: expect" line does not
** hold where its note is shown (the window still shows the lesson). */
static void warn(void *user, const lpl_note *note, const lpl_expect *e, const char *shows)
{
    char what[256];
    lpl_expect_describe(e, what, sizeof what);
    fprintf(stderr, "looplab: %s:%d: '%s' does not hold where the note of line %d is shown: %s\n",
            (const char *)user, e->source_line, what, note->source_line, shows);
}

void lpapp_lesson_load(lpapp_lesson *l, const lpui_model *m, size_t number, size_t count)
{
    lpapp_lesson_free(l);
    lpl_error err;
    if (!m || lpl_load(&l->lesson, m->path, NULL, &err) != LP_OK || !l->lesson.title)
        return; /* not a lesson (or its narration is broken: the run still shows) */
    l->active = true;
    l->index = calloc(l->lesson.nnotes + 1, sizeof *l->index);
    l->answered = calloc(l->lesson.nnotes + 1, sizeof *l->answered);
    if (!l->index || !l->answered ||
        lpl_find_moments(&l->lesson, &m->trace, m->path, l->index) != LP_OK) {
        lpapp_lesson_free(l);
        return;
    }
    if (m->replay_ok)
        (void)lpapp_lesson_check(m, &l->lesson, l->index, warn, m->path);
    if (number)
        snprintf(l->subtitle, sizeof l->subtitle, "Lesson %zu of %zu", number, count);
}

/* text with each paragraph break ('\n') made a blank line, so the panel
** leaves a gap between paragraphs; cut to fit out. */
static void paragraphs(char *out, size_t n, const char *text)
{
    size_t o = 0;
    for (const char *p = text ? text : ""; *p && o + 2 < n; p++) {
        if (*p == '\n')
            out[o++] = '\n';
        out[o++] = *p;
    }
    out[o] = '\0';
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

/* The note's finding after its text, in the INSIGHTS panel's words: the
** heading, where, what it cost, what happened; then where to read its fix
** (and the same about any program). Short, so the narration fits a small
** window; the timeline marks its span. */
static void add_finding(char *text, size_t n, const lpin_finding *f)
{
    char where[300] = "";
    if (f->file)
        snprintf(where, sizeof where, "\xC2\xA0\xC2\xB7  %s:%u", base_name(f->file), (unsigned)f->line);
    if (f->cost > 0.0)
        snprintf(where + strlen(where), sizeof where - strlen(where), "\xC2\xA0\xC2\xB7  cost %.3f\xC2\xA0s", f->cost);
    size_t len = strlen(text);
    snprintf(text + len, n - len, "\n\n\xE2\x9A\x91 Insight: %s%s\n%s\nThe fix, and more: INSIGHTS (key I).",
             lpin_kind_heading(f->kind), where, f->summary);
}

/* Lights finding `number` (1-based; 0: none) as a jump from the INSIGHTS
** panel would, without moving the cursor; a finding lit by the learner stays. */
static void light(lpapp_lesson *l, lpui_ctx *ui, size_t number)
{
    if (number == l->lit)
        return;
    lpui_view *v = &ui->view;
    const lpin_report *r = v->insights;
    if (l->lit && v->insight_sel == l->lit) { /* ours: put it out */
        const lpin_finding *old = r && l->lit <= r->count ? &r->findings[l->lit - 1] : NULL;
        v->insight_sel = 0;
        if (old && old->task_count && v->hover_task == old->task_ids[0])
            v->hover_task = 0;
    }
    l->lit = number;
    if (number && r && number <= r->count) {
        const lpin_finding *f = &r->findings[number - 1];
        v->insight_sel = number;
        if (f->task_count)
            v->hover_task = f->task_ids[0];
    }
}

/* The narration for note n (-1: the intro); a question's choices as buttons. */
static void show(lpapp_lesson *l, lpui_ctx *ui, long n)
{
    char text[4096], body[3000];
    const lpl_note *note = n >= 0 ? &l->lesson.notes[n] : NULL;
    paragraphs(body, sizeof body, note ? note->text : l->lesson.intro);
    bool ask = note && note->kind == LPL_ASK;
    size_t got = ask ? l->answered[n] : 0;
    /* a question passed without an answer (a seek, a shot) shows its answer */
    const char *verdict = got ? (got - 1 == note->answer ? "Right" : "Not quite") : "The answer";
    if (ask && !got && l->asking == n)
        snprintf(text, sizeof text, "%s\n\nPredict, then answer (1-%zu or a click):", body,
                 note->nchoices);
    else if (ask)
        snprintf(text, sizeof text, "%s\n\n%s \xE2\x80\x94 %s", body, verdict, note->why ? note->why : "");
    else if (note && !ui->player.playing && ui->player.a.applied == l->index[n] + 1 &&
             ui->player.a.applied < lpui_player_total(&ui->player))
        snprintf(text, sizeof text, "%s\n\nSpace plays on.", body); /* stopped here to be read */
    else
        snprintf(text, sizeof text, "%s", body);
    /* its finding, once it has happened, and never before a question is answered */
    long f = note && !(ask && !got && l->asking == n) && ui->model
                 ? lpapp_note_finding(ui->model, ui->view.insights, note, l->index[n])
                 : -1;
    if (f >= 0)
        add_finding(text, sizeof text, &ui->view.insights->findings[f]);
    light(l, ui, f >= 0 ? (size_t)f + 1 : 0);
    lpui_set_narration(ui, l->lesson.title, l->subtitle, text, -1);
    if (note) /* the code it is about: its line, or the block itself */
        ui->narration.line = (unsigned)(note->at.kind == LPL_AT_LINE ? note->at.line : note->source_line);
    if (ask)
        lpui_narration_ask(&ui->narration, (const char *const *)note->choices, note->nchoices,
                           got || l->asking == n ? got : note->answer + 1, note->answer + 1);
    /* a question's finding stays out of the INSIGHTS panel until it is asked */
    for (size_t i = 0; ui->model && i < l->lesson.nnotes; i++) {
        const lpl_note *q = &l->lesson.notes[i];
        long qf = q->kind == LPL_ASK ? lpapp_note_finding(ui->model, ui->view.insights, q, l->index[i]) : -1;
        if (qf >= 0)
            lpui_narration_hold(&ui->narration, (size_t)qf + 1, lpl_note_applied(q, l->index[i]));
    }
}

/* The first narration (a "say", not the one at the start) whose record lies
** in [from, to), or -1: playing stops there. */
static long next_say(const lpapp_lesson *l, size_t from, size_t to)
{
    long best = -1;
    for (size_t i = 0; i < l->lesson.nnotes; i++) {
        const lpl_note *n = &l->lesson.notes[i];
        size_t at = l->index[i];
        if (n->kind == LPL_SAY && n->at.kind != LPL_AT_START && at != LPL_NEVER && at >= from && at < to &&
            (best < 0 || at < l->index[best]))
            best = (long)i;
    }
    return best;
}

void lpapp_lesson_after_tick(lpapp_lesson *l, lpui_ctx *ui, size_t applied_before)
{
    if (!l->active || !ui->model)
        return;
    lpui_player *p = &ui->player;
    size_t now = p->a.applied;
    if (now > applied_before) {
        long ask = lpl_next_checkpoint(&l->lesson, l->index, applied_before, now);
        if (ask >= 0 && l->answered[ask])
            ask = -1;
        long say = next_say(l, applied_before, ask >= 0 ? l->index[ask] : now);
        if (say >= 0) { /* stop just after its moment, so the learner can read */
            lpui_player_seek(p, l->index[say] + 1);
            p->playing = false;
        } else if (ask >= 0) { /* stop just before its moment, and ask */
            lpui_player_seek(p, l->index[ask]);
            p->playing = false;
            l->asking = ask;
        }
    }
    if (l->asking >= 0 && p->a.applied != l->index[l->asking])
        l->asking = -1; /* the learner moved away */
    show(l, ui, l->asking >= 0 ? l->asking : lpl_note_shown(&l->lesson, l->index, p->a.applied));
}

bool lpapp_lesson_answer(lpapp_lesson *l, lpui_ctx *ui, size_t choice)
{
    if (!l->active || l->asking < 0 || l->answered[l->asking])
        return false;
    const lpl_note *note = &l->lesson.notes[l->asking];
    if (choice < 1 || choice > note->nchoices)
        return false;
    l->answered[l->asking] = choice; /* shown with its explanation until the cursor moves */
    show(l, ui, l->asking);
    return true;
}
