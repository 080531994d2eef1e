/* failing_alloc.h - tests: an allocator that fails on demand (as Lua's
** ltests.c does), to check that every core call survives running out of memory. */
#ifndef LP_TEST_FAILING_ALLOC_H
#define LP_TEST_FAILING_ALLOC_H

#include <stddef.h>

#include "core/alloc.h"

typedef struct failing_alloc {
    long   fail_after;  /* allocations that succeed before failures start; <0: never fail */
    size_t calls;       /* malloc/realloc calls seen */
    size_t live;        /* blocks currently allocated */
} failing_alloc;

lp_allocator failing_alloc_make(failing_alloc *fa);

#endif
