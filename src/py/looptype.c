/* looptype.c - looplab py: _looplab.Loop, lp_loop as a Python object.
**
** The Python loop class (shim/loop.py) subclasses asyncio.BaseEventLoop and
** keeps asyncio's own Handle and TimerHandle objects, so reprs, exception
** messages and debug mode stay CPython's. This type replaces the parts of
** BaseEventLoop that schedule: its `_ready` deque (it has append/len/clear)
** and `_scheduled` heap, and `_run_once`, which becomes lp_loop_run_once.
**
** Each scheduled handle is a context of the C loop, which holds a strong
** reference to it until it runs or is dropped (the release hook decrefs).
**
**   push_ready(handle) -> id        call_soon
**   append(handle)                  the same, for BaseEventLoop._add_callback
**   push_timer(when, handle) -> id  call_at
**   cancel(id)                      Handle.cancel / TimerHandle.cancel
**   run_once(stopping) -> result    one iteration: True; False if nothing can
**                                   happen (no callback, timer or wake-up);
**                                   a float if the loop would wait past the
**                                   time limit: when it would have woken
**   clear()                         drop everything (loop.close)
**   len(loop)                       callbacks ready
**   timer_count()                   timers in the heap, cancelled ones included
**   polling()                       inside the poll: a signal handler that
**                                   runs now is seen by this poll
**   set_debug_runs(warn or None)    debug mode: each handle timed, a slow one
**                                   reported by warn(handle, seconds)
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "core/loop.h"
#include "core/status.h"
#include "py/frames.h"
#include "py/handle.h"
#include "py/module.h"

/* A task's last stop, kept inline (one cache line for a short await
** chain): the packed key of its await chain (after_step) and describe()'s
** three numbers for it. Chains too deep for `key` are not kept. */
enum { LAST_KEY_UNITS = 9 }; /* an await chain of up to 4 frames */
struct lpy_last_stop {
    uint64_t  key_units;              /* used units of key; 0: nothing kept */
    uint64_t  fields[3];              /* as pack_description's */
    uintptr_t key[LAST_KEY_UNITS];
};

typedef struct lpy_loop_object {
    PyObject_HEAD
    lp_loop     loop;
    lpy_engine *engine;      /* borrowed from the module state */
    PyObject   *pending_type;  /* exception a callback let escape, re-raised by */
    PyObject   *pending_value; /* run_once (SystemExit, KeyboardInterrupt); all */
    PyObject   *pending_tb;    /* three new refs or NULL */
    PyObject   *run_name;    /* interned "_run"; new ref */
    PyObject   *self_name;   /* interned "__self__"; new ref */
    PyObject   *slow_warn;   /* debug mode: slow_warn(handle, dt) logs a slow callback
                             ** (set_debug_runs); new ref or NULL outside debug mode */
    PyObject   *pyloop;      /* the asyncio loop bound with bind(); new ref or NULL */
    int         closed;      /* pyloop._closed, told by set_closed() */
    int         debug_off;   /* told by set_debug_off(): pyloop.get_debug() is False for
                             ** sure, so a C handle's cancel() need not ask it */
    PyObject   *thread_wait; /* during run_once in another thread; borrowed */
    uint8_t     number;      /* its number in the trace (lp_loop_next_number), kept by clear() */
    uint8_t    *seen_tasks;  /* bit per task order: its first step was scheduled; owned */
    size_t      seen_cap;    /* bytes in seen_tasks */
    struct lpy_last_stop *last_stops; /* per task order: its last await chain; owned */
    size_t      last_cap;
} lpy_loop_object;

static lpy_loop_object *object_of(lp_loop *loop)
{
    return (lpy_loop_object *)((char *)loop - offsetof(lpy_loop_object, loop));
}

static void release_handle(void *user, void *ctx)
{
    (void)user;
    Py_DECREF((PyObject *)ctx);
}

/* The C loop runs a handle: asyncio's Handle._run, which reports ordinary
** exceptions to the loop's exception handler itself. What escapes it
** (SystemExit, KeyboardInterrupt) stops the iteration, as in asyncio. */
static void emit(lpy_loop_object *self, lp_event_kind kind, uint64_t subject, uint16_t small,
                 uint64_t arg)
{
    lp_event ev = {self->engine->clock.now, (uint32_t)subject, (uint8_t)kind, self->number, small,
                   {.u64 = arg}};
    (void)lp_trace_append(&self->engine->trace, &ev);
}

/* Is `waiter` a future that run_in_executor returned? (id -> weakref) */
static int is_executor_future(lpy_module_state *st, PyObject *waiter)
{
    PyObject *key = PyLong_FromVoidPtr(waiter); // new ref
    if (!key)
        return -1;
    PyObject *ref = PyDict_GetItemWithError(st->executor_futures, key); // borrowed
    Py_DECREF(key);
    if (!ref)
        return PyErr_Occurred() ? -1 : 0;
    return PyWeakref_Check(ref) && PyWeakref_GetObject(ref) == waiter;
}

/* The last-stop record of task `order`, growing the table; NULL if memory
** is short (the caller then does without). */
static struct lpy_last_stop *last_stop(lpy_loop_object *self, uint64_t order)
{
    if (order >= self->last_cap) {
        size_t cap = self->last_cap ? self->last_cap : 256;
        while (cap <= order)
            cap *= 2;
        struct lpy_last_stop *t = PyMem_Realloc(self->last_stops, cap * sizeof *t);
        if (!t)
            return NULL;
        memset(t + self->last_cap, 0, (cap - self->last_cap) * sizeof *t);
        self->last_stops = t;
        self->last_cap = cap;
    }
    return &self->last_stops[order];
}

