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
**
** Locks the program itself made (threading.Lock() or RLock() in its own
** code; not the ones inside Condition, Queue, Event...) get an id and are
** traced, for the insights' lock-order and deadlock findings: where each
** was made (LOCK_NEW), and which thread waits for it, takes it and releases
** it, with the program's line (LOCK_WAIT, LOCK_ACQUIRED, LOCK_RELEASED).
** Untraced locks (id 0) pay nothing for it.
*/
#include "py/lock.h"

#include <structmember.h>

#include "core/status.h"
#include "py/frames.h"

/* Trace ids fit in 15 bits: bit 15 is LOCK_WAIT's "with a timeout" and
** LOCK_ACQUIRED's "a try, not blocking". */
#define LPY_LOCK_IDS 0x7fffu
#define LPY_LOCK_TIMED 0x8000u

typedef struct lpy_lock {
    PyObject_HEAD
    PyObject  *waiters;  /* `_waiters`: the model's wait list, or None; new ref */
    PyObject  *weakrefs;
    Py_ssize_t blocked;  /* threads inside wait() */
    uint16_t   id;       /* its trace id; 0: not traced */
    char       locked;
} lpy_lock;

static lpy_lock *as_lock(PyObject *o) { return (lpy_lock *)o; }

static lpy_module_state *state_of_lock(PyObject *self)
{
    return lpy_module_state_of_type(Py_TYPE(self));
}

/* The rules that tell the program's code from the library's (set by
** configure_locks); 0 when locks are not traced. */
static int rules_of(lpy_module_state *st, lpy_wait_rules *rules)
{
    if (!st || !st->engine || !st->lock_rules)
        return 0;
    rules->library = PyTuple_GET_ITEM(st->lock_rules, 0);
    rules->runner = PyTuple_GET_ITEM(st->lock_rules, 1);
    rules->entries = PyTuple_GET_ITEM(st->lock_rules, 2);
    return 1;
}

/* A place as TASK_SUSPEND packs it (line | file sid << 32), 0 if unknown.
** The last file's sid is kept: a program's locks are mostly in one file. */
static uint64_t place_of(lpy_module_state *st, PyCodeObject *code, int line)
{
    if (!code || line < 0)
        return 0;
    if (code->co_filename != st->lock_file) {
        Py_ssize_t len;
        const char *file = PyUnicode_AsUTF8AndSize(code->co_filename, &len);
        uint32_t sid;
        if (!file || lp_trace_intern(&st->engine->trace, file, (size_t)len, &sid) != LP_OK) {
            PyErr_Clear();
            return 0;
        }
        Py_XSETREF(st->lock_file, Py_NewRef(code->co_filename));
        st->lock_file_sid = sid;
    }
    return (uint64_t)st->lock_file_sid << 32 | (uint32_t)line;
}

static void record(lpy_module_state *st, lp_event_kind kind, uint32_t subject, uint16_t small, uint64_t arg)
{
    lpy_engine *engine = st->engine;
    lp_event ev = {engine->clock.now, subject, (uint8_t)kind, 0, small, {.u64 = arg}};
    (void)lp_trace_append(&engine->trace, &ev); /* out of memory: the record is lost, not the run */
}

/* The calling thread's trace number: its job serial, 0 for the loop thread. */
static uint32_t thread_serial(lpy_module_state *st)
{
    return lp_lanes_job_serial(&st->engine->lanes, st->engine->lanes.current_job);
}

/* A traced lock's event at the innermost line of the program's own code. */
static void record_at(PyObject *self, lp_event_kind kind, uint16_t flags)
{
    lpy_module_state *st = state_of_lock(self);
    lpy_wait_rules rules;
    if (!rules_of(st, &rules))
        return;
    PyCodeObject *call, *where;
    int line;
    (void)lpy_frames_wait_site(&rules, &call, &where, &line);
    record(st, kind, thread_serial(st), (uint16_t)(as_lock(self)->id | flags), place_of(st, where, line));
}

/* A new lock made by the program's own code gets a trace id: made right in
** it (threading.Lock()), or through threading.RLock() called from it. */
static void trace_new(PyTypeObject *type, lpy_lock *lock)
{
    lpy_module_state *st = lpy_module_state_of_type(type);
    lpy_wait_rules rules;
    if (!rules_of(st, &rules) || st->locks_made >= LPY_LOCK_IDS)
        return;
    PyCodeObject *call, *where;
    int line;
    (void)lpy_frames_wait_site(&rules, &call, &where, &line);
    if (!where || lpy_frames_is_library(&rules, where))
        return;
    bool rlock = false;
    if (call) {
        if (PyUnicode_CompareWithASCIIString(call->co_qualname, "RLock") != 0)
            return; /* made inside Condition, Queue, Event...: not the program's */
        rlock = true;
    }
    lock->id = (uint16_t)++st->locks_made;
    record(st, LP_EV_LOCK_NEW, lock->id, rlock ? 1 : 0, place_of(st, where, line));
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
    lock->id = 0;
    trace_new(type, lock);
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
    if (lock->id)
        record_at(self, LP_EV_LOCK_WAIT, seconds < 0 ? 0 : LPY_LOCK_TIMED);
    lock->blocked++;
    PyObject *got = PyObject_CallFunctionObjArgs(st->lock_wait, self, limit, NULL); // new ref
    lock->blocked--;
    Py_DECREF(limit);
    if (got == Py_True && lock->id)
        record_at(self, LP_EV_LOCK_ACQUIRED, 0);
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
        if (lock->id) /* a try (not blocking) cannot wait: it orders nothing */
            record_at(self, LP_EV_LOCK_ACQUIRED, seconds == 0.0 ? LPY_LOCK_TIMED : 0);
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
    if (lock->id) {
        lpy_module_state *st = state_of_lock(self);
        if (st->engine)
            record(st, LP_EV_LOCK_RELEASED, thread_serial(st), lock->id, 0);
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

/* configure_locks(wait, handoff[, library, runner, entries]): the model's
** slow paths (vthreads.py), and the rules (as wait_site's, threads.c) that
** tell the program's code from the library's: with them, the locks the
** program makes are traced. */
static PyObject *mod_configure_locks(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if ((nargs != 2 && nargs != 5) || !PyCallable_Check(args[0]) || !PyCallable_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError,
                        "configure_locks(wait, handoff[, library, runner, entries]) takes two callables");
        return NULL;
    }
    PyObject *rules = NULL;
    if (nargs == 5 && !(rules = PyTuple_Pack(3, args[2], args[3], args[4]))) // new ref
        return NULL;
    lpy_module_state *st = (lpy_module_state *)PyModule_GetState(module);
    Py_XSETREF(st->lock_wait, Py_NewRef(args[0]));
    Py_XSETREF(st->lock_handoff, Py_NewRef(args[1]));
    Py_XSETREF(st->lock_rules, rules);
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
