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
**   set_runner(fn or None)          debug mode: fn(handle) runs each handle
*/
#include <stddef.h>

#include "core/loop.h"
#include "core/status.h"
#include "py/module.h"

typedef struct lpy_loop_object {
    PyObject_HEAD
    lp_loop     loop;
    lpy_engine *engine;      /* borrowed from the module state */
    PyObject   *pending_type;  /* exception a callback let escape, re-raised by */
    PyObject   *pending_value; /* run_once (SystemExit, KeyboardInterrupt); all */
    PyObject   *pending_tb;    /* three new refs or NULL */
    PyObject   *run_name;    /* interned "_run"; new ref */
    PyObject   *runner;      /* debug mode: runner(handle) runs each handle; new ref or NULL */
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
static void run_handle(lp_loop *loop, void *ctx)
{
    lpy_loop_object *self = object_of(loop);
    PyObject *result = self->runner
                           ? PyObject_CallOneArg(self->runner, (PyObject *)ctx)
                           : PyObject_CallMethodNoArgs((PyObject *)ctx, self->run_name); // new ref
    if (result) {
        Py_DECREF(result);
        return;
    }
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
    self->run_name = PyUnicode_InternFromString("_run");
    if (!self->run_name || init_loop(self) != LP_OK) {
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
    Py_VISIT(self->runner);
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
    Py_CLEAR(self->runner);
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
    Py_XDECREF(self->runner);
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
    if (when != when) {
        PyErr_SetString(PyExc_ValueError, "a timer's deadline cannot be NaN");
        return NULL;
    }
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

static PyObject *loop_run_once(lpy_loop_object *self, PyObject *stopping)
{
    int flag = PyObject_IsTrue(stopping);
    if (flag < 0)
        return NULL;
    lp_loop_set_stopping(&self->loop, flag != 0);
    int rc = lp_loop_run_once(&self->loop);
    if (rc == LP_E_FULL) { /* over the step budget: a busy loop */
        lpy_check_budget(lpy_module_state_of_type(Py_TYPE(self)));
        return NULL;
    }
    if (rc == LP_E_RANGE) /* the loop would wait past --until: when it would wake */
        return PyFloat_FromDouble(self->loop.limit_wakeup);
    if (self->pending_type) {
        PyErr_Restore(self->pending_type, self->pending_value, self->pending_tb);
        self->pending_type = self->pending_value = self->pending_tb = NULL;
        return NULL;
    }
    return PyBool_FromLong(rc == LP_OK);
}

static PyObject *loop_clear(lpy_loop_object *self, PyObject *unused)
{
    (void)unused;
    lp_loop_close(&self->loop);
    if (init_loop(self) != LP_OK)
        return PyErr_NoMemory();
    Py_RETURN_NONE;
}

static PyObject *loop_set_runner(lpy_loop_object *self, PyObject *runner)
{
    Py_XSETREF(self->runner, runner == Py_None ? NULL : Py_NewRef(runner));
    Py_RETURN_NONE;
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
    {"run_once", (PyCFunction)loop_run_once, METH_O, "Run one iteration."},
    {"clear", (PyCFunction)loop_clear, METH_NOARGS, "Drop every handle."},
    {"timer_count", (PyCFunction)loop_timer_count, METH_NOARGS, "Timers in the heap."},
    {"set_runner", (PyCFunction)loop_set_runner, METH_O,
     "Debug mode: runner(handle) runs each handle instead of handle._run(); None: off."},
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