/* describe()'s answer (location or None, kind, sid) as 24 bytes: the three
** numbers, location + 1 (0: none). Steals `described`; NULL on error. */
static PyObject *pack_description(PyObject *described)
{
    if (!described)
        return NULL;
    PyObject *location, *kind, *sid;
    uint64_t fields[3] = {0, 0, 0};
    if (PyArg_ParseTuple(described, "OOO", &location, &kind, &sid)) {
        if (location != Py_None)
            fields[0] = PyLong_AsUnsignedLongLong(location) + 1;
        fields[1] = PyLong_AsUnsignedLongLong(kind);
        fields[2] = PyLong_AsUnsignedLongLong(sid);
    }
    Py_DECREF(described);
    if (PyErr_Occurred())
        return NULL;
    return PyBytes_FromStringAndSize((const char *)fields, sizeof fields);
}

/* After a task's step: how it ended, or where it stopped and on what.
** Each distinct await chain (its frames' code and line, and the waiter's
** type) is described once by introspect.describe and remembered. */
static int after_step(lpy_loop_object *self, lpy_module_state *st, PyObject *task, uint64_t order)
{
    PyObject *waiter = PyObject_GetAttr(task, st->names[LPY_NAME__fut_waiter]); // new ref
    if (!waiter)
        return -1;
    /* a task that waits on a future is not done: done() is asked only without one */
    int is_done = 0;
    if (waiter == Py_None) {
        PyObject *done = PyObject_CallMethodNoArgs(task, st->names[LPY_NAME_done]); // new ref
        if (!done) {
            Py_DECREF(waiter);
            return -1;
        }
        is_done = done == Py_True;
        Py_DECREF(done);
    }
    if (is_done) {
        Py_DECREF(waiter);
        PyObject *cancelled = PyObject_CallMethodNoArgs(task, st->names[LPY_NAME_cancelled]); // new ref
        PyObject *exc = cancelled ? PyObject_GetAttr(task, st->names[LPY_NAME__exception]) : NULL; // new ref
        if (!exc) {
            Py_XDECREF(cancelled);
            return -1;
        }
        uint16_t outcome = cancelled == Py_True ? LP_TASK_CANCELLED
                           : exc != Py_None     ? LP_TASK_EXCEPTION
                                                : LP_TASK_RESULT;
        Py_DECREF(cancelled);
        Py_DECREF(exc);
        /* cancel() requests not taken back with uncancel(): more than 0 on a
        ** task that did not end cancelled means it swallowed a cancellation */
        PyObject *pending = PyObject_CallMethodNoArgs(task, st->names[LPY_NAME_cancelling]); // new ref
        long requests = pending ? PyLong_AsLong(pending) : 0;
        Py_XDECREF(pending);
        if (!pending || (requests == -1 && PyErr_Occurred()))
            PyErr_Clear(); /* a Task subclass without cancelling(): count none */
        emit(self, LP_EV_TASK_DONE, order, outcome, requests > 0 ? (uint64_t)requests : 0);
        return 0;
    }
    PyObject *coro = PyObject_GetAttr(task, st->names[LPY_NAME__coro]); // new ref
    /* The key: (code address, instruction) of each frame of the await chain, then
    ** the waiter's type, packed into bytes (hashing code objects themselves
    ** would hash their bytecode on every step). */
    enum { MAX_DEPTH = 32 };
    uintptr_t packed[2 * MAX_DEPTH + 1];
    PyObject *codes[MAX_DEPTH];
    int depth = 0, rc = coro ? 0 : -1;
    while (rc == 0 && coro && depth < MAX_DEPTH) {
        PyCodeObject *code;
        int lasti;
        PyObject *next;
        if (!lpy_frames_where(coro, &code, &lasti, NULL, &next))
            break;
        codes[depth] = Py_NewRef((PyObject *)code);
        packed[2 * depth] = (uintptr_t)code;
        packed[2 * depth + 1] = (uintptr_t)lasti; /* the instruction: a line, and more */
        depth++;
        Py_SETREF(coro, next);
    }
    Py_XDECREF(coro);
    PyObject *described = NULL;
    uint64_t fields[3];
    int known_fields = 0;
    if (rc == 0) {
        packed[2 * depth] = (uintptr_t)Py_TYPE(waiter);
        size_t key_units = 2 * (size_t)depth + 1, key_size = key_units * sizeof *packed;
        int executor = waiter == Py_None || PyDict_GET_SIZE(st->executor_futures) == 0
                           ? 0
                           : is_executor_future(st, waiter);
        struct lpy_last_stop *last = executor == 0 ? last_stop(self, order) : NULL;
        if (last && last->key_units == key_units && memcmp(last->key, packed, key_size) == 0) {
            memcpy(fields, last->fields, sizeof fields); /* stopped where it stopped last time */
            known_fields = 1;
        } else if (executor >= 0) {
            PyObject *key = PyBytes_FromStringAndSize((const char *)packed, (Py_ssize_t)key_size);
            described = key && executor == 0 ? PyDict_GetItemWithError(st->described, key) : NULL;
            int known = described != NULL;
            if (described) {
                Py_INCREF(described);
            } else if (key && !PyErr_Occurred()) {
                described = pack_description(
                    PyObject_CallFunctionObjArgs(st->describe, task, waiter, NULL)); // new ref
                /* remembered with its codes kept alive, so their addresses stay theirs */
                known = described && executor == 0 && PyDict_GET_SIZE(st->described) < 100000;
                if (known && PyDict_SetItem(st->described, key, described) < 0)
                    Py_CLEAR(described);
                for (int i = 0; known && described && i < depth; i++)
                    if (PyList_Append(st->keepalive, codes[i]) < 0)
                        Py_CLEAR(described);
            }
            if (last && known && described) {
                last->key_units = key_units <= LAST_KEY_UNITS ? key_units : 0;
                memcpy(last->key, packed, last->key_units * sizeof *packed);
                memcpy(last->fields, PyBytes_AS_STRING(described), sizeof last->fields);
            }
            Py_XDECREF(key);
        }
    }
    for (int i = 0; i < depth; i++)
        Py_DECREF(codes[i]);
    Py_XDECREF(waiter);
    if (!known_fields) {
        if (!described)
            return -1;
        memcpy(fields, PyBytes_AS_STRING(described), sizeof fields);
        Py_DECREF(described);
    }
    if (fields[0])
        emit(self, LP_EV_TASK_SUSPEND, order, 0, fields[0] - 1);
    emit(self, LP_EV_TASK_WAIT, order, (uint16_t)fields[1], fields[2]);
    return 0;
}

