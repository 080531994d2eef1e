/* module.h - looplab py: the `_looplab` module, the engine seen from Python.
**
** Made after the interpreter starts (not through the inittab, which would
** need a global to find the engine): its state points at the engine.
*/
#ifndef LPY_MODULE_H
#define LPY_MODULE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py/engine.h"

typedef struct lpy_module_state {
    lpy_engine   *engine;     /* borrowed; outlives the interpreter */
    PyTypeObject *loop_type;  /* _looplab.Loop; new ref */
    PyObject     *stop_handler; /* stop_handler(kind) ends the run; new ref or NULL */
} lpy_module_state;

/* After a step of the engine: if the clock went over its step budget (a
** busy loop), calls the stop handler, which ends the run. Returns 0 if the
** run goes on, -1 with an exception set if the handler failed. */
int lpy_check_budget(lpy_module_state *state);

/* Creates the module and registers it as sys.modules["_looplab"].
** Returns a new reference, or NULL with an exception set. */
PyObject *lpy_module_create(lpy_engine *engine);

/* The module state of the module that defines `type` (a Loop type). */
lpy_module_state *lpy_module_state_of_type(PyTypeObject *type);

/* The lanes functions (threads.c), added to the module's functions. */
extern PyMethodDef lpy_thread_methods[];

/* Makes the lanes release Python job contexts (threads.c). */
void lpy_threads_attach(lpy_engine *engine);

/* Adds the Loop type to the module (looptype.c). Returns 0 or -1. */
int lpy_looptype_add(PyObject *module, lpy_module_state *state);

#endif
