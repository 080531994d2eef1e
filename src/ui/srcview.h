/* srcview.h - looplab ui: another file shown in SOURCE, read only.
**
** A location in another file ("sim.py:53", "asyncio/threads.py:25") can be
** clicked: SOURCE then shows that file at that line until the way back (the
** panel's "back" button, or Esc). Only a file the program ran may open, and
** only where the safety layer lets a program read: the program's own
** folder, a looplab scenarios folder, or Python's standard library
** (".../python3.N/..."); and only a regular .py file under 4 MB.
*/
#ifndef LPUI_SRCVIEW_H
#define LPUI_SRCVIEW_H

#include <stdbool.h>
#include <stddef.h>

typedef struct lpui_srcview {
    char        *text;       /* the file's bytes; owned; NULL = none open */
    const char **lines;      /* lines[i] = line i+1, inside text; owned */
    size_t       line_count;
    char         name[256];  /* as the window writes it: "asyncio/threads.py" */
    unsigned     line;       /* the line to show */
} lpui_srcview;

/* Opens `path` (a file of the run) at `line`, for the program at
** `program`. Returns true when it is open; false (nothing changed) when the
** file may not be shown or cannot be read. */
bool lpui_srcview_open(lpui_srcview *v, const char *path, unsigned line, const char *program);

/* Back to the program: frees the file. Safe when none is open. */
void lpui_srcview_close(lpui_srcview *v);

/* Whether `path` may be shown for the program at `program` (see above). */
bool lpui_srcview_allowed(const char *path, const char *program);

#endif
