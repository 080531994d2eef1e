/* heap.h - looplab core: the timer heap, exactly as CPython's heapq.
**
** asyncio keeps its timers in a plain list managed by heapq, comparing
** TimerHandles with __lt__, which looks at the deadline only. heapq's sift
** steps are not stable: timers with equal deadlines do not come out in the
** order they were pushed (x, y, z pushed for one instant pop as x, z, y).
** To give the same order as CPython, this heap is heapq's algorithm step for
** step: an array, `siftdown`/`siftup` as in Lib/heapq.py, deadline-only `<`.
** No tie breaker may ever be added here.
*/
#ifndef LP_HEAP_H
#define LP_HEAP_H

#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"

typedef struct lp_heap_entry {
    double   when;  /* the deadline: the only thing compared */
    uint32_t slot;  /* the timer's handle slot, carried along */
} lp_heap_entry;

typedef struct lp_heap {
    lp_heap_entry *items;    /* items[0] is the smallest deadline; owned */
    size_t         count;
    size_t         capacity;
    lp_allocator   alloc;
} lp_heap;

void lp_heap_init(lp_heap *heap, lp_allocator alloc);
void lp_heap_free(lp_heap *heap);

/* heapq.heappush. Returns LP_OK or LP_E_NOMEM (heap unchanged). */
int lp_heap_push(lp_heap *heap, lp_heap_entry entry);

/* heapq.heappop. The heap must not be empty. */
lp_heap_entry lp_heap_pop(lp_heap *heap);

/* heapq.heapify of items[0..count). */
void lp_heap_heapify(lp_heap *heap);

/* Removes items[pos] and restores the heap invariant (the last entry takes
** its place and moves down or up). Not a heapq operation: asyncio never
** does this; the trace reader uses it only when its mirror has gone off. */
lp_heap_entry lp_heap_remove_at(lp_heap *heap, size_t pos);

static inline const lp_heap_entry *lp_heap_top(const lp_heap *heap)
{
    return heap->count ? &heap->items[0] : NULL;
}

#endif
