/* ids.h - looplab core: generational ids that cross module seams.
**
** An lp_id names an entry in a slot table: the low 32 bits are the slot, the
** high 32 bits its generation. A slot's generation changes every time the slot
** is freed, so an id kept after its entry is gone is detected as stale instead
** of silently naming a newer entry. Generations start at 1: the id 0 is never
** valid and means "none".
*/
#ifndef LP_IDS_H
#define LP_IDS_H

#include <stdint.h>

typedef uint64_t lp_id;

#define LP_ID_NONE ((lp_id)0)

static inline lp_id lp_id_make(uint32_t slot, uint32_t generation)
{
    return ((lp_id)generation << 32) | slot;
}

static inline uint32_t lp_id_slot(lp_id id) { return (uint32_t)(id & 0xffffffffu); }

static inline uint32_t lp_id_generation(lp_id id) { return (uint32_t)(id >> 32); }

#endif
