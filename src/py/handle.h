/* handle.h - looplab py: asyncio's Handle and TimerHandle as C types. */
#ifndef LPY_HANDLE_H
#define LPY_HANDLE_H

#include "py/module.h"

typedef struct lpy_handle {
    PyObject_HEAD
    PyObject *callback;          /* _callback; None once cancelled */
    PyObject *args;              /* _args, a tuple; None once cancelled */
    PyObject *context;           /* _context */
    PyObject *loop;              /* _loop: the asyncio loop */
    PyObject *cloop;             /* the _looplab.Loop that holds it */
    PyObject *source_traceback;  /* _source_traceback (None outside debug mode) */
    PyObject *repr;              /* _repr */
    PyObject *task;              /* _lp_task: the task whose step this is, or None */
    PyObject *when;              /* _when, as given (TimerHandle) */
    PyObject *weakrefs;
    uint64_t  id;                /* _lp_id in the C loop: serial << 32 | slot */
    uint64_t  task_order;        /* the task's _lp_order, when task is set */
    char      cancelled;         /* _cancelled */
    char      scheduled;         /* _scheduled (TimerHandle) */
} lpy_handle;

/* A new handle (all fields but id, task, when set; context NULL: a copy of
** the current one). Returns a new reference or NULL. */
PyObject *lpy_handle_new(PyTypeObject *type, PyObject *callback, PyObject *args,
                         PyObject *context, PyObject *loop, PyObject *cloop);

/* Handle._run: runs the callback in its context; an exception other than
** SystemExit/KeyboardInterrupt goes to report_error(handle, exc), asyncio's
** own reporting code. Returns 0, or -1 with the exception that escapes. */
int lpy_handle_run(PyObject *handle, PyObject *report_error);

/* The reporter configured for the module of `type` (borrowed), or NULL. */
PyObject *lpy_handle_error_reporter(PyTypeObject *type);

/* Adds Handle and TimerHandle to the module. Returns 0 or -1. */
int lpy_handle_types_add(PyObject *module, lpy_module_state *state);

/* Cancels handle `id` in the C loop `cloop` (looptype.c). Returns 0 or -1. */
int lpy_loop_cancel_handle(PyObject *cloop, uint64_t id);

/* Does the C loop `cloop` know its asyncio loop's get_debug() is False
** (set_debug_off, shim/loop.py)? Then cancel() need not call it. */
int lpy_loop_debug_off(PyObject *cloop);

#endif
