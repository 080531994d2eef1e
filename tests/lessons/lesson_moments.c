/*
** lesson_moments.c: runs a lesson and says where each of its moments falls.
**
**   lesson_moments [--show] FILE.py      (--show: what the window shows at each note)
**   lesson_moments --glossary FILE.py    (its terms and narration, not run)
**
** Parses the lesson's narration (src/lesson), runs the file on looplab's
** engine in this process (the program's own output is discarded), finds
** every note's moment in the trace, checks the note's expectations against
** what the window shows there (app/lessoncheck.h), and prints its glossary
** then one line per note, and one per expectation:
**
**   teaches <term>            uses <term>
**   <source line> <say|ask> <moment>[#N] <record index> <virtual time> expects <K>
**   <source line> <say|ask> <moment>[#N] never expects <K>
**     ok   <line> expect ...
**     FAIL <line> expect ...: <what the window shows instead>
**
** Exit status: 0 when every moment happened and every expectation held, 1
** when not, 2 when the narration does not parse or the file cannot be run.
** tests/lessons/claims.py, expects.py and glossary.py run it on every lesson.
*/
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/lessoncheck.h"
#include "app/paths.h"
#include "core/status.h"
#include "lesson/lesson.h"
#include "lesson/moments.h"
#include "py/run.h"

static bool show_views; /* --show: print what the window shows at each note */

/* --glossary: the lesson's terms and every text of its narration, one per
** line ("text ..."), without running it. */
static void glossary(const lpl_lesson *lesson)
{
    for (size_t i = 0; i < lesson->nterms; i++)
        printf("%s %s\n", lesson->terms[i].teaches ? "teaches" : "uses", lesson->terms[i].word);
    printf("text %s\n", lesson->title);
    const char *texts[2 + LPL_MAX_CHOICES];
    for (size_t i = 0; i <= lesson->nnotes; i++) {
        const lpl_note *n = i < lesson->nnotes ? &lesson->notes[i] : NULL;
        size_t count = 0;
        texts[count++] = n ? n->text : lesson->intro;
        for (size_t c = 0; n && c < n->nchoices; c++)
            texts[count++] = n->choices[c];
        if (n && n->why)
            texts[count++] = n->why;
        for (size_t t = 0; t < count; t++) {
            printf("text ");
            for (const char *p = texts[t]; *p; p++)
                putchar(*p == '\n' ? ' ' : *p);
            putchar('\n');
        }
    }
}

static void show_view(FILE *out, const lpl_view *v)
{
    fprintf(out, "  shows: time %.3f, running %s, ready", v->time, v->running ? v->running : "none");
    for (size_t i = 0; i < v->nready; i++)
        fprintf(out, "%s%s", i ? ", " : " ", v->ready[i]);
    fprintf(out, "%s, timers %zu, workers %zu, %s\n", v->nready ? "" : " none", v->timers, v->workers,
            v->frozen ? "frozen" : "not frozen");
    fprintf(out, "  tasks:");
    for (size_t i = 0; i < v->ntasks; i++)
        fprintf(out, " %s=%s", v->tasks[i].label, v->tasks[i].state);
    fprintf(out, "\n  output: %s\n", v->last_output ? v->last_output : "(none)");
    fprintf(out, "  findings:");
    for (size_t i = 0; i < v->nfindings; i++)
        fprintf(out, " %s@%d", v->findings[i].kind, v->findings[i].line);
    fprintf(out, "%s\n", v->nfindings ? "" : " none");
}

/* Prints each expectation of note n: ok or FAIL with what the window shows. */
static int expectations(FILE *out, const lpui_model *m, const lpin_report *insights, const lpl_note *n,
                        size_t index)
{
    if (index == LPL_NEVER || (n->nexpects == 0 && !show_views))
        return 0;
    lpapp_view view;
    size_t applied = lpl_note_applied(n, index);
    if (lpapp_view_at(&view, m, applied) != LP_OK || lpapp_view_findings(&view, m, insights, applied) != LP_OK) {
        lpapp_view_free(&view);
        fprintf(out, "out of memory\n");
        return 1;
    }
    int failed = 0;
    if (show_views)
        show_view(out, &view.v);
    for (size_t e = 0; e < n->nexpects; e++) {
        char what[256], shows[512];
        lpl_expect_describe(&n->expects[e], what, sizeof what);
        if (lpl_expect_holds(&n->expects[e], &view.v, shows, sizeof shows)) {
            fprintf(out, "  ok   %d %s\n", n->expects[e].source_line, what);
        } else {
            fprintf(out, "  FAIL %d %s: %s\n", n->expects[e].source_line, what, shows);
            failed = 1;
        }
    }
    lpapp_view_free(&view);
    return failed;
}

