/* textfile.h - looplab core: a text file read whole and split into lines.
**
** The program's source for the window, another file shown read only, the
** lines insights quote: one reader. The text is kept in one buffer whose
** newlines (and a "\r" before one) become NULs; lines[i] is line i + 1.
** A newline that ends the text ends the last line (it makes no empty one).
**
** Ownership: lp_textfile_load fills *tf, which owns text and lines;
** lp_textfile_free releases them (and is safe on a zeroed or freed one).
*/
#ifndef LP_TEXTFILE_H
#define LP_TEXTFILE_H

#include <stddef.h>

typedef struct lp_textfile {
    char        *text;       /* owned; NULL when nothing is loaded */
    const char **lines;      /* lines[i] = line i + 1, into text; owned */
    size_t       line_count;
} lp_textfile;

/* Reads `path` (at most max_bytes; 0: no limit). Returns LP_OK, LP_E_INVAL
** (cannot be read, or larger than max_bytes) or LP_E_NOMEM; on error *tf
** is left empty. */
int lp_textfile_load(lp_textfile *tf, const char *path, size_t max_bytes);

void lp_textfile_free(lp_textfile *tf);

#endif
