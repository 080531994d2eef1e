/* gate.c - looplab py: _looplab.Gate, the baton's hand-over between threads.
**
** Lockstep threads (shim/vthreads.py) take turns: the thread holding the
** baton opens the next one's gate and waits at its own. With two _thread
** locks that costs an extra round trip: the woken thread first waits for
** the GIL, which the waker only drops once it blocks at its own gate.
** pass_baton() does both steps with the GIL already dropped, so the woken
** thread finds it free. A Gate is a lock that starts closed:
**
**   Gate()                        closed
**   gate.release()                open it (the one waiting there runs)
**   gate.acquire()                wait until it is opened, and close it
**   pass_baton(open_gate, wait_gate)  release one, acquire the other
*/
#include "py/gate.h"

typedef struct lpy_gate {
    PyObject_HEAD
    PyThread_type_lock lock; /* owned; held while the gate is closed */
} lpy_gate;

static lpy_gate *as_gate(PyObject *o) { return (lpy_gate *)o; }

static PyObject *gate_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwargs && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "Gate() takes no arguments");
        return NULL;
    }
    lpy_gate *gate = (lpy_gate *)type->tp_alloc(type, 0); // new ref
    if (!gate)
        return NULL;
    gate->lock = PyThread_allocate_lock();
    if (!gate->lock) {
        Py_DECREF(gate);
        return PyErr_NoMemory();
    }
    (void)PyThread_acquire_lock(gate->lock, WAIT_LOCK); /* new and free: never waits */
    return (PyObject *)gate;
}

static void gate_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    if (as_gate(self)->lock) {
        /* a lock must not be freed while held */
        (void)PyThread_acquire_lock(as_gate(self)->lock, NOWAIT_LOCK);
        PyThread_release_lock(as_gate(self)->lock);
        PyThread_free_lock(as_gate(self)->lock);
    }
    type->tp_free(self);
    Py_DECREF(type);
}

static PyObject *gate_release(PyObject *self, PyObject *unused)
{
    (void)unused;
    PyThread_release_lock(as_gate(self)->lock);
    Py_RETURN_NONE;
}

static PyObject *gate_acquire(PyObject *self, PyObject *unused)
{
    (void)unused;
    PyThread_type_lock lock = as_gate(self)->lock;
    if (!PyThread_acquire_lock(lock, NOWAIT_LOCK)) {
        Py_BEGIN_ALLOW_THREADS
        (void)PyThread_acquire_lock(lock, WAIT_LOCK);
        Py_END_ALLOW_THREADS
    }
    Py_RETURN_TRUE;
}

static int check_gate(PyObject *o, PyTypeObject *type)
{
    if (Py_TYPE(o) != type) {
        PyErr_SetString(PyExc_TypeError, "pass_baton() takes two Gates");
        return -1;
    }
    return 0;
}

/* pass_baton(open_gate, wait_gate) */
static PyObject *mod_pass_baton(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    PyTypeObject *type = ((lpy_module_state *)PyModule_GetState(module))->gate_type;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "pass_baton(open_gate, wait_gate)");
        return NULL;
    }
    if (check_gate(args[0], type) < 0 || check_gate(args[1], type) < 0)
        return NULL;
    PyThread_type_lock open = as_gate(args[0])->lock, wait = as_gate(args[1])->lock;
    Py_BEGIN_ALLOW_THREADS
    PyThread_release_lock(open);
    (void)PyThread_acquire_lock(wait, WAIT_LOCK);
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyMethodDef gate_methods[] = {
    {"release", gate_release, METH_NOARGS, "Open the gate."},
    {"acquire", gate_acquire, METH_NOARGS, "Wait until the gate opens, and close it."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot gate_slots[] = {
    {Py_tp_new, gate_new},
    {Py_tp_dealloc, gate_dealloc},
    {Py_tp_methods, gate_methods},
    {Py_tp_doc, (void *)"A closed gate where a lockstep thread waits for the baton."},
    {0, NULL},
};

static PyType_Spec gate_spec = {
    .name = "_looplab.Gate",
    .basicsize = sizeof(lpy_gate),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = gate_slots,
};

static PyMethodDef gate_functions[] = {
    {"pass_baton", (PyCFunction)(void (*)(void))mod_pass_baton, METH_FASTCALL,
     "Open one gate and wait at another, without holding the GIL in between."},
    {NULL, NULL, 0, NULL},
};

int lpy_gate_type_add(PyObject *module, lpy_module_state *state)
{
    PyObject *type = PyType_FromModuleAndSpec(module, &gate_spec, NULL); // new ref
    if (!type)
        return -1;
    if (PyModule_AddObjectRef(module, "Gate", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    state->gate_type = (PyTypeObject *)type; /* the reference moves to the state */
    return PyModule_AddFunctions(module, gate_functions);
}