static int report(FILE *out, const lpl_lesson *lesson, const lpui_model *m, const char *file)
{
    const lp_trace *trace = &m->trace;
    size_t index[256];
    if (lesson->nnotes > sizeof index / sizeof index[0]) {
        fprintf(out, "too many notes\n");
        return 2;
    }
    if (lpl_find_moments(lesson, trace, file, index) != LP_OK) {
        fprintf(out, "out of memory\n");
        return 2;
    }
    lpin_report insights;
    if (lpapp_lesson_insights(m, &insights) != LP_OK) {
        lpin_report_free(&insights);
        fprintf(out, "out of memory\n");
        return 2;
    }
    int missing = 0;
    fprintf(out, "title %s\n", lesson->title);
    for (size_t i = 0; i < lesson->nterms; i++)
        fprintf(out, "%s %s\n", lesson->terms[i].teaches ? "teaches" : "uses", lesson->terms[i].word);
    for (size_t i = 0; i < lesson->nnotes; i++) {
        const lpl_note *n = &lesson->notes[i];
        fprintf(out, "%d %s %s#%u ", n->source_line, n->kind == LPL_ASK ? "ask" : "say",
                lpl_moment_kind_name(n->at.kind), n->at.nth);
        if (index[i] == LPL_NEVER) {
            fprintf(out, "never expects %zu\n", n->nexpects);
            missing = 1;
        } else {
            fprintf(out, "%zu %.3f expects %zu\n", index[i], lp_trace_at(trace, index[i])->time,
                    n->nexpects);
        }
        missing |= expectations(out, m, &insights, n, index[i]);
    }
    lpin_report_free(&insights);
    return missing;
}

int main(int argc, char **argv)
{
    show_views = argc == 3 && strcmp(argv[1], "--show") == 0;
    bool terms = argc == 3 && strcmp(argv[1], "--glossary") == 0;
    if (argc != 2 && !show_views && !terms) {
        fprintf(stderr, "usage: lesson_moments [--show | --glossary] FILE.py\n");
        return 2;
    }
    const char *file = argv[argc - 1];
    lpl_lesson lesson;
    lpl_error err;
    if (lpl_load(&lesson, file, NULL, &err) != LP_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    if (terms) {
        glossary(&lesson);
        lpl_lesson_free(&lesson);
        return 0;
    }

    /* The report goes to the real stdout; the program's output to /dev/null. */
    fflush(stdout);
    int saved = dup(1);
    int devnull = open("/dev/null", O_WRONLY);
    FILE *out = saved >= 0 ? fdopen(saved, "w") : NULL;
    if (out == NULL || devnull < 0 || dup2(devnull, 1) < 0) {
        fprintf(stderr, "lesson_moments: cannot redirect stdout\n");
        return 2;
    }
    close(devnull);

    lpy_options options = {.until = LPY_DEFAULT_UNTIL};
    lpy_engine engine;
    if (lpy_engine_init(&engine, &options) != LP_OK) {
        fprintf(stderr, "lesson_moments: out of memory\n");
        return 2;
    }
    lpapp_paths paths;
    bool have_paths = lpapp_paths_find(&paths) == 0;
    lpy_run_desc desc = {
        .file = file,
        .options = options,
        .scenarios_dir = have_paths ? paths.scenarios : NULL,
    };
    (void)lpy_run(&desc, &engine);
    lpui_model model;
    int status = 2;
    if (lpui_model_init(&model, &engine.trace, file, 0, NULL) == LP_OK) {
        status = report(out, &lesson, &model, file);
        lpui_model_free(&model);
    } else {
        fprintf(out, "out of memory\n");
    }
    fclose(out);
    lpy_engine_close(&engine);
    lpl_lesson_free(&lesson);
    return status;
}
