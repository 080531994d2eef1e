/* json_buf.c - looplab core: JSON text built in a growing byte buffer. */
#include "core/json_buf.h"

#include <stdbool.h>

#include "core/status.h"

void lp_jbuf_init(lp_jbuf *b, lp_allocator alloc)
{
    memset(b, 0, sizeof *b);
    b->alloc = lp_allocator_or_default(&alloc);
    b->status = LP_OK;
}

void lp_jbuf_free(lp_jbuf *b)
{
    lp_free(&b->alloc, b->bytes);
    b->bytes = NULL;
    b->len = b->cap = 0;
}

char *lp__jbuf_room_slow(lp_jbuf *b, size_t n)
{
    if (b->status != LP_OK)
        return NULL;
    if (n > SIZE_MAX - b->len ||
        lp_grow(&b->alloc, (void **)&b->bytes, &b->cap, b->len + n, 1) != LP_OK) {
        b->status = LP_E_NOMEM;
        return NULL;
    }
    return b->bytes + b->len;
}

/* "00" "01" .. "99": two digits per division. */
static const char PAIRS[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                            "34353637383940414243444546474849505152535455565758596061626364656667"
                            "6869707172737475767778798081828384858687888990919293949596979899";

/* The decimal digits of v, written backwards so that they end at `end`;
** returns where they start. */
static char *digits_before(char *end, uint64_t v)
{
    while (v >= 100) {
        unsigned pair = (unsigned)(v % 100);
        v /= 100;
        end -= 2;
        memcpy(end, PAIRS + 2 * pair, 2);
    }
    if (v >= 10) {
        end -= 2;
        memcpy(end, PAIRS + 2 * v, 2);
    } else {
        *--end = (char)('0' + v);
    }
    return end;
}

/* Exactly `count` digits of v (v < 10^count), zeros first, ending at `end`. */
static void digits_padded(char *end, uint64_t v, int count)
{
    for (; count >= 2; count -= 2) {
        unsigned pair = (unsigned)(v % 100);
        v /= 100;
        end -= 2;
        memcpy(end, PAIRS + 2 * pair, 2);
    }
    if (count)
        end[-1] = (char)('0' + v % 10);
}

static const uint64_t POW10[20] = {1u,
                                   10u,
                                   100u,
                                   1000u,
                                   10000u,
                                   100000u,
                                   1000000u,
                                   10000000u,
                                   100000000u,
                                   1000000000u,
                                   10000000000u,
                                   100000000000u,
                                   1000000000000u,
                                   10000000000000u,
                                   100000000000000u,
                                   1000000000000000u,
                                   10000000000000000u,
                                   100000000000000000u,
                                   1000000000000000000u,
                                   10000000000000000000u};

/* How many decimal digits v has. */
static size_t digit_count(uint64_t v)
{
    size_t n = 1;
    while (n < 20 && v >= POW10[n])
        n++;
    return n;
}

/* v in decimal at p (room for 20 bytes); returns its length. */
static size_t format_u64(char *p, uint64_t v)
{
    size_t n = digit_count(v);
    digits_before(p + n, v);
    return n;
}

void lp_jbuf_u64(lp_jbuf *b, uint64_t v)
{
    char *p = lp_jbuf_room(b, 20);
    if (p)
        b->len += format_u64(p, v);
}

size_t lp_jbuf_format_fixed(char buf[LP_JBUF_NUMBER_MAX], int64_t v, int decimals)
{
    if (decimals < 1)
        decimals = 1;
    if (decimals > 18)
        decimals = 18;
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    uint64_t whole, frac;
    switch (decimals) { /* the usual ones divide by a constant: no division instruction */
    case 3:
        whole = mag / 1000u;
        frac = mag % 1000u;
        break;
    case 9:
        whole = mag / 1000000000u;
        frac = mag % 1000000000u;
        break;
    default:
        whole = mag / POW10[decimals];
        frac = mag % POW10[decimals];
    }
    size_t len = 0;
    if (v < 0)
        buf[len++] = '-';
    len += format_u64(buf + len, whole);
    buf[len++] = '.';
    len += (size_t)decimals;
    digits_padded(buf + len, frac, decimals);
    return len;
}

void lp_jbuf_fixed(lp_jbuf *b, int64_t v, int decimals)
{
    char *p = lp_jbuf_room(b, LP_JBUF_NUMBER_MAX);
    if (p)
        b->len += lp_jbuf_format_fixed(p, v, decimals);
}

/* How many bytes at s[0..n) form one UTF-8 sequence (*valid) or, if they do
** not, the longest start of one (at least 1 byte), which becomes one U+FFFD. */
static size_t utf8_scan(const unsigned char *s, size_t n, bool *valid)
{
    unsigned char c = s[0];
    unsigned char lo = 0x80, hi = 0xBF;
    size_t need;
    *valid = false;
    if (c < 0x80) {
        *valid = true;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else {
        return 1;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi)
            return i;
        lo = 0x80;
        hi = 0xBF;
    }
    *valid = true;
    return need + 1;
}

/* The escape of an ASCII character that JSON does not take as it is. */
static void put_escape(lp_jbuf *b, unsigned char c)
{
    static const char hex[] = "0123456789abcdef";
    switch (c) {
    case '"':
        lp_jbuf_lit(b, "\\\"");
        break;
    case '\\':
        lp_jbuf_lit(b, "\\\\");
        break;
    case '\n':
        lp_jbuf_lit(b, "\\n");
        break;
    case '\r':
        lp_jbuf_lit(b, "\\r");
        break;
    case '\t':
        lp_jbuf_lit(b, "\\t");
        break;
    case '\b':
        lp_jbuf_lit(b, "\\b");
        break;
    case '\f':
        lp_jbuf_lit(b, "\\f");
        break;
    default: { /* other control characters and DEL: \u00XX */
        char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        lp_jbuf_bytes(b, esc, sizeof esc);
    }
    }
}

void lp_jbuf_escaped(lp_jbuf *b, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t run = i; /* copy plain bytes in runs */
        bool valid = true;
        size_t len = 0;
        while (run < n) {
            unsigned char c = p[run];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                run++; /* plain ASCII, the common case */
                continue;
            }
            if (c == '"' || c == '\\' || c < 0x20 || c == 0x7F)
                break;
            len = utf8_scan(p + run, n - run, &valid);
            if (!valid)
                break;
            run += len;
        }
        lp_jbuf_bytes(b, s + i, run - i);
        i = run;
        if (i >= n)
            break;
        if (!valid) {
            lp_jbuf_lit(b, "\\ufffd");
            i += len;
            continue;
        }
        put_escape(b, p[i]);
        i++;
    }
}