/* after_step(task): the record after a step of `task`, for the handles of
** debug mode (asyncio's own classes; shim/introspect.py StepHandle). */
static PyObject *loop_after_step(lpy_loop_object *self, PyObject *task)
{
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
    unsigned long long n = st ? lpy_task_order(st, task) : 0;
    if (PyErr_Occurred() || !st || after_step(self, st, task, n) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* asyncio.sleep's timer, futures._set_result_unless_cancelled(fut, result),
** done without its Python frame when `fut` is a plain Future still pending:
** fut.set_result(result) then runs no code of the program and cannot fail
** but for memory. A cancelled or finished future (asyncio's function then
** returns, or raises InvalidStateError with its own traceback), another
** callback or a Future subclass: 0, and the handle runs as usual.
** Returns 1 when done here, -1 on error. */
static int wake_sleeper(lpy_module_state *st, lpy_handle *h)
{
    if (h->cancelled || h->callback != st->sleep_wakeup || !st->sleep_wakeup ||
        !PyTuple_CheckExact(h->args) || PyTuple_GET_SIZE(h->args) != 2)
        return 0;
    PyObject *fut = PyTuple_GET_ITEM(h->args, 0), *result = PyTuple_GET_ITEM(h->args, 1);
    if ((PyObject *)Py_TYPE(fut) != st->future_type)
        return 0;
    PyObject *done = PyObject_CallMethodNoArgs(fut, st->names[LPY_NAME_done]); // new ref
    if (!done)
        return -1;
    int pending = done == Py_False;
    Py_DECREF(done);
    if (!pending)
        return 0;
    PyObject *r = PyObject_CallMethodOneArg(fut, st->names[LPY_NAME_set_result], result); // new ref
    if (!r)
        return -1;
    Py_DECREF(r);
    return 1;
}

/* Runs one of our C handles: a task's step is recorded around it. */
static int run_c_handle(lpy_loop_object *self, PyObject *handle, lpy_module_state *st)
{
    lpy_handle *h = (lpy_handle *)handle;
    if (h->task == Py_None) {
        int woken = wake_sleeper(st, h);
        if (woken != 0)
            return woken < 0 ? -1 : 0;
    }
    PyObject *task = h->task;
    if (task != Py_None) {
        /* said by the RUN the loop just wrote (its arg): no TASK_STEP record */
        (void)lp_trace_task_step(&self->engine->trace, self->engine->clock.now, self->number,
                                 (uint32_t)h->task_order, (uint32_t)(h->id >> 32));
        Py_INCREF(task);
    }
    uint64_t order = h->task_order;
    int rc = lpy_handle_run(handle, st->report_error);
    if (task != Py_None) {
        if (rc == 0)
            rc = after_step(self, st, task, order);
        Py_DECREF(task);
    }
    return rc;
}

/* One of asyncio's own handles (debug mode's, a signal's, a loop
** subclass's): its _run(); a task's step (the shim's StepHandle, which
** knows its _lp_task) is recorded around it as for a C handle. */
static int run_py_handle(lpy_loop_object *self, PyObject *handle, lpy_module_state *st)
{
    PyObject *task = NULL, *id = NULL;
    uint64_t order = 0;
    if (_PyObject_LookupAttr(handle, st->names[LPY_NAME__lp_task], &task) < 0)
        PyErr_Clear(); /* a slot never set */
    if (task && !PyObject_TypeCheck(task, (PyTypeObject *)st->task_type))
        Py_CLEAR(task);
    if (task) {
        order = lpy_task_order(st, task);
        id = PyObject_GetAttr(handle, st->names[LPY_NAME__lp_id]); // new ref
        uint64_t serial = id ? PyLong_AsUnsignedLongLong(id) >> 32 : 0;
        Py_XDECREF(id);
        if (PyErr_Occurred()) {
            Py_DECREF(task);
            return -1;
        }
        (void)lp_trace_task_step(&self->engine->trace, self->engine->clock.now, self->number,
                                 (uint32_t)order, (uint32_t)serial);
    }
    PyObject *result = PyObject_CallMethodNoArgs(handle, self->run_name); // new ref
    int rc = result ? 0 : -1;
    Py_XDECREF(result);
    if (task && rc == 0)
        rc = after_step(self, st, task, order);
    Py_XDECREF(task);
    return rc;
}

/* Debug mode, after a handle ran: asyncio's
**     dt = self.time() - t0
**     if dt >= self.slow_callback_duration: logger.warning(...)
** the warning by the shim (slow_warn), which shows as _run_once's line. */
static int warn_if_slow(lpy_loop_object *self, lpy_module_state *st, PyObject *handle, double t0)
{
    PyObject *dt = PyFloat_FromDouble(self->engine->clock.now - t0); // new ref
    PyObject *limit = dt ? PyObject_GetAttr(self->pyloop, st->names[LPY_NAME_slow_callback_duration])
                         : NULL; // new ref
    int slow = limit ? PyObject_RichCompareBool(dt, limit, Py_GE) : -1;
    Py_XDECREF(limit);
    PyObject *r = slow > 0 ? PyObject_CallFunctionObjArgs(self->slow_warn, handle, dt, NULL) : NULL;
    int rc = slow < 0 || (slow > 0 && !r) ? -1 : 0;
    Py_XDECREF(r);
    Py_XDECREF(dt);
    return rc;
}

/* Runs a handle, as _run_once's loop body: in debug mode with the loop's
** _current_handle set, timed, a slow one warned of; a C handle (outside
** debug mode, or made before it) by run_c_handle. What escapes (SystemExit,
** KeyboardInterrupt) ends the iteration and is raised by run_once. */
static void run_handle(lp_loop *loop, void *ctx)
{
    lpy_loop_object *self = object_of(loop);
    PyObject *handle = (PyObject *)ctx;
    PyTypeObject *type = Py_TYPE(handle);
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self)); /* sets an error if NULL */
    int debug = st && self->slow_warn && self->pyloop;
    double t0 = self->engine->clock.now;
    int rc = st ? 0 : -1;
    if (debug)
        rc = PyObject_SetAttr(self->pyloop, st->names[LPY_NAME__current_handle], handle);
    if (rc == 0)
        rc = type == st->handle_type || type == st->timer_type ? run_c_handle(self, handle, st)
                                                                : run_py_handle(self, handle, st);
    if (debug) {
        if (rc == 0)
            rc = warn_if_slow(self, st, handle, t0);
        /* finally: self._current_handle = None, keeping what is being raised */
        PyObject *type_, *value, *tb;
        PyErr_Fetch(&type_, &value, &tb);
        if (PyObject_SetAttr(self->pyloop, st->names[LPY_NAME__current_handle], Py_None) < 0) {
            Py_XDECREF(type_);
            Py_XDECREF(value);
            Py_XDECREF(tb);
            rc = -1;
        } else {
            PyErr_Restore(type_, value, tb);
        }
    }
    if (rc == 0)
        return;
    if (!self->pending_type)
        PyErr_Fetch(&self->pending_type, &self->pending_value, &self->pending_tb);
    else
        PyErr_Clear();
    lp_loop_interrupt(loop);
}

