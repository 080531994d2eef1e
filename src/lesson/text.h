/* text.h - looplab lessons: internal text helpers of the parser.
**
** A growable string and a cursor over one line, both allocation-aware.
** Internal to src/lesson (prefix lpl__).
*/
#ifndef LPL_TEXT_H
#define LPL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/alloc.h"

/* A NUL-terminated string being built; `data` is owned until taken. */
typedef struct lpl__buf {
    char        *data;
    size_t       len;
    size_t       cap;
    const lp_allocator *alloc;
} lpl__buf;

/* Appends n bytes. Returns LP_OK or LP_E_NOMEM. */
int lpl__buf_add(lpl__buf *b, const char *s, size_t n);

/* Appends a line of prose: joined to what is there by a space, or by '\n'
** when `new_paragraph` is set (and the buffer is not empty). */
int lpl__buf_add_prose(lpl__buf *b, const char *s, size_t n, bool new_paragraph);

/* Hands the string over (an empty buffer gives ""), leaving b empty. Returns
** NULL when out of memory. The caller frees it with the same allocator. */
char *lpl__buf_take(lpl__buf *b);

void lpl__buf_free(lpl__buf *b);

/* A copy of n bytes, NUL-terminated, or NULL when out of memory. */
char *lpl__strndup(const lp_allocator *a, const char *s, size_t n);

/* A span of the source: not NUL-terminated. */
typedef struct lpl__span {
    const char *s;
    size_t      n;
} lpl__span;

/* The span without leading and trailing blanks (spaces, tabs, CR). */
lpl__span lpl__trim(lpl__span s);

/* Whether span starts with the NUL-terminated prefix. */
bool lpl__starts(lpl__span s, const char *prefix);

/* Whether span is exactly the NUL-terminated word. */
bool lpl__is(lpl__span s, const char *word);

/* A number >= 0 and <= max taking the whole span (finite; whole if
** `integer`), into *out. Returns false, *out unchanged, otherwise. */
bool lpl__number(lpl__span word, bool integer, double max, double *out);

/* Splits off the first blank-separated word of *s (which advances past it
** and its blanks). An empty span when nothing is left. */
lpl__span lpl__word(lpl__span *s);

#endif
