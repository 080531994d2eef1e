/* heap.c - looplab core: heapq's binary heap over timer deadlines.
**
** Transcribed from the algorithm of Lib/heapq.py (and Modules/_heapqmodule.c,
** which does the same steps): the names siftdown/siftup keep heapq's meaning,
** which is the opposite of most textbooks. Only `<` on deadlines is used.
*/
#include "core/heap.h"

#include "core/assert.h"
#include "core/status.h"

void lp_heap_init(lp_heap *heap, lp_allocator alloc)
{
    heap->items = NULL;
    heap->count = 0;
    heap->capacity = 0;
    heap->alloc = alloc;
}

void lp_heap_free(lp_heap *heap)
{
    lp_free(&heap->alloc, heap->items);
    lp_heap_init(heap, heap->alloc);
}

/* heapq._siftdown: the item at `pos` moves toward the root (never above
** `startpos`) while it is smaller than its parent. */
static void siftdown(lp_heap_entry *items, size_t startpos, size_t pos)
{
    lp_heap_entry newitem = items[pos];
    while (pos > startpos) {
        size_t parentpos = (pos - 1) >> 1;
        lp_heap_entry parent = items[parentpos];
        if (newitem.when < parent.when) {
            items[pos] = parent;
            pos = parentpos;
            continue;
        }
        break;
    }
    items[pos] = newitem;
}

/* heapq._siftup: the hole at `pos` sinks to a leaf along the smaller child
** (the right one when the left is not smaller), then the item that was at
** `pos` is sifted back up from that leaf. */
static void siftup(lp_heap_entry *items, size_t endpos, size_t pos)
{
    size_t startpos = pos;
    lp_heap_entry newitem = items[pos];
    size_t childpos = 2 * pos + 1;
    while (childpos < endpos) {
        size_t rightpos = childpos + 1;
        if (rightpos < endpos && !(items[childpos].when < items[rightpos].when))
            childpos = rightpos;
        items[pos] = items[childpos];
        pos = childpos;
        childpos = 2 * pos + 1;
    }
    items[pos] = newitem;
    siftdown(items, startpos, pos);
}

int lp_heap_push(lp_heap *heap, lp_heap_entry entry)
{
    int rc = lp_grow(&heap->alloc, (void **)&heap->items, &heap->capacity, heap->count + 1,
                     sizeof(lp_heap_entry));
    if (rc != LP_OK)
        return rc;
    heap->items[heap->count] = entry;
    siftdown(heap->items, 0, heap->count);
    heap->count++;
    return LP_OK;
}

lp_heap_entry lp_heap_pop(lp_heap *heap)
{
    LP_ASSERT(heap->count > 0);
    lp_heap_entry last = heap->items[--heap->count];
    if (heap->count == 0)
        return last;
    lp_heap_entry top = heap->items[0];
    heap->items[0] = last;
    siftup(heap->items, heap->count, 0);
    return top;
}

void lp_heap_heapify(lp_heap *heap)
{
    for (size_t i = heap->count / 2; i-- > 0;)
        siftup(heap->items, heap->count, i);
}

lp_heap_entry lp_heap_remove_at(lp_heap *heap, size_t pos)
{
    LP_ASSERT(pos < heap->count);
    lp_heap_entry removed = heap->items[pos];
    lp_heap_entry last = heap->items[--heap->count];
    if (pos == heap->count)
        return removed;
    heap->items[pos] = last;
    /* the moved entry goes down (siftup to a leaf and back) or up (siftdown) */
    siftup(heap->items, heap->count, pos);
    siftdown(heap->items, 0, pos);
    return removed;
}