static int init_loop(lpy_loop_object *self)
{
    lp_loop_desc desc = {
        .clock = &self->engine->clock,
        .lanes = &self->engine->lanes,
        .trace = &self->engine->trace,
        .release = release_handle,
        .number = self->number,
    };
    int rc = lp_loop_init(&self->loop, &desc);
    lp_loop_set_time_limit(&self->loop, self->engine->options.until);
    return rc;
}

static PyObject *loop_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) || (kwargs && PyDict_GET_SIZE(kwargs))) {
        PyErr_SetString(PyExc_TypeError, "Loop() takes no arguments");
        return NULL;
    }
    lpy_module_state *st = lpy_module_state_of_type(type);
    if (!st)
        return NULL;
    lpy_loop_object *self = (lpy_loop_object *)type->tp_alloc(type, 0); // new ref
    if (!self)
        return NULL;
    self->engine = st->engine;
    self->number = lp_loop_next_number(&st->engine->clock);
    self->run_name = PyUnicode_InternFromString("_run");
    self->self_name = PyUnicode_InternFromString("__self__");
    if (!self->run_name || !self->self_name || init_loop(self) != LP_OK) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    return (PyObject *)self;
}

/* The handles held by the C loop can point back at the loop (handle ->
** callback -> task -> asyncio loop -> this object), as the handles in
** BaseEventLoop's deque do: the type takes part in garbage collection. */
static int loop_traverse(lpy_loop_object *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->slow_warn);
    Py_VISIT(self->pyloop);
    Py_VISIT(self->pending_value);
    lp_loop *loop = &self->loop;
    if (!self->engine)
        return 0;
    for (size_t i = 0; i < lp_ring_count(&loop->ready); i++) {
        const lp__handle *h = &loop->handles[lp_ring_at(&loop->ready, i)];
        if (!h->cancelled)
            Py_VISIT((PyObject *)h->ctx);
    }
    for (size_t i = 0; i < loop->timers.count; i++) {
        const lp__handle *h = &loop->handles[loop->timers.items[i].slot];
        if (!h->cancelled)
            Py_VISIT((PyObject *)h->ctx);
    }
    return 0;
}

static int loop_clear_refs(lpy_loop_object *self)
{
    Py_CLEAR(self->slow_warn);
    Py_CLEAR(self->pyloop);
    if (self->engine) {
        lp_loop_close(&self->loop);
        if (init_loop(self) != LP_OK)
            self->engine = NULL;
    }
    return 0;
}

static void loop_dealloc(lpy_loop_object *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->engine)
        lp_loop_close(&self->loop);
    Py_XDECREF(self->pending_type);
    Py_XDECREF(self->pending_value);
    Py_XDECREF(self->pending_tb);
    Py_XDECREF(self->run_name);
    Py_XDECREF(self->self_name);
    Py_XDECREF(self->slow_warn);
    Py_XDECREF(self->pyloop);
    PyMem_Free(self->seen_tasks);
    PyMem_Free(self->last_stops);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

/* Python sees a handle's id as serial << 32 | slot: the trace serial is in
** it (introspection records it without asking), and it is as unique. */
static PyObject *id_result(lpy_loop_object *self, int rc, lp_id id)
{
    if (rc == LP_E_NOMEM)
        return PyErr_NoMemory();
    if (rc != LP_OK) {
        PyErr_Format(PyExc_RuntimeError, "looplab: cannot schedule: %s",
                     lp_status_name((lp_status)rc));
        return NULL;
    }
    uint64_t serial = lp_loop_handle_serial(&self->loop, id);
    return PyLong_FromUnsignedLongLong(serial << 32 | lp_id_slot(id));
}

static PyObject *loop_push_ready(lpy_loop_object *self, PyObject *handle)
{
    Py_INCREF(handle); /* held by the C loop until released */
    lp_id id = LP_ID_NONE;
    int rc = lp_loop_call_soon(&self->loop, run_handle, handle, &id);
    if (rc != LP_OK)
        Py_DECREF(handle);
    return id_result(self, rc, id);
}

static PyObject *loop_append(lpy_loop_object *self, PyObject *handle)
{
    PyObject *id = loop_push_ready(self, handle);
    if (!id)
        return NULL;
    Py_DECREF(id);
    Py_RETURN_NONE;
}

static PyObject *loop_push_timer(lpy_loop_object *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "push_timer(when, handle)");
        return NULL;
    }
    double when = PyFloat_AsDouble(args[0]);
    if (when == -1.0 && PyErr_Occurred())
        return NULL;
    Py_INCREF(args[1]);
    lp_id id = LP_ID_NONE;
    int rc = lp_loop_call_at(&self->loop, when, run_handle, args[1], &id);
    if (rc != LP_OK)
        Py_DECREF(args[1]);
    return id_result(self, rc, id);
}

