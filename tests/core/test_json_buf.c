/* test_json_buf.c - JSON text in a growing buffer: integers and fixed-point
** decimals as libc's printf writes them, bytes copied whole at every
** length, JSON escapes, and a buffer that cannot grow says so and keeps
** what it had. */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/json_buf.h"
#include "core/status.h"
#include "failing_alloc.h"

/* The buffer's text as a C string (the buffer keeps it). */
static const char *text_of(lp_jbuf *b)
{
    char *p = lp_jbuf_room(b, 1);
    assert_non_null(p);
    *p = 0;
    return b->bytes;
}

/* Numbers to try: edges, powers of ten and their neighbours, and a
** reproducible spread of others. */
static size_t sample_numbers(uint64_t *out, size_t max)
{
    size_t n = 0;
    uint64_t p = 1;
    for (int i = 0; i < 20 && n + 3 <= max; i++, p *= 10) {
        out[n++] = p - 1;
        out[n++] = p;
        out[n++] = p + 1;
    }
    out[n++] = 0;
    out[n++] = UINT64_MAX;
    out[n++] = (uint64_t)INT64_MAX;
    out[n++] = (uint64_t)INT64_MAX + 1;
    uint64_t x = 88172645463325252u; /* xorshift64 */
    while (n < max) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out[n++] = x >> (x % 64); /* every magnitude */
    }
    return n;
}

static void test_json_buf_integers_as_printf(void **state)
{
    (void)state;
    uint64_t v[2000];
    size_t n = sample_numbers(v, 2000);
    char want[32];
    for (size_t i = 0; i < n; i++) {
        lp_jbuf b;
        lp_jbuf_init(&b, lp_allocator_default());
        lp_jbuf_u64(&b, v[i]);
        snprintf(want, sizeof want, "%" PRIu64, v[i]);
        assert_string_equal(text_of(&b), want);
        lp_jbuf_free(&b);
    }
}

/* printf's own digits of v / 10^decimals: whole part, point, fraction. */
static void fixed_by_printf(char *out, size_t size, int64_t v, int decimals)
{
    uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, p = 1;
    for (int i = 0; i < decimals; i++)
        p *= 10;
    snprintf(out, size, "%s%" PRIu64 ".%0*" PRIu64, v < 0 ? "-" : "", mag / p, decimals, mag % p);
}

static void test_json_buf_fixed_as_printf(void **state)
{
    (void)state;
    uint64_t v[600];
    size_t n = sample_numbers(v, 600);
    char want[64], got[LP_JBUF_NUMBER_MAX + 1];
    for (int decimals = 1; decimals <= 18; decimals++) {
        for (size_t i = 0; i < n; i++) {
            for (int sign = 0; sign < 2; sign++) {
                int64_t x = sign ? (int64_t)(0 - v[i]) : (int64_t)v[i]; /* INT64_MIN too */
                fixed_by_printf(want, sizeof want, x, decimals);
                got[lp_jbuf_format_fixed(got, x, decimals)] = 0;
                assert_string_equal(got, want);
                lp_jbuf b;
                lp_jbuf_init(&b, lp_allocator_default());
                lp_jbuf_fixed(&b, x, decimals);
                assert_string_equal(text_of(&b), want);
                lp_jbuf_free(&b);
            }
        }
    }
}

/* Every length of copy (short ones take another path), at every offset. */
static void test_json_buf_bytes_whole_at_every_length(void **state)
{
    (void)state;
    char src[80], want[4096];
    for (int i = 0; i < 80; i++)
        src[i] = (char)('!' + i);
    lp_jbuf b;
    lp_jbuf_init(&b, lp_allocator_default());
    size_t len = 0;
    for (size_t n = 0; n <= 40; n++) {
        for (size_t from = 0; from + n <= 80 && from < 3; from++) {
            lp_jbuf_bytes(&b, src + from, n);
            memcpy(want + len, src + from, n);
            len += n;
        }
    }
    lp_jbuf_lit(&b, "end");
    memcpy(want + len, "end", 3);
    len += 3;
    assert_int_equal(b.len, len);
    assert_memory_equal(b.bytes, want, len);
    assert_int_equal(b.status, LP_OK);
    lp_jbuf_free(&b);
}

static void test_json_buf_escapes(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t len;
        const char *out;
    } cases[] = {
        {"plain text", 10, "plain text"},
        {"\"q\" \\b", 6, "\\\"q\\\" \\\\b"},
        {"\n\r\t\b\f", 5, "\\n\\r\\t\\b\\f"},
        {"\x01\x1f\x7f", 3, "\\u0001\\u001f\\u007f"},
        {"a\0b", 3, "a\\u0000b"},
        {"caf\xc3\xa9 \xf0\x9f\x90\x8d", 10, "caf\xc3\xa9 \xf0\x9f\x90\x8d"}, /* valid UTF-8 kept */
        {"\xff", 1, "\\ufffd"},
        {"\xe2\x82", 2, "\\ufffd"},                   /* a cut sequence: one replacement */
        {"\xed\xa0\x80", 3, "\\ufffd\\ufffd\\ufffd"}, /* a surrogate: each byte */
        {"\xc0\xaf", 2, "\\ufffd\\ufffd"},            /* overlong */
        {"\xf4\x90\x80\x80", 4, "\\ufffd\\ufffd\\ufffd\\ufffd"}, /* past U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lp_jbuf b;
        lp_jbuf_init(&b, lp_allocator_default());
        lp_jbuf_escaped(&b, cases[i].in, cases[i].len);
        assert_string_equal(text_of(&b), cases[i].out);
        lp_jbuf_free(&b);
    }
}

/* When growing fails, status says so from then on, the bytes already there
** stay, and room that would need growing is refused. */
static void test_json_buf_out_of_memory_is_sticky(void **state)
{
    (void)state;
    failing_alloc fa = {1, 0, 0}; /* the first allocation only */
    lp_jbuf b;
    lp_jbuf_init(&b, failing_alloc_make(&fa));
    lp_jbuf_lit(&b, "kept");
    assert_int_equal(b.status, LP_OK);
    size_t cap = b.cap;
    char more[64];
    memset(more, 'x', sizeof more);
    while (b.len + sizeof more <= cap)
        lp_jbuf_bytes(&b, more, sizeof more);
    size_t len = b.len;
    lp_jbuf_bytes(&b, more, sizeof more); /* needs to grow: fails */
    assert_int_equal(b.status, LP_E_NOMEM);
    assert_int_equal(b.len, len);
    lp_jbuf_lit(&b, "x"); /* fits, but the text is incomplete already */
    assert_int_equal(b.status, LP_E_NOMEM);
    assert_null(lp_jbuf_room(&b, cap));
    assert_memory_equal(b.bytes, "kept", 4);
    lp_jbuf_free(&b);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_buf_integers_as_printf),
        cmocka_unit_test(test_json_buf_fixed_as_printf),
        cmocka_unit_test(test_json_buf_bytes_whole_at_every_length),
        cmocka_unit_test(test_json_buf_escapes),
        cmocka_unit_test(test_json_buf_out_of_memory_is_sticky),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
