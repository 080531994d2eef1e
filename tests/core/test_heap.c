/* test_heap.c - the timer heap pops exactly as CPython's heapq does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/heap.h"
#include "program.h"
#include "pyref.h"

static lp_heap_entry entry(double when, uint32_t id)
{
    lp_heap_entry e = {when, id};
    return e;
}

/* The case DESIGN.md names: x, y, z set for one instant, while the main
** task sleeps a little longer (its timer is the fourth entry), fire as
** x, z, y: after x pops, the last entry fills the root and heapq's siftup
** takes the right child when the left is not smaller. */
static void test_heap_three_equal_deadlines_pop_x_z_y(void **state)
{
    (void)state;
    lp_heap h;
    lp_heap_init(&h, lp_allocator_default());
    assert_int_equal(lp_heap_push(&h, entry(0.5, 'x')), 0);
    assert_int_equal(lp_heap_push(&h, entry(0.5, 'y')), 0);
    assert_int_equal(lp_heap_push(&h, entry(0.5, 'z')), 0);
    assert_int_equal(lp_heap_push(&h, entry(1.0, 'm')), 0);
    assert_int_equal(lp_heap_pop(&h).slot, 'x');
    assert_int_equal(lp_heap_pop(&h).slot, 'z');
    assert_int_equal(lp_heap_pop(&h).slot, 'y');
    assert_int_equal(lp_heap_pop(&h).slot, 'm');
    assert_int_equal(h.count, 0);
    lp_heap_free(&h);
}

/* lp_heap_remove_at (the state's fallback) keeps the invariant. */
static void test_heap_remove_at_keeps_the_invariant(void **state)
{
    (void)state;
    lp_heap h;
    lp_heap_init(&h, lp_allocator_default());
    uint32_t st = 777;
    for (uint32_t i = 0; i < 3000; i++) {
        st = st * 1103515245u + 12345u;
        assert_int_equal(lp_heap_push(&h, entry((double)(st >> 8 & 255), i)), 0);
        if (i % 3 == 2) {
            st = st * 1103515245u + 12345u;
            size_t pos = (st >> 4) % h.count;
            lp_heap_entry want = h.items[pos];
            lp_heap_entry got = lp_heap_remove_at(&h, pos);
            assert_int_equal(got.slot, want.slot);
        }
        for (size_t k = 1; k < h.count; k++)
            assert_false(h.items[k].when < h.items[(k - 1) / 2].when);
    }
    assert_int_equal(h.count, 2000);
    lp_heap_free(&h);
}

static void test_heap_pops_in_deadline_order(void **state)
{
    (void)state;
    lp_heap h;
    lp_heap_init(&h, lp_allocator_default());
    uint32_t st = 12345;
    for (uint32_t i = 0; i < 5000; i++) {
        st = st * 1103515245u + 12345u;
        assert_int_equal(lp_heap_push(&h, entry((double)(st >> 8 & 1023), i)), 0);
    }
    double last = -1.0;
    while (h.count) {
        lp_heap_entry e = lp_heap_pop(&h);
        assert_true(e.when >= last);
        last = e.when;
    }
    lp_heap_free(&h);
}

/* Runs one random sequence of push/pop/append+heapify on lp_heap and on
** Python's heapq and compares every pop, ties included. */
static void compare_with_heapq(uint32_t seed, size_t ops)
{
    char *prog = NULL, *ours = NULL;
    size_t plen = 0, pcap = 0, olen = 0, ocap = 0;
    lp_heap h;
    lp_heap_init(&h, lp_allocator_default());
    uint32_t st = seed, next_id = 1;
    for (size_t i = 0; i < ops; i++) {
        st ^= st << 13;
        st ^= st >> 17;
        st ^= st << 5;
        uint32_t roll = st % 100;
        double when = (double)(st >> 7 & 7) * 0.25; /* 8 values: many ties */
        if (roll < 50) {
            text_append(&prog, &plen, &pcap, "heap push %.17g %u\n", when, next_id);
            assert_int_equal(lp_heap_push(&h, entry(when, next_id++)), 0);
        } else if (roll < 60) {
            /* list.append without sifting, healed by the heapify below */
            text_append(&prog, &plen, &pcap, "heap append %.17g %u\n", when, next_id);
            assert_int_equal(lp_grow(&h.alloc, (void **)&h.items, &h.capacity, h.count + 1,
                                     sizeof(lp_heap_entry)),
                             0);
            h.items[h.count++] = entry(when, next_id++);
            if (st % 3 == 0) {
                text_append(&prog, &plen, &pcap, "heap heapify\n");
                lp_heap_heapify(&h);
            }
        } else if (roll < 62) {
            text_append(&prog, &plen, &pcap, "heap heapify\n");
            lp_heap_heapify(&h);
        } else if (h.count) {
            text_append(&prog, &plen, &pcap, "heap pop\n");
            lp_heap_entry e = lp_heap_pop(&h);
            text_append(&ours, &olen, &ocap, "pop %u %.17g\n", e.slot, e.when);
        }
    }
    text_append(&prog, &plen, &pcap, "heap heapify\n");
    lp_heap_heapify(&h);
    while (h.count) {
        text_append(&prog, &plen, &pcap, "heap pop\n");
        lp_heap_entry e = lp_heap_pop(&h);
        text_append(&ours, &olen, &ocap, "pop %u %.17g\n", e.slot, e.when);
    }
    char *theirs = pyref_run(prog);
    assert_non_null(theirs);
    assert_string_equal(ours, theirs);
    free(theirs);
    free(ours);
    free(prog);
    lp_heap_free(&h);
}

static void test_heap_equal_deadlines_pop_like_heapq(void **state)
{
    (void)state;
    for (uint32_t seed = 1; seed <= 20; seed++)
        compare_with_heapq(seed * 2654435761u, 400);
}

static void test_heap_large_random_sequence_matches_heapq(void **state)
{
    (void)state;
    compare_with_heapq(777, 20000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_three_equal_deadlines_pop_x_z_y),
        cmocka_unit_test(test_heap_pops_in_deadline_order),
        cmocka_unit_test(test_heap_remove_at_keeps_the_invariant),
        cmocka_unit_test(test_heap_equal_deadlines_pop_like_heapq),
        cmocka_unit_test(test_heap_large_random_sequence_matches_heapq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
