/* fuzz_lesson.c - libFuzzer target: the lessons' narration parser
** (src/lesson/parse.c), on any bytes as a lesson's source.
**
** lpl_parse must return LP_OK, LP_E_INVAL or LP_E_NOMEM; a refusal must say
** why (file and line); an accepted lesson must hold what lesson.h promises:
** a title and an intro, and every checkpoint 2 to 9 choices, one answer and
** an explanation.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
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
    }
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
