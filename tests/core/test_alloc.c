/* test_alloc.c - lp_grow_zeroed: tables indexed by an id grow with zeroed items. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/alloc.h"
#include "core/status.h"
#include "failing_alloc.h"

static void test_grow_zeroed_keeps_old_items_and_zeroes_new_ones(void **state)
{
    (void)state;
    lp_allocator a = lp_allocator_default();
    uint32_t *items = NULL;
    size_t cap = 0;
    assert_int_equal(lp_grow_zeroed(&a, (void **)&items, &cap, 5, sizeof *items), LP_OK);
    assert_true(cap >= 5);
    for (size_t i = 0; i < cap; i++)
        assert_int_equal(items[i], 0);
    for (size_t i = 0; i < cap; i++)
        items[i] = 0xA5A5A5A5u;
    size_t old = cap;
    assert_int_equal(lp_grow_zeroed(&a, (void **)&items, &cap, old + 1, sizeof *items), LP_OK);
    assert_true(cap > old);
    for (size_t i = 0; i < old; i++)
        assert_int_equal(items[i], 0xA5A5A5A5u);
    for (size_t i = old; i < cap; i++)
        assert_int_equal(items[i], 0);
    /* room enough: nothing moves, nothing is cleared */
    uint32_t *before = items;
    items[cap - 1] = 7;
    assert_int_equal(lp_grow_zeroed(&a, (void **)&items, &cap, cap, sizeof *items), LP_OK);
    assert_ptr_equal(items, before);
    assert_int_equal(items[cap - 1], 7);
    lp_free(&a, items);
}

static void test_grow_zeroed_out_of_memory_keeps_the_block(void **state)
{
    (void)state;
    failing_alloc fa = {.fail_after = 1};
    lp_allocator a = failing_alloc_make(&fa);
    uint32_t *items = NULL;
    size_t cap = 0;
    assert_int_equal(lp_grow_zeroed(&a, (void **)&items, &cap, 3, sizeof *items), LP_OK);
    size_t old = cap;
    items[0] = 42;
    assert_int_equal(lp_grow_zeroed(&a, (void **)&items, &cap, old + 1, sizeof *items), LP_E_NOMEM);
    assert_int_equal(cap, old);
    assert_int_equal(items[0], 42);
    lp_free(&a, items);
    assert_int_equal(fa.live, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_zeroed_keeps_old_items_and_zeroes_new_ones),
        cmocka_unit_test(test_grow_zeroed_out_of_memory_keeps_the_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
