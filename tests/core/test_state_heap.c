/* test_state_heap.c - the state's timer heap mirror against CPython's.
**
** lp_state replays the loop's timer heap from the trace alone (CALL_AT,
** CANCEL, PURGE, REBUILD, TIMER_DUE). heap_witness.py drives asyncio's real
** BaseEventLoop and heapq on thousands of seeded random sequences and prints
** the records with, after each step, CPython's heap list position by
** position, its cancelled count and the order the timers fire in. This test
** applies the records and compares all three at every step.
*/
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/state.h"
#include "core/status.h"

#ifndef LP_SOURCE_DIR
#error "LP_SOURCE_DIR must be defined by the build"
#endif

static lp_event record(lp_event_kind kind, double time, uint32_t subject, uint64_t arg)
{
    lp_event ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = (uint8_t)kind;
    ev.time = time;
    ev.subject = subject;
    ev.arg.u64 = arg;
    return ev;
}

static lp_event call_at(double time, uint32_t serial, double when)
{
    lp_event ev = record(LP_EV_CALL_AT, time, serial, 0);
    ev.arg.when = when;
    return ev;
}

static void apply(lp_state *s, lp_event ev)
{
    assert_int_equal(lp_state_apply(s, &ev), LP_OK);
}

/* The case of tests/scenarios/timers_equal_deadlines.py: x, y, z at 0.5 and
** main's sleep at 2: heapq fires x, z, y. */
static void test_fire_order_equal_deadlines_x_z_y(void **unused)
{
    (void)unused;
    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    apply(&s, call_at(0, 1, 0.5)); /* x */
    apply(&s, call_at(0, 2, 0.5)); /* y */
    apply(&s, call_at(0, 3, 0.5)); /* z */
    apply(&s, call_at(0, 4, 2.0)); /* main's sleep */
    uint32_t order[8];
    size_t n;
    assert_int_equal(lp_state_timer_order(&s, order, 8, &n), LP_OK);
    assert_int_equal(n, 4);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 3);
    assert_int_equal(order[2], 2);
    assert_int_equal(order[3], 4);
    assert_int_equal(lp_state_next_timer(&s), 1);
    /* a cancelled x is left out, and the order of the rest still follows the heap */
    apply(&s, record(LP_EV_CANCEL, 0, 1, 0));
    assert_int_equal(lp_state_timer_order(&s, order, 8, &n), LP_OK);
    assert_int_equal(n, 3);
    assert_int_equal(order[0], 3);
    assert_int_equal(order[1], 2);
    assert_int_equal(lp_state_next_timer(&s), 3);
    /* the copy the order was read from left the mirror as it was */
    assert_int_equal(s.timer_heap.count, 4);
    assert_int_equal(s.timer_heap.items[0].slot, 1);
    lp_state_free(&s);
}

/* A copy carries the mirror; states differing only in heap positions differ. */
static void test_copy_and_equal_see_positions(void **unused)
{
    (void)unused;
    lp_state a, b, c;
    lp_state_init(&a, lp_allocator_default());
    lp_state_init(&b, lp_allocator_default());
    apply(&a, call_at(0, 1, 1.0));
    apply(&a, call_at(0, 2, 1.0));
    apply(&a, call_at(0, 3, 1.0));
    apply(&b, call_at(0, 1, 1.0));
    apply(&b, call_at(0, 3, 1.0));
    apply(&b, call_at(0, 2, 1.0));
    b.applied = a.applied;
    /* the same timers, in different heap positions */
    assert_false(lp_state_equal(&a, &b));
    assert_int_equal(lp_state_copy(&c, &a), LP_OK);
    assert_true(lp_state_equal(&a, &c));
    assert_int_equal(c.timer_heap.count, 3);
    assert_int_equal(c.timer_heap.items[2].slot, 3);
    lp_state_free(&a);
    lp_state_free(&b);
    lp_state_free(&c);
}

/* A corrupt trace (a NaN deadline; a REBUILD whose count disagrees; a pop
** that is not on top) never hangs the order, and every live timer is in it. */
static void test_corrupt_traces_end(void **unused)
{
    (void)unused;
    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    apply(&s, call_at(0, 1, 1.0));
    apply(&s, call_at(0, 2, NAN));
    apply(&s, call_at(0, 3, 0.5));
    apply(&s, call_at(0, 4, 0.5));
    uint32_t order[8];
    size_t n;
    assert_int_equal(lp_state_timer_order(&s, order, 8, &n), LP_OK);
    assert_int_equal(n, 4);
    apply(&s, record(LP_EV_TIMER_DUE, 0.5, 4, 0)); /* not the top (3 is) */
    assert_int_equal(s.heap_resyncs, 1);
    apply(&s, record(LP_EV_REBUILD, 0.5, 0, 99));
    assert_int_equal(s.heap_resyncs, 2);
    assert_int_equal(lp_state_timer_order(&s, order, 8, &n), LP_OK);
    assert_int_equal(n, 3);
    lp_event bad = record(LP_EV_PURGE, 0.5, 4, 0); /* 4 is in the ready queue now */
    assert_int_equal(lp_state_apply(&s, &bad), LP_E_INVAL);
    lp_state_free(&s);
}

/* ---- the witness ---- */

