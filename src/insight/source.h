/* source.h - looplab insights: program lines read from files on disk.
**
** The command line's and the window's lpin_source: each file is read once,
** when a finding first asks for one of its lines, and kept until
** lpin_source_files_free. The reader runs outside the sandbox, on file
** names the run recorded, so it reads only what the confined program itself
** may read (lpin_source_allowed): a program cannot have it quote another file.
*/
#ifndef LPIN_SOURCE_H
#define LPIN_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

#include "insight/insight.h"

struct lpin__file;

typedef struct lpin_source_files {
    struct lpin__file *files; /* owned */
    size_t count;
    const char *program;      /* the program's path (borrowed) */
} lpin_source_files;

/* Initialises `files` and returns the source that reads through it, for the
** program at `program`. */
lpin_source lpin_source_files_init(lpin_source_files *files, const char *program);

/* Whether `path` may be read for the program at `program`: a regular .py
** file under 4 MB in the program's own folder, a looplab scenarios folder,
** or Python's standard library (".../lib/python3.N/...", not site-packages). */
bool lpin_source_allowed(const char *path, const char *program);
void lpin_source_files_free(lpin_source_files *files);

#endif
