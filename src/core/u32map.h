/* u32map.h - looplab core: a hash map from nonzero 32-bit keys to 32-bit values.
**
** Open addressing with linear probing and backward-shift deletion (no
** tombstones), kept at most half full. Used to find records by trace serial.
*/
#ifndef LP_U32MAP_H
#define LP_U32MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"

typedef struct lp_u32map_slot {
    uint32_t key;    /* 0 = empty */
    uint32_t value;
} lp_u32map_slot;

typedef struct lp_u32map {
    lp_u32map_slot *slots;   /* owned */
    size_t          capacity;/* a power of two, or 0 */
    size_t          count;
    lp_allocator    alloc;
} lp_u32map;

void lp_u32map_init(lp_u32map *map, lp_allocator alloc);
void lp_u32map_free(lp_u32map *map);

/* Inserts or replaces. key must not be 0. Returns LP_OK or LP_E_NOMEM. */
int lp_u32map_put(lp_u32map *map, uint32_t key, uint32_t value);

/* Looks up key; returns whether it was there. */
bool lp_u32map_get(const lp_u32map *map, uint32_t key, uint32_t *value);

/* Removes key if present; returns whether it was there. */
bool lp_u32map_remove(lp_u32map *map, uint32_t key);

/* Makes dst an independent copy of src (dst is initialised here). */
int lp_u32map_copy(lp_u32map *dst, const lp_u32map *src);

#endif
