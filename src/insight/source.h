/* source.h - looplab insights: program lines read from files on disk.
**
** The command line's lpin_source: each file is read once, when a finding
** first asks for one of its lines, and kept until lpin_source_files_free.
*/
#ifndef LPIN_SOURCE_H
#define LPIN_SOURCE_H

#include <stddef.h>

#include "insight/insight.h"

struct lpin__file;

typedef struct lpin_source_files {
    struct lpin__file *files; /* owned */
    size_t count;
} lpin_source_files;

/* Initialises `files` and returns the source that reads through it. */
lpin_source lpin_source_files_init(lpin_source_files *files);
void lpin_source_files_free(lpin_source_files *files);

#endif
