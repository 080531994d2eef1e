/* alloc.c - looplab core: default allocator and array growth. */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"

static void *libc_realloc(void *user, void *ptr, size_t size)
{
    (void)user;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

lp_allocator lp_allocator_default(void)
{
    lp_allocator a = {libc_realloc, NULL};
    return a;
}

lp_allocator lp_allocator_or_default(const lp_allocator *a)
{
    if (a && a->realloc)
        return *a;
    return lp_allocator_default();
}

int lp_grow(const lp_allocator *a, void **items, size_t *capacity, size_t need,
            size_t item_size)
{
    if (need <= *capacity)
        return LP_OK;
    size_t cap = *capacity ? *capacity : 16;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return LP_E_NOMEM;
        cap *= 2;
    }
    if (cap > SIZE_MAX / item_size)
        return LP_E_NOMEM;
    void *p = a->realloc(a->user, *items, cap * item_size);
    if (!p)
        return LP_E_NOMEM;
    *items = p;
    *capacity = cap;
    return LP_OK;
}

int lp_grow_zeroed(const lp_allocator *a, void **items, size_t *capacity, size_t need,
                   size_t item_size)
{
    size_t old = *capacity;
    if (lp_grow(a, items, capacity, need, item_size) != LP_OK)
        return LP_E_NOMEM;
    if (*capacity > old)
        memset((char *)*items + old * item_size, 0, (*capacity - old) * item_size);
    return LP_OK;
}
