/* u32map.c - looplab core: linear-probing hash map of u32 keys. */
#include "core/u32map.h"

#include <string.h>

#include "core/status.h"

static size_t home(uint32_t key, size_t capacity)
{
    return (size_t)((key * 2654435761u) & (uint32_t)(capacity - 1));
}

void lp_u32map_init(lp_u32map *map, lp_allocator alloc)
{
    map->slots = NULL;
    map->capacity = 0;
    map->count = 0;
    map->alloc = alloc;
}

void lp_u32map_free(lp_u32map *map)
{
    lp_free(&map->alloc, map->slots);
    lp_u32map_init(map, map->alloc);
}

static void place(lp_u32map_slot *slots, size_t capacity, uint32_t key, uint32_t value)
{
    size_t i = home(key, capacity);
    while (slots[i].key && slots[i].key != key)
        i = (i + 1) & (capacity - 1);
    slots[i].key = key;
    slots[i].value = value;
}

static int resize(lp_u32map *map, size_t capacity)
{
    lp_u32map_slot *slots =
        map->alloc.realloc(map->alloc.user, NULL, capacity * sizeof(lp_u32map_slot));
    if (!slots)
        return LP_E_NOMEM;
    memset(slots, 0, capacity * sizeof(lp_u32map_slot));
    for (size_t i = 0; i < map->capacity; i++)
        if (map->slots[i].key)
            place(slots, capacity, map->slots[i].key, map->slots[i].value);
    lp_free(&map->alloc, map->slots);
    map->slots = slots;
    map->capacity = capacity;
    return LP_OK;
}

int lp_u32map_put(lp_u32map *map, uint32_t key, uint32_t value)
{
    if (key == 0)
        return LP_E_INVAL;
    if ((map->count + 1) * 2 > map->capacity) {
        int rc = resize(map, map->capacity ? map->capacity * 2 : 16);
        if (rc != LP_OK)
            return rc;
    }
    size_t i = home(key, map->capacity);
    while (map->slots[i].key && map->slots[i].key != key)
        i = (i + 1) & (map->capacity - 1);
    if (!map->slots[i].key)
        map->count++;
    map->slots[i].key = key;
    map->slots[i].value = value;
    return LP_OK;
}

static bool find(const lp_u32map *map, uint32_t key, size_t *at)
{
    if (!map->capacity || key == 0)
        return false;
    for (size_t i = home(key, map->capacity); map->slots[i].key; i = (i + 1) & (map->capacity - 1)) {
        if (map->slots[i].key == key) {
            *at = i;
            return true;
        }
    }
    return false;
}

bool lp_u32map_get(const lp_u32map *map, uint32_t key, uint32_t *value)
{
    size_t i;
    if (!find(map, key, &i))
        return false;
    if (value)
        *value = map->slots[i].value;
    return true;
}

bool lp_u32map_remove(lp_u32map *map, uint32_t key)
{
    size_t hole;
    if (!find(map, key, &hole))
        return false;
    size_t mask = map->capacity - 1;
    /* Backward shift: pull later entries of the same probe run into the hole,
    ** unless their home lies cyclically in (hole, j]. */
    for (size_t j = (hole + 1) & mask; map->slots[j].key; j = (j + 1) & mask) {
        size_t h = home(map->slots[j].key, map->capacity);
        bool stays = (hole <= j) ? (hole < h && h <= j) : (hole < h || h <= j);
        if (!stays) {
            map->slots[hole] = map->slots[j];
            hole = j;
        }
    }
    map->slots[hole].key = 0;
    map->slots[hole].value = 0;
    map->count--;
    return true;
}

int lp_u32map_copy(lp_u32map *dst, const lp_u32map *src)
{
    lp_u32map_init(dst, src->alloc);
    if (!src->capacity)
        return LP_OK;
    dst->slots = src->alloc.realloc(src->alloc.user, NULL, src->capacity * sizeof(lp_u32map_slot));
    if (!dst->slots)
        return LP_E_NOMEM;
    memcpy(dst->slots, src->slots, src->capacity * sizeof(lp_u32map_slot));
    dst->capacity = src->capacity;
    dst->count = src->count;
    return LP_OK;
}
