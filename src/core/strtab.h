/* strtab.h - looplab core: interned strings for the trace.
**
** Trace events are fixed-size records, so text (task names, file names,
** output lines) is stored once here and named by a 32-bit id. Interning the
** same bytes twice gives the same id. Id 0 is the empty string.
*/
#ifndef LP_STRTAB_H
#define LP_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "core/alloc.h"

typedef struct lp_strtab {
    char     *bytes;        /* every string, each followed by a NUL; owned */
    size_t    bytes_len;
    size_t    bytes_cap;
    uint32_t *offsets;      /* offsets[id] = start of string id in bytes; owned */
    uint32_t *lengths;      /* lengths[id], without the NUL; owned */
    size_t    count;        /* strings interned, including "" as id 0 */
    size_t    offsets_cap;
    size_t    lengths_cap;
    uint32_t *buckets;      /* open-addressing hash table of id+1 (0 = empty); owned */
    size_t    bucket_count; /* a power of two, kept at most half full */
    lp_allocator alloc;
} lp_strtab;

int lp_strtab_init(lp_strtab *tab, lp_allocator alloc);
void lp_strtab_free(lp_strtab *tab);

/* Interns `len` bytes (which may contain anything but are stored with a NUL
** after them). Writes the id to *id. Returns LP_OK or LP_E_NOMEM. */
int lp_strtab_intern(lp_strtab *tab, const char *s, size_t len, uint32_t *id);

/* The string with this id (NUL-terminated, borrowed from the table; valid
** until the next intern), or NULL if the id is unknown. */
const char *lp_strtab_get(const lp_strtab *tab, uint32_t id, size_t *len);

/* Bytes held, for memory accounting. */
size_t lp_strtab_bytes(const lp_strtab *tab);

#endif