static PyObject *loop_cancel(lpy_loop_object *self, PyObject *arg)
{
    unsigned long long id = PyLong_AsUnsignedLongLong(arg);
    if (id == (unsigned long long)-1 && PyErr_Occurred())
        return NULL;
    lp_id handle = lp_loop_find(&self->loop, (uint32_t)(id & 0xffffffffu), (uint32_t)(id >> 32));
    if (handle != LP_ID_NONE) /* else it already ran: nothing to do */
        (void)lp_loop_cancel(&self->loop, handle);
    Py_RETURN_NONE;
}

/* The poll of a loop in another thread: wait(deadline or None) blocks the
** thread in virtual time (shim/loop.py). */
static bool wait_in_thread(lp_loop *loop, double deadline)
{
    lpy_loop_object *self = object_of(loop);
    PyObject *until = isfinite(deadline) ? PyFloat_FromDouble(deadline) : Py_NewRef(Py_None); // new ref
    PyObject *r = until ? PyObject_CallOneArg(self->thread_wait, until) : NULL; // new ref
    Py_XDECREF(until);
    if (r) {
        Py_DECREF(r);
        return true;
    }
    if (!self->pending_type)
        PyErr_Fetch(&self->pending_type, &self->pending_value, &self->pending_tb);
    else
        PyErr_Clear();
    return false;
}

/* run_once(stopping[, wait]): one iteration; with `wait`, of a loop running
** in another thread than the loop thread (lp_loop_run_once_in_thread). */
static PyObject *loop_run_once(lpy_loop_object *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "run_once(stopping[, wait])");
        return NULL;
    }
    int flag = PyObject_IsTrue(args[0]);
    if (flag < 0)
        return NULL;
    lp_loop_set_stopping(&self->loop, flag != 0);
    int rc;
    if (nargs == 2 && args[1] != Py_None) {
        self->thread_wait = args[1]; /* borrowed for the call */
        rc = lp_loop_run_once_in_thread(&self->loop, wait_in_thread);
        self->thread_wait = NULL;
    } else {
        rc = lp_loop_run_once(&self->loop);
    }
    /* over the step budget (a busy loop: LP_E_FULL) or the trace's limit */
    if (lpy_check_budget(lpy_module_state_of_type(Py_TYPE(self))) < 0 || rc == LP_E_FULL)
        return NULL;
    if (rc == LP_E_RANGE) /* the loop would wait past --until: when it would wake */
        return PyFloat_FromDouble(self->loop.limit_wakeup);
    if (self->pending_type) {
        PyErr_Restore(self->pending_type, self->pending_value, self->pending_tb);
        self->pending_type = self->pending_value = self->pending_tb = NULL;
        return NULL;
    }
    return PyBool_FromLong(rc == LP_OK);
}

static PyObject *loop_number(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromLong(self->number);
}

static PyObject *loop_clear(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    lp_loop_close(&self->loop);
    if (init_loop(self) != LP_OK)
        return PyErr_NoMemory();
    Py_RETURN_NONE;
}

static PyObject *loop_set_debug_runs(lpy_loop_object *self, PyObject *warn)
{
    Py_XSETREF(self->slow_warn, warn == Py_None ? NULL : Py_NewRef(warn));
    Py_RETURN_NONE;
}

/* wake(): another thread calls in (_write_to_self): the poll ends (lp_loop_wake). */
static PyObject *loop_wake(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    lp_loop_wake(&self->loop);
    Py_RETURN_NONE;
}

static PyObject *loop_set_debug_off(lpy_loop_object *self, PyObject *flag)
{
    int off = PyObject_IsTrue(flag);
    if (off < 0)
        return NULL;
    self->debug_off = off;
    Py_RETURN_NONE;
}

int lpy_loop_debug_off(PyObject *cloop)
{
    return ((lpy_loop_object *)cloop)->debug_off;
}

int lpy_loop_cancel_handle(PyObject *cloop, uint64_t id)
{
    lpy_loop_object *self = (lpy_loop_object *)cloop;
    lp_id handle = lp_loop_find(&self->loop, (uint32_t)(id & 0xffffffffu), (uint32_t)(id >> 32));
    if (handle != LP_ID_NONE)
        (void)lp_loop_cancel(&self->loop, handle);
    return 0;
}

static PyObject *loop_bind(lpy_loop_object *self, PyObject *pyloop)
{
    Py_XSETREF(self->pyloop, Py_NewRef(pyloop));
    Py_RETURN_NONE;
}

static PyObject *loop_set_closed(lpy_loop_object *self, PyObject *flag)
{
    int closed = PyObject_IsTrue(flag);
    if (closed < 0)
        return NULL;
    self->closed = closed;
    Py_RETURN_NONE;
}

/* Marks task `order` as seen; returns 1 the first time, 0 after, -1 on error. */
static int first_sight(lpy_loop_object *self, unsigned long long order)
{
    size_t byte = (size_t)(order >> 3);
    if (byte >= self->seen_cap) {
        size_t cap = self->seen_cap ? self->seen_cap : 64;
        while (cap <= byte)
            cap *= 2;
        uint8_t *bits = PyMem_Realloc(self->seen_tasks, cap);
        if (!bits) {
            PyErr_NoMemory();
            return -1;
        }
        memset(bits + self->seen_cap, 0, cap - self->seen_cap);
        self->seen_tasks = bits;
        self->seen_cap = cap;
    }
    uint8_t mask = (uint8_t)(1u << (order & 7));
    if (self->seen_tasks[byte] & mask)
        return 0;
    self->seen_tasks[byte] |= mask;
    return 1;
}

