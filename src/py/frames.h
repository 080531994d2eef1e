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

#endif
