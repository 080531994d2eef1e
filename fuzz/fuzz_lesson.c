/* fuzz_lesson.c - libFuzzer target: the lessons' narration parser
** (src/lesson/parse.c), on any bytes as a lesson's source.
**
** lpl_parse must return LP_OK, LP_E_INVAL or LP_E_NOMEM; a refusal must say
** why (file and line); an accepted lesson must hold what lesson.h promises:
** a title and an intro, and every checkpoint 2 to 9 choices, one answer and
** an explanation; every expectation well formed (and checked against an
** empty view and described without harm); every glossary term a word.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "lesson/expect.h"
#include "lesson/lesson.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_lesson(const lpl_lesson *lesson)
{
    if (!lesson->title || !lesson->intro)
        abort();
    for (size_t i = 0; i < lesson->nnotes; i++) {
        const lpl_note *note = &lesson->notes[i];
        if (!note->text || note->source_line < 1)
            abort();
        if (note->kind == LPL_ASK &&
            (note->nchoices < 2 || note->nchoices > LPL_MAX_CHOICES ||
             note->answer >= note->nchoices || !note->why))
            abort();
        for (size_t c = 0; c < note->nchoices; c++)
            if (!note->choices[c])
                abort();
        for (size_t e = 0; e < note->nexpects; e++) {
            const lpl_expect *x = &note->expects[e];
            if (x->kind > LPL_EXPECT_FINDING || x->source_line <= note->source_line ||
                (x->kind == LPL_EXPECT_TASK && (x->nnames != 1 || !x->text)) ||
                (x->kind == LPL_EXPECT_FINDING && x->nnames != 1) ||
                (x->kind == LPL_EXPECT_RUNNING && x->nnames > 1))
                abort();
            for (size_t n = 0; n < x->nnames; n++)
                if (!x->names[n] || !x->names[n][0])
                    abort();
            char out[64];
            lpl_view empty = {0};
            (void)lpl_expect_holds(x, &empty, out, sizeof out);
            lpl_expect_describe(x, out, sizeof out);
        }
    }
    for (size_t t = 0; t < lesson->nterms; t++)
        if (!lesson->terms[t].word || !lesson->terms[t].word[0])
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lpl_lesson lesson;
    lpl_error err;
    memset(&err, 0, sizeof err);
    int rc = lpl_parse(&lesson, "fuzz.py", (const char *)data, size, NULL, &err);
    if (rc == LP_OK) {
        check_lesson(&lesson);
        lpl_lesson_free(&lesson);
    } else if (rc == LP_E_INVAL) {
        if (err.message[0] == '\0' || strncmp(err.message, "fuzz.py", 7) != 0)
            abort(); /* a refusal names the file (and line) */
    } else if (rc != LP_E_NOMEM) {
        abort();
    }
    return 0;
}