/* If `callback` is a step of one of our tasks, records it on the handle
** (and reports the task's first step). Returns 0 or -1. */
static int note_task(lpy_loop_object *self, lpy_module_state *st, lpy_handle *h, PyObject *callback)
{
    PyObject *task = NULL;
    if (PyCFunction_Check(callback)) {
        /* a task's wakeup is a builtin method: its __self__ without a lookup */
        task = PyCFunction_GET_SELF(callback);
        Py_XINCREF(task);
    } else if (_PyObject_LookupAttr(callback, self->self_name, &task) < 0) {
        return -1;
    }
    if (!task)
        return 0;
    if (!PyObject_TypeCheck(task, (PyTypeObject *)st->task_type)) {
        Py_DECREF(task);
        return 0;
    }
    unsigned long long n = lpy_task_order(st, task);
    if (PyErr_Occurred()) {
        Py_DECREF(task);
        return -1;
    }
    h->task_order = n;
    Py_SETREF(h->task, task);
    int first = first_sight(self, n);
    if (first == 1) {
        PyObject *r = PyObject_CallOneArg(st->task_created, task); // new ref
        if (!r)
            return -1;
        Py_DECREF(r);
    }
    return first < 0 ? -1 : 0;
}

/* A safe, short repr of a callback's argument: plain values as Python
** writes them (cut), anything else by its type (a repr could run the
** program's own code). Appends to buf. */
static void arg_words(PyObject *arg, char *buf, size_t n)
{
    size_t o = strlen(buf);
    if (o + 1 >= n)
        return;
    if (arg == Py_None || PyBool_Check(arg) || PyLong_CheckExact(arg) || PyFloat_CheckExact(arg) ||
        PyUnicode_CheckExact(arg)) {
        PyObject *r = PyObject_Repr(arg); // new ref
        const char *t = r ? PyUnicode_AsUTF8(r) : NULL;
        if (t && strlen(t) > 24)
            snprintf(buf + o, n - o, "%.20s\xE2\x80\xA6", t);
        else
            snprintf(buf + o, n - o, "%s", t ? t : "?");
        Py_XDECREF(r);
        PyErr_Clear();
    } else {
        snprintf(buf + o, n - o, "<%s>", Py_TYPE(arg)->tp_name);
    }
}

/* Records what a handle will call, for the window's cards: a function of
** the program's own as "ring('first')" with where the handle was made; one
** of asyncio's (a sleep's wake-up, wait_for's timeout...) by its qualified
** name only, "_set_result_unless_cancelled", in the scheduling record the
** loop just wrote (`kind`) when it is a known call (lp_known_call), else in
** a HANDLE_CALL. Task steps and wake-ups are told by other records, and
** callables that are not plain functions or methods (a functools.partial)
** are left out. Never fails: what it cannot describe it leaves out. */
static void note_call(lpy_loop_object *self, const lpy_handle *h, lp_event_kind kind)
{
    PyObject *callback = h->callback, *cargs = h->args; // borrowed
    if (!callback || !cargs || !PyTuple_Check(cargs))
        return;
    PyObject *fn = PyMethod_Check(callback) ? PyMethod_GET_FUNCTION(callback) : callback; // borrowed
    if (!PyFunction_Check(fn))
        return;
    PyCodeObject *code = (PyCodeObject *)PyFunction_GET_CODE(fn); // borrowed
    PyObject *qual = ((PyFunctionObject *)fn)->func_qualname;     // borrowed
    const char *file = PyUnicode_AsUTF8(code->co_filename);
    const char *name = qual ? PyUnicode_AsUTF8(qual) : NULL;
    if (!file || !name) {
        PyErr_Clear();
        return;
    }
    bool own = file[0] != '<' && !strstr(file, "/asyncio/") && !strstr(file, "/concurrent/");
    lp_known_call known = own ? LP_CALL_OTHER : lp_known_call_of(name);
    if (known != LP_CALL_OTHER &&
        lp_trace_complete_last(&self->engine->trace, kind, (uint32_t)(h->id >> 32), (uint16_t)known))
        return;
    char text[160];
    uint32_t text_sid = 0, file_sid = 0;
    unsigned line = 0;
    snprintf(text, sizeof text, "%s", name);
    if (own) {
        strcat(text, "(");
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(cargs) && strlen(text) < 100; i++) {
            if (i)
                strcat(text, ", ");
            arg_words(PyTuple_GET_ITEM(cargs, i), text, sizeof text);
        }
        if (strlen(text) + 2 < sizeof text)
            strcat(text, ")");
        /* where it was made: the innermost Python frame (call_soon and call_at are C) */
        PyFrameObject *frame = PyEval_GetFrame(); // borrowed
        if (frame) {
            PyCodeObject *at = PyFrame_GetCode(frame); // new ref
            const char *where = PyUnicode_AsUTF8(at->co_filename);
            int no = PyFrame_GetLineNumber(frame);
            if (where && no > 0 && no <= 65535 &&
                lp_trace_intern(&self->engine->trace, where, strlen(where), &file_sid) == LP_OK)
                line = (unsigned)no;
            Py_DECREF(at);
        }
        PyErr_Clear();
    }
    if (lp_trace_intern(&self->engine->trace, text, strlen(text), &text_sid) != LP_OK)
        return;
    emit(self, LP_EV_HANDLE_CALL, h->id >> 32, (uint16_t)line, (uint64_t)file_sid << 32 | text_sid);
}

/* Parses (first..., callback, *args, context=None) as asyncio's signatures,
** from a vectorcall: `skip` leading arguments, then the callback. Returns 0,
** -1 on error, or 1 when the call is unusual (missing arguments, keywords
** other than context): asyncio's own Python method then takes it, so its
** messages and keyword handling are exactly CPython's. */
static int split_call(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames, Py_ssize_t skip,
                      PyObject **callback, PyObject **cargs, PyObject **context)
{
    *context = NULL;
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nkw; i++) {
        if (PyUnicode_CompareWithASCIIString(PyTuple_GET_ITEM(kwnames, i), "context") != 0)
            return 1;
        *context = args[nargs + i] == Py_None ? NULL : args[nargs + i];
    }
    if (*context && !PyContext_CheckExact(*context))
        return 1; /* asyncio's handle takes it, and fails when it runs */
    if (nargs < skip + 1)
        return 1;
    *callback = args[skip];
    *cargs = PyTuple_New(nargs - skip - 1); // new ref
    if (!*cargs)
        return -1;
    for (Py_ssize_t i = skip + 1; i < nargs; i++)
        PyTuple_SET_ITEM(*cargs, i - skip - 1, Py_NewRef(args[i]));
    return 0;
}

