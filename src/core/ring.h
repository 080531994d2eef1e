/* ring.h - looplab core: a growable FIFO ring buffer of 32-bit values.
**
** The ready queue is one of these (it holds handle slots). Push and pop are
** O(1); the buffer doubles when full, unwrapping the contents in order.
*/
#ifndef LP_RING_H
#define LP_RING_H

#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"

typedef struct lp_ring {
    uint32_t *items;     /* capacity slots, owned */
    size_t    capacity;  /* a power of two, or 0 before the first push */
    size_t    head;      /* index of the oldest item */
    size_t    count;     /* items stored */
    lp_allocator alloc;
} lp_ring;

void lp_ring_init(lp_ring *ring, lp_allocator alloc);
void lp_ring_free(lp_ring *ring);

/* Makes room for `capacity` values, so pushes up to that count cannot fail. */
int lp_ring_reserve(lp_ring *ring, size_t capacity);

/* Appends at the tail. Returns LP_OK or LP_E_NOMEM (the ring is unchanged). */
int lp_ring_push(lp_ring *ring, uint32_t value);

/* Removes and returns the oldest value. The ring must not be empty. */
uint32_t lp_ring_pop(lp_ring *ring);

/* The i-th oldest value (0 = next to pop), i < count. */
uint32_t lp_ring_at(const lp_ring *ring, size_t i);

static inline size_t lp_ring_count(const lp_ring *ring) { return ring->count; }

#endif
