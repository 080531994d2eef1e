/* frames.h - looplab py: where a suspended coroutine stands, read fast. */
#ifndef LPY_FRAMES_H
#define LPY_FRAMES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* For a coroutine, generator or async generator with a frame: its code
** (borrowed), the index of the instruction it stopped at, the line of that
** instruction if `line` is not NULL (finding it scans the code's line
** table, so callers that only compare positions skip it), and what it
** awaits (a new reference, or NULL) -- what cr_frame.f_code, f_lasti,
** f_lineno and cr_await give, without making frame objects. Returns 1, or 0
** for anything else (a future, a finished coroutine): the end of a chain. */
int lpy_frames_where(PyObject *obj, PyCodeObject **code, int *lasti, int *line,
                     PyObject **awaited);

/* How wait_site tells code apart, by file name (str or tuple of str
** prefixes) and qualified name: */
typedef struct lpy_wait_rules {
    PyObject *library; /* the standard library's files, and "<...>" */
    PyObject *runner;  /* looplab's own shim (counts as library too) */
    PyObject *entries; /* qualnames a thread's own code starts from ("Thread.run") */
} lpy_wait_rules;

/* Where the calling thread waits, from its current frames, without making
** frame objects (shim/vreport.py's thread_wait says the same in Python):
** *where, *where_line: its innermost frame outside the library (else the
** innermost outside the runner); *call: the outermost public library frame
** inside that one, not above an entry (NULL if none). Codes are borrowed.
** Returns 0. */
int lpy_frames_wait_site(const lpy_wait_rules *rules, PyCodeObject **call, PyCodeObject **where,
                         int *where_line);

/* Whether `code` is the library's or the runner's by those rules (1), or
** the program's own (0). */
int lpy_frames_is_library(const lpy_wait_rules *rules, PyCodeObject *code);

#endif
