/* json_buf.h - looplab core: JSON text built in a growing byte buffer.
**
** The trace exporter (trace_json.c) writes about a hundred bytes of JSON per
** trace record, so the pieces it is made of go straight into one buffer:
** literals (their length known where they are put), unsigned integers,
** fixed-point decimals (nanoseconds as "1.500000000") and the inside of JSON
** strings. Nothing here calls printf. The buffer grows by doubling through
** the allocator it is given; when that fails, the bytes that did not fit are
** dropped and `status` says LP_E_NOMEM from then on (the text is incomplete:
** the caller checks status before using it).
*/
#ifndef LP_JSON_BUF_H
#define LP_JSON_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/alloc.h"

typedef struct lp_jbuf {
    char *bytes; /* bytes[0 .. len); owned */
    size_t len, cap;
    int status; /* LP_OK, or LP_E_NOMEM once growing failed (sticky) */
    lp_allocator alloc;
} lp_jbuf;

/* The longest text of lp_jbuf_u64 and lp_jbuf_fixed. */
#define LP_JBUF_NUMBER_MAX 48

void lp_jbuf_init(lp_jbuf *b, lp_allocator alloc);
void lp_jbuf_free(lp_jbuf *b);

/* Room for n more bytes at bytes + len (len does not move), or NULL (and
** status LP_E_NOMEM) when the buffer cannot grow. */
char *lp__jbuf_room_slow(lp_jbuf *b, size_t n);
static inline char *lp_jbuf_room(lp_jbuf *b, size_t n)
{
    return b->cap - b->len >= n ? b->bytes + b->len : lp__jbuf_room_slow(b, n);
}

/* Copies n bytes, n <= 16, with fixed-size moves (no call for a short
** name or number whose length is only known at run time). */
static inline void lp__jbuf_copy_short(char *d, const char *s, size_t n)
{
    if (n >= 8) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    }
}

/* Appends s[0..n) as it is. */
static inline void lp_jbuf_bytes(lp_jbuf *b, const char *s, size_t n)
{
    char *p = lp_jbuf_room(b, n);
    if (!p)
        return;
    if (n <= 16)
        lp__jbuf_copy_short(p, s, n);
    else
        memcpy(p, s, n);
    b->len += n;
}

/* Appends a string literal (its length is counted at compile time). */
#define lp_jbuf_lit(b, literal) lp_jbuf_bytes((b), "" literal, sizeof(literal) - 1)

/* Appends v in decimal. */
void lp_jbuf_u64(lp_jbuf *b, uint64_t v);

/* Appends v / 10^decimals (decimals 1..18) exactly: 1500, 3 gives "1.500",
** -5, 3 gives "-0.005". */
void lp_jbuf_fixed(lp_jbuf *b, int64_t v, int decimals);

/* The same text into buf (no terminator); returns its length. */
size_t lp_jbuf_format_fixed(char buf[LP_JBUF_NUMBER_MAX], int64_t v, int decimals);

/* Appends any bytes as the inside of a JSON string: quotes, backslashes and
** control characters escaped, each invalid UTF-8 sequence replaced by one
** \ufffd (the "maximal subpart" rule of Python's decode(errors="replace")). */
void lp_jbuf_escaped(lp_jbuf *b, const char *s, size_t n);

#endif
