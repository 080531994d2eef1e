/* test_trace_file.c - the raw trace file loaded both ways: a regular file is
** mapped (records in the file's pages, more than one chunk of them), any
** other stream is read; both give back every record and string saved, and
** both refuse every truncation and a count larger than the file. */
#define _POSIX_C_SOURCE 200809L /* fmemopen */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/status.h"
#include "core/trace_file.h"

/* More than one chunk, with a partial last one, and a few strings. */
#define RECORDS (LP_TRACE_CHUNK_EVENTS + 123)

static void fill(lp_trace *tr)
{
    for (size_t i = 0; i < RECORDS; i++) {
        lp_event e = {(double)i * 0.001, (uint32_t)(i * 7), (uint8_t)(i % LP_EV__COUNT),
                      (uint8_t)(i % 3), (uint16_t)i, {.u64 = i * 0x10001u}};
        assert_int_equal(lp_trace_append(tr, &e), LP_OK);
    }
    uint32_t id;
    assert_int_equal(lp_trace_intern(tr, "main()", 6, &id), LP_OK);
    assert_int_equal(lp_trace_intern(tr, "", 0, &id), LP_OK);
    char big[1000];
    memset(big, 'x', sizeof big);
    assert_int_equal(lp_trace_intern(tr, big, sizeof big, &id), LP_OK);
}

static void assert_same(const lp_trace *a, const lp_trace *b)
{
    assert_int_equal(lp_trace_count(a), lp_trace_count(b));
    for (size_t i = 0; i < lp_trace_count(a); i++)
        assert_memory_equal(lp_trace_at(a, i), lp_trace_at(b, i), sizeof(lp_event));
    assert_int_equal(a->strings.count, b->strings.count);
    for (uint32_t id = 1; id < a->strings.count; id++) {
        size_t la, lb;
        const char *sa = lp_strtab_get(&a->strings, id, &la);
        const char *sb = lp_strtab_get(&b->strings, id, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(sa, sb, la);
    }
}

/* The saved bytes of a filled trace; *size set. */
static char *saved(lp_trace *tr, long *size)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(lp_trace_save(tr, f), LP_OK);
    *size = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)*size);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
    return buf;
}

/* Loads bytes from a regular file (mapped) or from memory (fmemopen has no
** descriptor: read). */
static int load(lp_trace *back, const char *bytes, size_t n, int mapped)
{
    FILE *f = mapped ? tmpfile() : fmemopen((void *)bytes, n ? n : 1, "rb");
    assert_non_null(f);
    if (mapped) {
        assert_int_equal(fwrite(bytes, 1, n, f), n);
        rewind(f);
    } else if (n == 0) {
        fgetc(f); /* an empty stream */
    }
    lp_trace_init(back, lp_allocator_default());
    int rc = lp_trace_load(back, f);
    fclose(f); /* a mapping outlives its stream */
    if (mapped && rc == LP_OK)
        assert_non_null(back->map);
    if (!mapped)
        assert_null(back->map);
    return rc;
}

static void round_trip(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    long size;
    char *bytes = saved(&tr, &size);
    for (int mapped = 0; mapped < 2; mapped++) {
        lp_trace back;
        assert_int_equal(load(&back, bytes, (size_t)size, mapped), LP_OK);
        assert_same(&tr, &back);
        lp_event more = {1, 1, LP_EV_RUN, 0, 0, {.u64 = 0}};
        /* a mapped trace is read-only: refused, not written into the file's pages */
        assert_int_equal(lp_trace_append(&back, &more), mapped ? LP_E_INVAL : LP_OK);
        lp_trace_free(&back);
    }
    free(bytes);
    lp_trace_free(&tr);
}

static void damaged(void **state)
{
    (void)state;
    lp_trace tr;
    lp_trace_init(&tr, lp_allocator_default());
    fill(&tr);
    long size;
    char *bytes = saved(&tr, &size);
    for (int mapped = 0; mapped < 2; mapped++) {
        lp_trace back;
        /* every truncation: cuts in the header, the records, the strings */
        for (long cut = 0; cut < size; cut += cut < 64 ? 1 : 4099) {
            assert_int_equal(load(&back, bytes, (size_t)cut, mapped), LP_E_INVAL);
            lp_trace_free(&back);
        }
        assert_int_equal(load(&back, bytes, (size_t)size - 1, mapped), LP_E_INVAL);
        lp_trace_free(&back);
        /* a record count past the file's end, and one near 2^64 */
        uint64_t counts[][2] = {{RECORDS + 1, 4}, {UINT64_MAX / 24 + 2, 4}, {RECORDS, 0}};
        for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
            char *bad = malloc((size_t)size);
            memcpy(bad, bytes, (size_t)size);
            memcpy(bad + 8, counts[k], sizeof counts[k]);
            assert_int_equal(load(&back, bad, (size_t)size, mapped), LP_E_INVAL);
            lp_trace_free(&back);
            free(bad);
        }
        /* a string longer than what is left of the file */
        char *bad = malloc((size_t)size);
        memcpy(bad, bytes, (size_t)size);
        uint32_t huge = 1u << 20; /* more than the strings left */
        memcpy(bad + 24 + RECORDS * sizeof(lp_event), &huge, sizeof huge);
        assert_int_equal(load(&back, bad, (size_t)size, mapped), LP_E_INVAL);
        lp_trace_free(&back);
        /* not a trace */
        memcpy(bad, "LPTRACE0", 8);
        assert_int_equal(load(&back, bad, (size_t)size, mapped), LP_E_INVAL);
        lp_trace_free(&back);
        free(bad);
    }
    free(bytes);
    lp_trace_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip),
        cmocka_unit_test(damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
