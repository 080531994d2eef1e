/* strtab.c - looplab core: string interning with FNV-1a and linear probing. */
#include "core/strtab.h"

#include <string.h>

#include "core/status.h"

static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

static int same(const lp_strtab *tab, uint32_t id, const char *s, size_t len)
{
    return tab->lengths[id] == len && memcmp(tab->bytes + tab->offsets[id], s, len) == 0;
}

/* Places id in the first free bucket of its probe sequence. */
static void bucket_insert(uint32_t *buckets, size_t bucket_count, uint32_t hash, uint32_t id)
{
    size_t mask = bucket_count - 1;
    size_t i = hash & mask;
    while (buckets[i])
        i = (i + 1) & mask;
    buckets[i] = id + 1;
}

static int rehash(lp_strtab *tab, size_t bucket_count)
{
    uint32_t *buckets = tab->alloc.realloc(tab->alloc.user, NULL, bucket_count * sizeof(uint32_t));
    if (!buckets)
        return LP_E_NOMEM;
    memset(buckets, 0, bucket_count * sizeof(uint32_t));
    for (uint32_t id = 0; id < tab->count; id++) {
        uint32_t h = hash_bytes(tab->bytes + tab->offsets[id], tab->lengths[id]);
        bucket_insert(buckets, bucket_count, h, id);
    }
    lp_free(&tab->alloc, tab->buckets);
    tab->buckets = buckets;
    tab->bucket_count = bucket_count;
    return LP_OK;
}

int lp_strtab_init(lp_strtab *tab, lp_allocator alloc)
{
    memset(tab, 0, sizeof *tab);
    tab->alloc = alloc;
    uint32_t empty;
    int rc = lp_strtab_intern(tab, "", 0, &empty);
    if (rc != LP_OK)
        lp_strtab_free(tab);
    return rc;
}

void lp_strtab_free(lp_strtab *tab)
{
    lp_free(&tab->alloc, tab->bytes);
    lp_free(&tab->alloc, tab->offsets);
    lp_free(&tab->alloc, tab->lengths);
    lp_free(&tab->alloc, tab->buckets);
    lp_allocator alloc = tab->alloc;
    memset(tab, 0, sizeof *tab);
    tab->alloc = alloc;
}

int lp_strtab_intern(lp_strtab *tab, const char *s, size_t len, uint32_t *id)
{
    if (len >= UINT32_MAX || tab->bytes_len + len + 1 >= UINT32_MAX)
        return LP_E_FULL;
    uint32_t h = hash_bytes(s, len);
    if (tab->bucket_count) {
        size_t mask = tab->bucket_count - 1;
        for (size_t i = h & mask; tab->buckets[i]; i = (i + 1) & mask) {
            if (same(tab, tab->buckets[i] - 1, s, len)) {
                *id = tab->buckets[i] - 1;
                return LP_OK;
            }
        }
    }
    if ((tab->count + 1) * 2 > tab->bucket_count) {
        int rc = rehash(tab, tab->bucket_count ? tab->bucket_count * 2 : 64);
        if (rc != LP_OK)
            return rc;
    }
    int rc = lp_grow(&tab->alloc, (void **)&tab->offsets, &tab->offsets_cap, tab->count + 1,
                     sizeof(uint32_t));
    if (rc == LP_OK)
        rc = lp_grow(&tab->alloc, (void **)&tab->lengths, &tab->lengths_cap, tab->count + 1,
                     sizeof(uint32_t));
    if (rc == LP_OK)
        rc = lp_grow(&tab->alloc, (void **)&tab->bytes, &tab->bytes_cap, tab->bytes_len + len + 1, 1);
    if (rc != LP_OK)
        return rc;
    uint32_t new_id = (uint32_t)tab->count;
    tab->offsets[new_id] = (uint32_t)tab->bytes_len;
    tab->lengths[new_id] = (uint32_t)len;
    if (len)
        memcpy(tab->bytes + tab->bytes_len, s, len);
    tab->bytes[tab->bytes_len + len] = '\0';
    tab->bytes_len += len + 1;
    tab->count++;
    bucket_insert(tab->buckets, tab->bucket_count, h, new_id);
    *id = new_id;
    return LP_OK;
}

const char *lp_strtab_get(const lp_strtab *tab, uint32_t id, size_t *len)
{
    if (id >= tab->count)
        return NULL;
    if (len)
        *len = tab->lengths[id];
    return tab->bytes + tab->offsets[id];
}

size_t lp_strtab_bytes(const lp_strtab *tab)
{
    return tab->bytes_cap + (tab->offsets_cap + tab->lengths_cap) * sizeof(uint32_t) +
           tab->bucket_count * sizeof(uint32_t);
}