typedef struct expect_list {
    uint32_t *items;
    size_t    count, cap;
} expect_list;

static void parse_list(const char *p, expect_list *l)
{
    l->count = 0;
    char *end;
    for (;;) {
        unsigned long v = strtoul(p, &end, 10);
        if (end == p)
            break;
        if (l->count == l->cap) {
            l->cap = l->cap ? l->cap * 2 : 64;
            l->items = realloc(l->items, l->cap * sizeof *l->items);
            assert_non_null(l->items);
        }
        l->items[l->count++] = (uint32_t)v;
        p = end;
    }
}

static lp_event_kind kind_of(char c)
{
    switch (c) {
    case 'A': return LP_EV_CALL_AT;
    case 'C': return LP_EV_CANCEL;
    case 'P': return LP_EV_PURGE;
    case 'B': return LP_EV_REBUILD;
    case 'O': return LP_EV_POLL;
    case 'D': return LP_EV_TIMER_DUE;
    case 'I': return LP_EV_ITER;
    case 'R': return LP_EV_RUN;
    case 'S': return LP_EV_SKIP;
    default: fail_msg("witness: unknown record '%c'", c); return LP_EV__COUNT;
    }
}

/* Applies one record line ("K TIME SUBJECT [ARG]"; B and I: "K TIME N"). */
static void apply_line(lp_state *s, const char *line)
{
    char *p;
    double time = strtod(line + 2, &p);
    lp_event_kind kind = kind_of(line[0]);
    lp_event ev = record(kind, time, 0, 0);
    if (kind == LP_EV_REBUILD || kind == LP_EV_ITER)
        ev.arg.u64 = strtoull(p, NULL, 10);
    else if (kind != LP_EV_POLL)
        ev.subject = (uint32_t)strtoul(p, &p, 10);
    if (kind == LP_EV_CALL_AT)
        ev.arg.when = strtod(p, NULL);
    assert_int_equal(lp_state_apply(s, &ev), LP_OK);
}

static void test_mirror_matches_cpython_heapq(void **unused)
{
    (void)unused;
    const char *python = getenv("LP_PYTHON");
    if (!python || !*python)
        python = "/usr/bin/python3.11";
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' -I '%s/tests/core/heap_witness.py' 20261202 2000", python,
             LP_SOURCE_DIR);
    FILE *in = popen(cmd, "r");
    assert_non_null(in);
    static char line[1 << 16];
    lp_state s;
    lp_state_init(&s, lp_allocator_default());
    expect_list want = {0}, got = {0};
    size_t sequences = 0, checks = 0, ties = 0, rebuilds = 0, lines = 0;
    while (fgets(line, sizeof line, in)) {
        lines++;
        switch (line[0]) {
        case 'Q':
            lp_state_free(&s);
            lp_state_init(&s, lp_allocator_default());
            sequences++;
            break;
        case 'H':
            parse_list(line + 1, &want);
            assert_int_equal(s.timer_heap.count, want.count);
            for (size_t i = 0; i < want.count; i++)
                if (s.timer_heap.items[i].slot != want.items[i])
                    fail_msg("line %zu: heap[%zu] is %u, CPython's is %u", lines, i,
                             s.timer_heap.items[i].slot, want.items[i]);
            break;
        case 'X':
            assert_int_equal(s.timer_cancelled, strtoul(line + 1, NULL, 10));
            break;
        case 'E': {
            parse_list(line + 1, &want);
            size_t n;
            if (got.cap < want.count + 1) {
                got.cap = want.count + 1;
                got.items = realloc(got.items, got.cap * sizeof *got.items);
                assert_non_null(got.items);
            }
            assert_int_equal(lp_state_timer_order(&s, got.items, got.cap, &n), LP_OK);
            if (n != want.count)
                fail_msg("line %zu: %zu timers in the order, CPython fires %zu", lines, n,
                         want.count);
            for (size_t i = 0; i < n; i++) {
                if (got.items[i] != want.items[i])
                    fail_msg("line %zu: fire order[%zu] is %u, CPython's is %u", lines, i,
                             got.items[i], want.items[i]);
                /* count the orders that are not simply by serial among equal deadlines */
                if (i > 0 && got.items[i] < got.items[i - 1] &&
                    lp_state_handle_find(&s, got.items[i])->when ==
                        lp_state_handle_find(&s, got.items[i - 1])->when)
                    ties++;
            }
            assert_int_equal(lp_state_next_timer(&s), n ? want.items[0] : 0);
            assert_int_equal(s.heap_resyncs, 0);
            checks++;
            break;
        }
        default:
            rebuilds += line[0] == 'B';
            apply_line(&s, line);
            break;
        }
    }
    assert_int_equal(pclose(in), 0);
    lp_state_free(&s);
    free(want.items);
    free(got.items);
    printf("# %zu sequences, %zu steps checked, %zu rebuilds, %zu tie orders against creation\n",
           sequences, checks, rebuilds, ties);
    assert_true(sequences == 2000);
    assert_true(rebuilds > 10);  /* the witness did exercise every path */
    assert_true(ties > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fire_order_equal_deadlines_x_z_y),
        cmocka_unit_test(test_copy_and_equal_see_positions),
        cmocka_unit_test(test_corrupt_traces_end),
        cmocka_unit_test(test_mirror_matches_cpython_heapq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
