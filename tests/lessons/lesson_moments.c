/*
** lesson_moments.c: runs a lesson and says where each of its moments falls.
**
**   lesson_moments FILE.py
**
** Parses the lesson's narration (src/lesson), runs the file on looplab's
** engine in this process (the program's own output is discarded), finds
** every note's moment in the trace, and prints one line per note:
**
**   <source line> <say|ask> <moment>[#N] <record index> <virtual time>
**   <source line> <say|ask> <moment>[#N] never
**
** Exit status: 0 when every moment happened, 1 when one did not, 2 when the
** narration does not parse or the file cannot be run. tests/lessons/claims.py
** runs it on every lesson.
*/
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/paths.h"
#include "core/status.h"
#include "lesson/lesson.h"
#include "lesson/moments.h"
#include "py/run.h"

static int report(FILE *out, const lpl_lesson *lesson, const lp_trace *trace, const char *file)
{
    size_t index[256];
    if (lesson->nnotes > sizeof index / sizeof index[0]) {
        fprintf(out, "too many notes\n");
        return 2;
    }
    if (lpl_find_moments(lesson, trace, file, index) != LP_OK) {
        fprintf(out, "out of memory\n");
        return 2;
    }
    int missing = 0;
    fprintf(out, "title %s\n", lesson->title);
    for (size_t i = 0; i < lesson->nnotes; i++) {
        const lpl_note *n = &lesson->notes[i];
        fprintf(out, "%d %s %s#%u ", n->source_line, n->kind == LPL_ASK ? "ask" : "say",
                lpl_moment_kind_name(n->at.kind), n->at.nth);
        if (index[i] == LPL_NEVER) {
            fprintf(out, "never\n");
            missing = 1;
        } else {
            fprintf(out, "%zu %.3f\n", index[i], lp_trace_at(trace, index[i])->time);
        }
    }
    return missing;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: lesson_moments FILE.py\n");
        return 2;
    }
    const char *file = argv[1];
    lpl_lesson lesson;
    lpl_error err;
    if (lpl_load(&lesson, file, NULL, &err) != LP_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
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
    int status = report(out, &lesson, &engine.trace, file);
    fclose(out);
    lpy_engine_close(&engine);
    lpl_lesson_free(&lesson);
    return status;
}