/* The unusual call, handed to BaseEventLoop's own method (loop.py names it
** _lp_py_<name>). */
static PyObject *python_call(lpy_loop_object *self, const char *name, PyObject *const *args,
                             size_t nargsf, PyObject *kwnames)
{
    char attr[32];
    snprintf(attr, sizeof attr, "_lp_py_%s", name);
    PyObject *method = PyObject_GetAttrString(self->pyloop, attr); // new ref
    if (!method)
        return NULL;
    PyObject *r = PyObject_Vectorcall(method, args, nargsf, kwnames); // new ref
    Py_DECREF(method);
    return r;
}

static int check_closed(lpy_loop_object *self)
{
    if (self->closed) {
        PyErr_SetString(PyExc_RuntimeError, "Event loop is closed");
        return -1;
    }
    return 0;
}

/* loop.call_soon outside debug mode (shim/loop.py binds it), in C. */
static PyObject *loop_call_soon(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                                PyObject *kwnames)
{
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
    PyObject *callback, *cargs, *context;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (!st || check_closed(self) < 0)
        return NULL;
    int parsed = split_call(args, nargs, kwnames, 0, &callback, &cargs, &context);
    if (parsed)
        return parsed < 0 ? NULL : python_call(self, "call_soon", args, nargsf, kwnames);
    PyObject *handle =
        lpy_handle_new(st->handle_type, callback, cargs, context, self->pyloop, (PyObject *)self);
    Py_DECREF(cargs);
    if (!handle || note_task(self, st, (lpy_handle *)handle, callback) < 0)
        goto error;
    Py_INCREF(handle); /* held by the C loop until released */
    lp_id id = LP_ID_NONE;
    int rc = lp_loop_call_soon(&self->loop, run_handle, handle, &id);
    if (rc != LP_OK) {
        Py_DECREF(handle);
        id_result(self, rc, id);
        goto error;
    }
    ((lpy_handle *)handle)->id = (uint64_t)lp_loop_handle_serial(&self->loop, id) << 32 | lp_id_slot(id);
    if (!((lpy_handle *)handle)->task || ((lpy_handle *)handle)->task == Py_None)
        note_call(self, (lpy_handle *)handle, LP_EV_CALL_SOON);
    return handle;
error:
    Py_XDECREF(handle);
    return NULL;
}

/* loop.create_future(): futures.Future(loop=loop), as BaseEventLoop's,
** with the Future class read from asyncio.futures at each call. */
static PyObject *loop_create_future(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                                    PyObject *kwnames)
{
    if (PyVectorcall_NARGS(nargsf) || kwnames) /* asyncio's own message */
        return python_call(self, "create_future", args, nargsf, kwnames);
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
    if (!st || !st->futures_ns || !self->pyloop) {
        PyErr_SetString(PyExc_RuntimeError, "looplab: the loop is not configured");
        return NULL;
    }
    PyObject *future_type = PyDict_GetItemWithError(st->futures_ns, st->names[LPY_NAME_Future]); // borrowed
    if (!future_type) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_NameError, "name 'Future' is not defined");
        return NULL;
    }
    Py_INCREF(future_type);
    PyObject *loop = self->pyloop;
    PyObject *r = PyObject_Vectorcall(future_type, &loop, 0, st->loop_kwnames); // new ref
    Py_DECREF(future_type);
    return r;
}

static PyObject *schedule_timer(lpy_loop_object *self, lpy_module_state *st, PyObject *when,
                                PyObject *callback, PyObject *cargs, PyObject *context)
{
    double deadline = PyFloat_AsDouble(when);
    if (deadline == -1.0 && PyErr_Occurred())
        return NULL;
    PyObject *handle =
        lpy_handle_new(st->timer_type, callback, cargs, context, self->pyloop, (PyObject *)self);
    if (!handle)
        return NULL;
    lpy_handle *h = (lpy_handle *)handle;
    Py_SETREF(h->when, Py_NewRef(when));
    Py_INCREF(handle);
    lp_id id = LP_ID_NONE;
    int rc = lp_loop_call_at(&self->loop, deadline, run_handle, handle, &id);
    if (rc != LP_OK) {
        Py_DECREF(handle);
        Py_DECREF(handle);
        id_result(self, rc, id);
        return NULL;
    }
    h->id = (uint64_t)lp_loop_handle_serial(&self->loop, id) << 32 | lp_id_slot(id);
    h->scheduled = 1;
    note_call(self, h, LP_EV_CALL_AT);
    return handle;
}

static PyObject *loop_call_at(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                             PyObject *kwnames);

/* Is the asyncio loop's call_at still this C loop's, or has the program put
** its own on the instance (asyncio's call_later then calls that)? */
static int call_at_is_mine(lpy_loop_object *self, lpy_module_state *st)
{
    /* an attribute read, not its __dict__: that would turn the instance's
    ** inline attributes into a dict, and every access of them slower */
    PyObject *bound = self->pyloop ? PyObject_GetAttr(self->pyloop, st->names[LPY_NAME_call_at])
                                   : NULL; // new ref
    int mine = bound && PyCFunction_Check(bound) && PyCFunction_GET_SELF(bound) == (PyObject *)self &&
               PyCFunction_GET_FUNCTION(bound) == (PyCFunction)(void (*)(void))loop_call_at;
    Py_XDECREF(bound);
    PyErr_Clear();
    return mine;
}

