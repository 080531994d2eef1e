/* text.c - looplab lessons: growable strings and line spans for the parser. */
#include "lesson/text.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"

int lpl__buf_add(lpl__buf *b, const char *s, size_t n)
{
    if (lp_grow(b->alloc, (void **)&b->data, &b->cap, b->len + n + 1, 1) != LP_OK)
        return LP_E_NOMEM;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return LP_OK;
}

int lpl__buf_add_prose(lpl__buf *b, const char *s, size_t n, bool new_paragraph)
{
    if (b->len > 0 && lpl__buf_add(b, new_paragraph ? "\n" : " ", 1) != LP_OK)
        return LP_E_NOMEM;
    return lpl__buf_add(b, s, n);
}

char *lpl__buf_take(lpl__buf *b)
{
    if (b->data == NULL && lpl__buf_add(b, "", 0) != LP_OK)
        return NULL;
    char *s = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void lpl__buf_free(lpl__buf *b)
{
    lp_free(b->alloc, b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *lpl__strndup(const lp_allocator *a, const char *s, size_t n)
{
    char *copy = a->realloc(a->user, NULL, n + 1);
    if (copy != NULL) {
        memcpy(copy, s, n);
        copy[n] = '\0';
    }
    return copy;
}

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

lpl__span lpl__trim(lpl__span s)
{
    while (s.n > 0 && is_blank(s.s[0])) {
        s.s++;
        s.n--;
    }
    while (s.n > 0 && is_blank(s.s[s.n - 1]))
        s.n--;
    return s;
}

bool lpl__starts(lpl__span s, const char *prefix)
{
    size_t n = strlen(prefix);
    return s.n >= n && memcmp(s.s, prefix, n) == 0;
}

lpl__span lpl__word(lpl__span *s)
{
    *s = lpl__trim(*s);
    size_t n = 0;
    while (n < s->n && !is_blank(s->s[n]))
        n++;
    lpl__span word = {s->s, n};
    s->s += n;
    s->n -= n;
    *s = lpl__trim(*s);
    return word;
}

bool lpl__is(lpl__span s, const char *word)
{
    return s.n == strlen(word) && memcmp(s.s, word, s.n) == 0;
}

bool lpl__number(lpl__span word, bool integer, double max, double *out)
{
    char tmp[64];
    if (word.n == 0 || word.n >= sizeof tmp)
        return false;
    memcpy(tmp, word.s, word.n);
    tmp[word.n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (*end != '\0' || errno != 0 || !isfinite(v) || v < 0 || v > max || (integer && v != floor(v)))
        return false;
    *out = v;
    return true;
}
