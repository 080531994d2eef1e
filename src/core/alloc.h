/* alloc.h - looplab core: the injectable allocator.
**
** Every core structure allocates through an lp_allocator so that tests can
** make the Nth allocation fail (see tests/core/failing_alloc.h). One function
** does all three jobs, like Lua's lua_Alloc:
**   size > 0, ptr NULL  -> malloc
**   size > 0, ptr set   -> realloc
**   size == 0           -> free, returns NULL
*/
#ifndef LP_ALLOC_H
#define LP_ALLOC_H

#include <stddef.h>

typedef struct lp_allocator {
    void *(*realloc)(void *user, void *ptr, size_t size);
    void *user;
} lp_allocator;

/* The C library's allocator; used wherever a desc leaves the allocator zero. */
lp_allocator lp_allocator_default(void);

/* Returns `a` if it has a function, else the default. */
lp_allocator lp_allocator_or_default(const lp_allocator *a);

/* Grows `*items` (each `item_size` bytes) so it holds at least `need` items,
** at least doubling. Returns 0 or LP_E_NOMEM (the old block stays valid). */
int lp_grow(const lp_allocator *a, void **items, size_t *capacity, size_t need,
            size_t item_size);

/* lp_grow for tables indexed by an id: the items it adds are zero bytes. */
int lp_grow_zeroed(const lp_allocator *a, void **items, size_t *capacity, size_t need,
                   size_t item_size);

static inline void lp_free(const lp_allocator *a, void *ptr)
{
    if (ptr)
        a->realloc(a->user, ptr, 0);
}

#endif
