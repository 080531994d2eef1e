/* failing_alloc.c - tests: counting allocator that fails after N calls. */
#include "failing_alloc.h"

#include <stdlib.h>

static void *failing_realloc(void *user, void *ptr, size_t size)
{
    failing_alloc *fa = user;
    if (size == 0) {
        if (ptr)
            fa->live--;
        free(ptr);
        return NULL;
    }
    if (fa->fail_after >= 0 && (long)fa->calls >= fa->fail_after)
        return NULL;
    fa->calls++;
    void *p = realloc(ptr, size);
    if (p && !ptr)
        fa->live++;
    return p;
}

lp_allocator failing_alloc_make(failing_alloc *fa)
{
    lp_allocator a = {failing_realloc, fa};
    return a;
}
