/* lock.c - looplab py: _looplab.Lock, threading.Lock in lockstep, in C.
**
** Every waiting primitive of threading, queue and concurrent.futures is
** built on threading.Lock, so it is the hottest object of a program with
** threads. shim/vthreads.py defines what it does (the same model runs in
** the reference runner as a Python class); this is the same lock with its
** fast paths in C: taking a free lock and releasing one nobody waits for
** never enter Python. The slow paths call the two functions vthreads.py
** hands over with configure_locks(wait, handoff):
**
**   wait(lock, seconds) -> bool     block until handed the lock (True) or
**                                   `seconds` pass (False); None: forever
**   handoff(lock) -> bool           release with waiters: hand the lock to
**                                   the longest waiter; False if none can
**                                   take it (the lock is then free)
**
** The lock keeps the waiters' list (`_waiters`) for those functions and
** counts the threads inside wait(), so release knows when to call handoff.
** Its type reads as _thread.lock, as threading.Lock() does in CPython.
*/
#include "py/lock.h"

#include <structmember.h>

typedef struct lpy_lock {
    PyObject_HEAD
    PyObject  *waiters;  /* `_waiters`: the model's wait list, or None; new ref */
    PyObject  *weakrefs;
    Py_ssize_t blocked;  /* threads inside wait() */
    char       locked;
} lpy_lock;

static lpy_lock *as_lock(PyObject *o) { return (lpy_lock *)o; }

static lpy_module_state *state_of_lock(PyObject *self)
{
    return lpy_module_state_of_type(Py_TYPE(self));
}

static PyObject *lock_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) != 0 || (kwargs && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_SetString(PyExc_TypeError, "lock() takes no arguments");
        return NULL;
    }
    lpy_lock *lock = PyObject_GC_New(lpy_lock, type); // new ref
    if (!lock)
        return NULL;
    lock->waiters = Py_NewRef(Py_None);
    lock->weakrefs = NULL;
    lock->blocked = 0;
    lock->locked = 0;
    PyObject_GC_Track(lock);
    return (PyObject *)lock;
}

static int lock_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(as_lock(self)->waiters);
    return 0;
}

static int lock_clear(PyObject *self)
{
    Py_CLEAR(as_lock(self)->waiters);
    return 0;
}

static void lock_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (as_lock(self)->weakrefs)
        PyObject_ClearWeakRefs(self);
    (void)lock_clear(self);
    PyObject_GC_Del(self);
    Py_DECREF(type);
}

/* The longest timeout CPython 3.11 converts (its nanosecond clock type). */
#define LPY_TIMEOUT_MAX_S 9223372036.854775

/* acquire's (blocking, timeout), checked as _thread.lock checks them:
** *seconds = -1 to wait forever, 0 not to wait, else how long. */
static int parse_wait(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, double *seconds)
{
    PyObject *blocking_obj = NULL, *timeout_obj = NULL;
    if (nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "acquire() takes at most 2 arguments");
        return -1;
    }
    if (nargs > 0)
        blocking_obj = args[0];
    if (nargs > 1)
        timeout_obj = args[1];
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, i);
        PyObject **slot = NULL;
        if (PyUnicode_CompareWithASCIIString(name, "blocking") == 0)
            slot = &blocking_obj;
        else if (PyUnicode_CompareWithASCIIString(name, "timeout") == 0)
            slot = &timeout_obj;
        if (!slot || *slot) {
            PyErr_Format(PyExc_TypeError, "acquire() got an unexpected or repeated keyword argument '%U'", name);
            return -1;
        }
        *slot = args[nargs + i];
    }
    int blocking = 1;
    if (blocking_obj && (blocking = PyObject_IsTrue(blocking_obj)) < 0)
        return -1;
    double timeout = -1.0;
    if (timeout_obj && (timeout = PyFloat_AsDouble(timeout_obj)) == -1.0 && PyErr_Occurred())
        return -1;
    if (!blocking && timeout != -1.0) {
        PyErr_SetString(PyExc_ValueError, "can't specify a timeout for a non-blocking call");
        return -1;
    }
    if (timeout < 0 && timeout != -1.0) {
        PyErr_SetString(PyExc_ValueError, "timeout value must be positive");
        return -1;
    }
    if (!blocking) {
        *seconds = 0.0;
    } else {
        if (timeout != -1.0 && timeout > LPY_TIMEOUT_MAX_S) {
            PyErr_SetString(PyExc_OverflowError, "timestamp too large to convert to C _PyTime_t");
            return -1;
        }
        *seconds = timeout;
    }
    return 0;
}

/* The slow path: the lock is held; block in the model until handed it. */
static PyObject *wait_for_lock(PyObject *self, double seconds)
{
    lpy_module_state *st = state_of_lock(self);
    if (!st->lock_wait) {
        PyErr_SetString(PyExc_RuntimeError, "looplab: locks are not configured");
        return NULL;
    }
    PyObject *limit = seconds < 0 ? Py_NewRef(Py_None) : PyFloat_FromDouble(seconds); // new ref
    if (!limit)
        return NULL;
    lpy_lock *lock = as_lock(self);
    lock->blocked++;
    PyObject *got = PyObject_CallFunctionObjArgs(st->lock_wait, self, limit, NULL); // new ref
    lock->blocked--;
    Py_DECREF(limit);
    return got;
}

