/* gate.h - looplab py: _looplab.Gate and pass_baton() (gate.c). */
#ifndef LPY_GATE_H
#define LPY_GATE_H

#include "py/module.h"

/* Adds the Gate type and pass_baton() to the module; the state keeps the
** type. Returns 0 or -1. */
int lpy_gate_type_add(PyObject *module, lpy_module_state *state);

#endif
