/* test_ring.c - the ready queue's ring buffer is a FIFO that grows in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/ring.h"
#include "core/status.h"
#include "failing_alloc.h"

static void test_ring_is_fifo_across_wraparound_and_growth(void **state)
{
    (void)state;
    lp_ring r;
    lp_ring_init(&r, lp_allocator_default());
    uint32_t next_in = 0, next_out = 0;
    /* interleave pushes and pops so the head wraps before each growth */
    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 50 + round; i++)
            assert_int_equal(lp_ring_push(&r, next_in++), LP_OK);
        for (int i = 0; i < 40; i++)
            assert_int_equal(lp_ring_pop(&r), next_out++);
        assert_int_equal(lp_ring_count(&r), next_in - next_out);
        for (size_t i = 0; i < lp_ring_count(&r); i++)
            assert_int_equal(lp_ring_at(&r, i), next_out + i);
    }
    while (lp_ring_count(&r))
        assert_int_equal(lp_ring_pop(&r), next_out++);
    assert_int_equal(next_out, next_in);
    lp_ring_free(&r);
}

static void test_ring_reserve_makes_pushes_infallible(void **state)
{
    (void)state;
    failing_alloc fa = {1, 0, 0};
    lp_ring r;
    lp_ring_init(&r, failing_alloc_make(&fa));
    assert_int_equal(lp_ring_reserve(&r, 1024), LP_OK); /* the one allocation allowed */
    for (uint32_t i = 0; i < 1024; i++)
        assert_int_equal(lp_ring_push(&r, i), LP_OK);
    assert_int_equal(lp_ring_push(&r, 1024), LP_E_NOMEM); /* full, allocator refuses */
    assert_int_equal(lp_ring_count(&r), 1024);
    assert_int_equal(lp_ring_pop(&r), 0);
    lp_ring_free(&r);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ring_is_fifo_across_wraparound_and_growth),
        cmocka_unit_test(test_ring_reserve_makes_pushes_infallible),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
