/* catalog.c - looplab lessons: lists a directory's lesson files in order. */
#include "lesson/catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"
#include "lesson/text.h"

bool lpl_is_lesson_name(const char *name)
{
    size_t digits = 0;
    while (isdigit((unsigned char)name[digits]))
        digits++;
    size_t len = strlen(name);
    return digits > 0 && name[digits] == '_' && len > digits + 4 &&
           strcmp(name + len - 3, ".py") == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds "<dir>/<name>" to the catalog. */
static int add(lpl_catalog *c, size_t *cap, const char *dir, const char *name)
{
    if (lp_grow(&c->alloc, (void **)&c->paths, cap, c->count + 1, sizeof *c->paths) != LP_OK)
        return LP_E_NOMEM;
    lpl__buf b = {.alloc = &c->alloc};
    if (lpl__buf_add(&b, dir, strlen(dir)) != LP_OK || lpl__buf_add(&b, "/", 1) != LP_OK ||
        lpl__buf_add(&b, name, strlen(name)) != LP_OK) {
        lpl__buf_free(&b);
        return LP_E_NOMEM;
    }
    c->paths[c->count++] = lpl__buf_take(&b);
    return LP_OK;
}

int lpl_catalog_scan(lpl_catalog *out, const char *dir, const lp_allocator *alloc)
{
    memset(out, 0, sizeof *out);
    out->alloc = lp_allocator_or_default(alloc);
    DIR *d = opendir(dir);
    if (d == NULL)
        return LP_E_INVAL;
    size_t cap = 0;
    int rc = LP_OK;
    struct dirent *entry;
    while (rc == LP_OK && (entry = readdir(d)) != NULL)
        if (lpl_is_lesson_name(entry->d_name))
            rc = add(out, &cap, dir, entry->d_name);
    closedir(d);
    if (rc != LP_OK) {
        lpl_catalog_free(out);
        return rc;
    }
    if (out->count > 1) /* every path starts with the same "<dir>/" */
        qsort(out->paths, out->count, sizeof *out->paths, by_name);
    return LP_OK;
}

void lpl_catalog_free(lpl_catalog *catalog)
{
    lp_allocator a = lp_allocator_or_default(&catalog->alloc);
    for (size_t i = 0; i < catalog->count; i++)
        lp_free(&a, catalog->paths[i]);
    lp_free(&a, catalog->paths);
    memset(catalog, 0, sizeof *catalog);
    catalog->alloc = a;
}