/* loop.call_at(when, ...) or, if `relative`, loop.call_later(delay, ...):
** call_at(self.time() + delay, ...), as asyncio computes it. */
static PyObject *timer_call(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                            PyObject *kwnames, int relative)
{
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
    PyObject *callback, *cargs, *context;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (!st)
        return NULL;
    if (relative && !call_at_is_mine(self, st))
        return python_call(self, "call_later", args, nargsf, kwnames);
    int parsed = split_call(args, nargs, kwnames, 1, &callback, &cargs, &context);
    if (parsed)
        return parsed < 0 ? NULL
                          : python_call(self, relative ? "call_later" : "call_at", args, nargsf,
                                        kwnames);
    if (args[0] == Py_None) {
        Py_DECREF(cargs);
        PyErr_SetString(PyExc_TypeError,
                        relative ? "delay must not be None" : "when cannot be None");
        return NULL;
    }
    PyObject *when = Py_NewRef(args[0]);
    if (relative) {
        PyObject *now = PyFloat_FromDouble(self->engine->clock.now); // new ref
        Py_SETREF(when, now ? PyNumber_Add(now, args[0]) : NULL);
        Py_XDECREF(now);
    }
    PyObject *handle = NULL;
    if (when && check_closed(self) == 0)
        handle = schedule_timer(self, st, when, callback, cargs, context);
    Py_DECREF(cargs);
    Py_XDECREF(when);
    return handle;
}

/* loop.call_at outside debug mode, in C. */
static PyObject *loop_call_at(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                              PyObject *kwnames)
{
    return timer_call(self, args, nargsf, kwnames, 0);
}

/* loop.call_later outside debug mode, in C. */
static PyObject *loop_call_later(lpy_loop_object *self, PyObject *const *args, size_t nargsf,
                                 PyObject *kwnames)
{
    return timer_call(self, args, nargsf, kwnames, 1);
}

static PyObject *loop_polling(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    return PyBool_FromLong(self->loop.polling);
}

static PyObject *loop_timer_cancelled_count(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSize_t(self->loop.timer_cancelled_count);
}

static PyObject *loop_timer_count(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSize_t(lp_loop_timer_count(&self->loop));
}

static Py_ssize_t loop_len(lpy_loop_object *self)
{
    return (Py_ssize_t)lp_loop_ready_count(&self->loop);
}

static PyMethodDef loop_methods[] = {
    {"push_ready", (PyCFunction)loop_push_ready, METH_O, "call_soon: schedule a handle."},
    {"append", (PyCFunction)loop_append, METH_O, "The same, as deque.append."},
    {"push_timer", (PyCFunction)(void (*)(void))loop_push_timer, METH_FASTCALL,
     "call_at: schedule a handle at a virtual time."},
    {"cancel", (PyCFunction)loop_cancel, METH_O, "Cancel a handle by id."},
    {"run_once", (PyCFunction)(void (*)(void))loop_run_once, METH_FASTCALL,
     "Run one iteration; run_once(stopping, wait) in another thread."},
    {"clear", (PyCFunction)loop_clear, METH_NOARGS, "Drop every handle."},
    {"number", (PyCFunction)loop_number, METH_NOARGS, "The loop's number in the trace (records' flags)."},
    {"timer_count", (PyCFunction)loop_timer_count, METH_NOARGS, "Timers in the heap."},
    {"timer_cancelled_count", (PyCFunction)loop_timer_cancelled_count, METH_NOARGS,
     "Cancelled timers still in the heap (asyncio's _timer_cancelled_count)."},
    {"polling", (PyCFunction)loop_polling, METH_NOARGS,
     "Is the loop in its poll (other threads' turns running)?"},
    {"bind", (PyCFunction)loop_bind, METH_O, "The asyncio loop that owns this C loop."},
    {"after_step", (PyCFunction)loop_after_step, METH_O,
     "Record where a task stopped after a step (debug mode's handles)."},
    {"set_closed", (PyCFunction)loop_set_closed, METH_O, "The asyncio loop closed."},
    {"call_soon", (PyCFunction)(void (*)(void))loop_call_soon, METH_FASTCALL | METH_KEYWORDS,
     "asyncio's call_soon, outside debug mode."},
    {"call_at", (PyCFunction)(void (*)(void))loop_call_at, METH_FASTCALL | METH_KEYWORDS,
     "asyncio's call_at, outside debug mode."},
    {"call_later", (PyCFunction)(void (*)(void))loop_call_later, METH_FASTCALL | METH_KEYWORDS,
     "asyncio's call_later, outside debug mode."},
    {"create_future", (PyCFunction)(void (*)(void))loop_create_future, METH_FASTCALL | METH_KEYWORDS,
     "asyncio's create_future: futures.Future(loop=loop)."},
    {"wake", (PyCFunction)loop_wake, METH_NOARGS,
     "Another thread calls in (_write_to_self): the poll returns."},
    {"set_debug_off", (PyCFunction)loop_set_debug_off, METH_O,
     "Outside debug mode with BaseEventLoop's get_debug: handles need not ask it."},
    {"set_debug_runs", (PyCFunction)loop_set_debug_runs, METH_O,
     "Debug mode: handles timed, warn(handle, seconds) told of a slow one; None: off."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot loop_slots[] = {
    {Py_tp_new, loop_new},
    {Py_tp_dealloc, loop_dealloc},
    {Py_tp_traverse, loop_traverse},
    {Py_tp_clear, loop_clear_refs},
    {Py_tp_methods, loop_methods},
    {Py_sq_length, loop_len},
    {Py_tp_doc, "looplab's C event loop: ready queue, timer heap, virtual clock."},
    {0, NULL},
};

static PyType_Spec loop_spec = {
    .name = "_looplab.Loop",
    .basicsize = sizeof(lpy_loop_object),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .slots = loop_slots,
};

int lpy_looptype_add(PyObject *module, lpy_module_state *state)
{
    PyObject *type = PyType_FromModuleAndSpec(module, &loop_spec, NULL); // new ref
    if (!type)
        return -1;
    state->loop_type = (PyTypeObject *)type;
    Py_INCREF(type);
    if (PyModule_AddObject(module, "Loop", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}
