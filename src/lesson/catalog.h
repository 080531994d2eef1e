/* catalog.h - looplab lessons: the lessons in a directory, in course order.
**
** A lesson file is named with a number, an underscore and a name ending in
** .py: "01_sequence_vs_together.py". Its place in the course is the order of
** the names (so "01_" .. "99_"); other files (sim.py, helpers) are not lessons.
*/
#ifndef LPL_CATALOG_H
#define LPL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/alloc.h"

typedef struct lpl_catalog {
    char       **paths;   /* "<dir>/<name>", sorted by name; each owned */
    size_t       count;
    lp_allocator alloc;
} lpl_catalog;

/* Whether a file name (no directory) names a lesson. */
bool lpl_is_lesson_name(const char *name);

/* Lists the lessons in `dir`. Returns LP_OK (count may be 0), LP_E_INVAL when
** the directory cannot be read (errno is kept), or LP_E_NOMEM; on error *out
** is empty. The allocator may be NULL. */
int lpl_catalog_scan(lpl_catalog *out, const char *dir, const lp_allocator *alloc);

void lpl_catalog_free(lpl_catalog *catalog);

#endif
