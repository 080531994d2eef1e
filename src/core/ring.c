/* ring.c - looplab core: growable FIFO ring buffer. */
#include "core/ring.h"

#include "core/assert.h"
#include "core/status.h"

void lp_ring_init(lp_ring *ring, lp_allocator alloc)
{
    ring->items = NULL;
    ring->capacity = 0;
    ring->head = 0;
    ring->count = 0;
    ring->alloc = alloc;
}

void lp_ring_free(lp_ring *ring)
{
    lp_free(&ring->alloc, ring->items);
    lp_ring_init(ring, ring->alloc);
}

/* Grows the buffer to `cap` (a power of two) and lays the items out from
** index 0, oldest first. */
static int grow_to(lp_ring *ring, size_t cap)
{
    if (cap > SIZE_MAX / sizeof(uint32_t))
        return LP_E_NOMEM;
    uint32_t *items = ring->alloc.realloc(ring->alloc.user, NULL, cap * sizeof(uint32_t));
    if (!items)
        return LP_E_NOMEM;
    for (size_t i = 0; i < ring->count; i++)
        items[i] = lp_ring_at(ring, i);
    lp_free(&ring->alloc, ring->items);
    ring->items = items;
    ring->capacity = cap;
    ring->head = 0;
    return LP_OK;
}

int lp_ring_reserve(lp_ring *ring, size_t capacity)
{
    if (capacity <= ring->capacity)
        return LP_OK;
    size_t cap = ring->capacity ? ring->capacity : 64;
    while (cap < capacity) {
        if (cap > SIZE_MAX / 2)
            return LP_E_NOMEM;
        cap *= 2;
    }
    return grow_to(ring, cap);
}

int lp_ring_push(lp_ring *ring, uint32_t value)
{
    if (ring->count == ring->capacity) {
        int rc = grow_to(ring, ring->capacity ? ring->capacity * 2 : 64);
        if (rc != LP_OK)
            return rc;
    }
    ring->items[(ring->head + ring->count) & (ring->capacity - 1)] = value;
    ring->count++;
    return LP_OK;
}

uint32_t lp_ring_pop(lp_ring *ring)
{
    LP_ASSERT(ring->count > 0);
    uint32_t value = ring->items[ring->head];
    ring->head = (ring->head + 1) & (ring->capacity - 1);
    ring->count--;
    return value;
}

uint32_t lp_ring_at(const lp_ring *ring, size_t i)
{
    LP_ASSERT(i < ring->count);
    return ring->items[(ring->head + i) & (ring->capacity - 1)];
}
