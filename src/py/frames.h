/* frames.h - looplab py: where a suspended coroutine stands, read fast. */
#ifndef LPY_FRAMES_H
#define LPY_FRAMES_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* For a coroutine, generator or async generator with a frame: its code
** (borrowed), the line it stopped at, and what it awaits (a new reference,
** or NULL) -- what cr_frame.f_code, cr_frame.f_lineno and cr_await give,
** without making frame objects. Returns 1, or 0 for anything else (a
** future, a finished coroutine): the end of an await chain. */
int lpy_frames_where(PyObject *obj, PyCodeObject **code, int *line, PyObject **awaited);

#endif
