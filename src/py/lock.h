/* lock.h - looplab py: _looplab.Lock, threading.Lock in lockstep (lock.c). */
#ifndef LPY_LOCK_H
#define LPY_LOCK_H

#include "py/module.h"

/* Adds the Lock type and configure_locks() to the module. Returns 0 or -1. */
int lpy_lock_type_add(PyObject *module);

#endif