static PyObject *lock_acquire(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    double seconds = -1.0;
    if ((nargs > 0 || kwnames) && parse_wait(args, nargs, kwnames, &seconds) < 0)
        return NULL;
    lpy_lock *lock = as_lock(self);
    if (!lock->locked) {
        lock->locked = 1;
        Py_RETURN_TRUE;
    }
    if (seconds == 0.0)
        Py_RETURN_FALSE;
    return wait_for_lock(self, seconds);
}

static PyObject *lock_enter(PyObject *self, PyObject *unused)
{
    (void)unused;
    return lock_acquire(self, NULL, 0, NULL);
}

static PyObject *lock_release(PyObject *self, PyObject *unused)
{
    (void)unused;
    lpy_lock *lock = as_lock(self);
    if (!lock->locked) {
        PyErr_SetString(PyExc_RuntimeError, "release unlocked lock");
        return NULL;
    }
    if (lock->blocked > 0) {
        PyObject *handed = PyObject_CallOneArg(state_of_lock(self)->lock_handoff, self); // new ref
        if (!handed)
            return NULL;
        int kept = PyObject_IsTrue(handed);
        Py_DECREF(handed);
        if (kept < 0)
            return NULL;
        if (kept)
            Py_RETURN_NONE; /* handed over: stays locked, for the waiter */
    }
    lock->locked = 0;
    Py_RETURN_NONE;
}

static PyObject *lock_exit(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    (void)args;
    (void)nargs;
    return lock_release(self, NULL);
}

static PyObject *lock_locked(PyObject *self, PyObject *unused)
{
    (void)unused;
    return PyBool_FromLong(as_lock(self)->locked);
}

static PyObject *lock_at_fork_reinit(PyObject *self, PyObject *unused)
{
    (void)unused;
    as_lock(self)->locked = 0;
    Py_RETURN_NONE;
}

static PyObject *lock_repr(PyObject *self)
{
    return PyUnicode_FromFormat("<%s _thread.lock object at %p>",
                                as_lock(self)->locked ? "locked" : "unlocked", self);
}

#define LPY_ACQUIRE_FLAGS (METH_FASTCALL | METH_KEYWORDS)
static PyMethodDef lock_methods[] = {
    {"acquire", (PyCFunction)(void (*)(void))lock_acquire, LPY_ACQUIRE_FLAGS,
     "acquire(blocking=True, timeout=-1) -> bool: take the lock, waiting in virtual time."},
    {"acquire_lock", (PyCFunction)(void (*)(void))lock_acquire, LPY_ACQUIRE_FLAGS, "An alias of acquire()."},
    {"release", lock_release, METH_NOARGS, "Release the lock; its longest waiter gets it."},
    {"release_lock", lock_release, METH_NOARGS, "An alias of release()."},
    {"locked", lock_locked, METH_NOARGS, "Is the lock held?"},
    {"locked_lock", lock_locked, METH_NOARGS, "An alias of locked()."},
    {"__enter__", lock_enter, METH_NOARGS, "acquire()"},
    {"__exit__", (PyCFunction)(void (*)(void))lock_exit, METH_FASTCALL, "release()"},
    {"_at_fork_reinit", lock_at_fork_reinit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef lock_members[] = {
    {"_waiters", T_OBJECT, offsetof(lpy_lock, waiters), 0, "the model's wait list (vthreads.py)"},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(lpy_lock, weakrefs), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot lock_slots[] = {
    {Py_tp_new, lock_new},
    {Py_tp_dealloc, lock_dealloc},
    {Py_tp_traverse, lock_traverse},
    {Py_tp_clear, lock_clear},
    {Py_tp_repr, lock_repr},
    {Py_tp_methods, lock_methods},
    {Py_tp_members, lock_members},
    {Py_tp_doc, (void *)"A threading.Lock that waits in looplab's virtual time."},
    {0, NULL},
};

static PyType_Spec lock_spec = {
    .name = "_thread.lock",
    .basicsize = sizeof(lpy_lock),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .slots = lock_slots,
};

/* configure_locks(wait, handoff): the model's slow paths (vthreads.py). */
static PyObject *mod_configure_locks(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyCallable_Check(args[0]) || !PyCallable_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "configure_locks(wait, handoff) takes two callables");
        return NULL;
    }
    lpy_module_state *st = (lpy_module_state *)PyModule_GetState(module);
    Py_XSETREF(st->lock_wait, Py_NewRef(args[0]));
    Py_XSETREF(st->lock_handoff, Py_NewRef(args[1]));
    Py_RETURN_NONE;
}

PyMethodDef lpy_lock_methods[] = {
    {"configure_locks", (PyCFunction)(void (*)(void))mod_configure_locks, METH_FASTCALL,
     "Hand the Lock type the model's wait and handoff functions."},
    {NULL, NULL, 0, NULL},
};

int lpy_lock_type_add(PyObject *module)
{
    PyObject *type = PyType_FromModuleAndSpec(module, &lock_spec, NULL); // new ref
    if (!type)
        return -1;
    int rc = PyModule_AddObjectRef(module, "Lock", type);
    Py_DECREF(type);
    if (rc < 0)
        return -1;
    return PyModule_AddFunctions(module, lpy_lock_methods);
}
