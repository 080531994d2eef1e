/* handle.c - looplab py: _looplab.Handle and _looplab.TimerHandle.
**
** asyncio's Handle and TimerHandle are Python objects: making one and
** running it costs more than everything the C loop does around it. These
** C types are the same objects for every purpose asyncio has: the same
** attributes (_callback, _args, _context, _loop, _cancelled, _repr,
** _source_traceback, _when, _scheduled), cancel(), cancelled(), when() and
** _run(), whose error path is asyncio's own code (shim/loop.py passes it
** in). shim/loop.py borrows repr and comparisons from asyncio's classes.
** The loop uses them outside debug mode; in debug mode asyncio's own
** classes keep their creation tracebacks.
**
** A handle also knows its id in the C loop (_lp_id) and, for a task's
** step, the task (_lp_task), so introspection costs no lookup.
*/
#include "py/handle.h"

#include <structmember.h>

static lpy_handle *as_handle(PyObject *o) { return (lpy_handle *)o; }

PyObject *lpy_handle_new(PyTypeObject *type, PyObject *callback, PyObject *args,
                         PyObject *context, PyObject *loop, PyObject *cloop)
{
    lpy_handle *h = PyObject_GC_New(lpy_handle, type); // new ref
    if (!h)
        return NULL;
    h->callback = Py_NewRef(callback);
    h->args = Py_NewRef(args);
    h->context = context ? Py_NewRef(context) : PyContext_CopyCurrent();
    h->loop = Py_NewRef(loop);
    h->cloop = Py_NewRef(cloop);
    h->source_traceback = Py_NewRef(Py_None);
    h->repr = Py_NewRef(Py_None);
    h->task = Py_NewRef(Py_None);
    h->when = Py_NewRef(Py_None);
    h->weakrefs = NULL;
    h->id = 0;
    h->task_order = 0;
    h->cancelled = 0;
    h->scheduled = 0;
    PyObject_GC_Track(h);
    if (!h->context) {
        Py_DECREF(h);
        return NULL;
    }
    return (PyObject *)h;
}

static int handle_traverse(PyObject *self, visitproc visit, void *arg)
{
    lpy_handle *h = as_handle(self);
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(h->callback);
    Py_VISIT(h->args);
    Py_VISIT(h->context);
    Py_VISIT(h->loop);
    Py_VISIT(h->cloop);
    Py_VISIT(h->source_traceback);
    Py_VISIT(h->repr);
    Py_VISIT(h->task);
    Py_VISIT(h->when);
    return 0;
}

static int handle_clear(PyObject *self)
{
    lpy_handle *h = as_handle(self);
    Py_CLEAR(h->callback);
    Py_CLEAR(h->args);
    Py_CLEAR(h->context);
    Py_CLEAR(h->loop);
    Py_CLEAR(h->cloop);
    Py_CLEAR(h->source_traceback);
    Py_CLEAR(h->repr);
    Py_CLEAR(h->task);
    Py_CLEAR(h->when);
    return 0;
}

static void handle_dealloc(PyObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (as_handle(self)->weakrefs)
        PyObject_ClearWeakRefs(self);
    handle_clear(self);
    PyObject_GC_Del(self);
    Py_DECREF(type);
}

int lpy_handle_run(PyObject *self, PyObject *report_error)
{
    lpy_handle *h = as_handle(self);
    if (h->cancelled || !h->callback)
        return 0;
    if (!h->args || !PyTuple_Check(h->args) || !h->context) {
        /* only a program that rewrote the handle's attributes gets here */
        PyErr_SetString(PyExc_TypeError, "a handle's _args must be a tuple");
        return -1;
    }
    /* self._context.run(self._callback, *self._args) */
    PyObject *callback = Py_NewRef(h->callback), *args = Py_NewRef(h->args);
    PyObject *context = Py_NewRef(h->context);
    PyObject *result = NULL;
    if (PyContext_Enter(context) == 0) {
        result = PyObject_Vectorcall(callback, &PyTuple_GET_ITEM(args, 0),
                                     (size_t)PyTuple_GET_SIZE(args), NULL); // new ref
        if (PyContext_Exit(context) < 0)
            Py_CLEAR(result);
    }
    Py_DECREF(callback);
    Py_DECREF(args);
    Py_DECREF(context);
    if (result) {
        Py_DECREF(result);
        return 0;
    }
    /* the traceback reads as under asyncio's Python handle: its _run frame
    ** comes before the callback's */
    lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
    if (st)
        lpy_add_run_entry(st);
    if (PyErr_ExceptionMatches(PyExc_SystemExit) ||
        PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
        return -1;
    /* asyncio's `except BaseException as exc:` block, in Python (loop.py),
    ** run as the handler of the exception: sys.exc_info() is it, and what
    ** the block raises is chained to it ("During handling of ...") */
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb)
        PyException_SetTraceback(value, tb);
    PyObject *outer = PyErr_GetHandledException(); // new ref or NULL
    PyErr_SetHandledException(value);
    PyObject *r = PyObject_CallFunctionObjArgs(report_error, self, value, NULL); // new ref
    PyErr_SetHandledException(outer);
    Py_XDECREF(outer);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    if (!r)
        return -1;
    Py_DECREF(r);
    return 0;
}

/* The C code reads the attributes without checking for NULL: none can be
** deleted (the program can reach handles: call_soon returns them). */
static int handle_setattro(PyObject *self, PyObject *name, PyObject *value)
{
    if (!value) {
        PyErr_Format(PyExc_AttributeError, "a handle's attribute '%U' cannot be deleted", name);
        return -1;
    }
    return PyObject_GenericSetAttr(self, name, value);
}

static PyObject *handle_cancel(PyObject *self, PyObject *unused)
{
    (void)unused;
    lpy_handle *h = as_handle(self);
    if (h->cancelled)
        Py_RETURN_NONE;
    if (!h->cloop || !h->loop) { /* cleared by the GC (handle_clear): no loop to tell */
        h->cancelled = 1;
        Py_RETURN_NONE;
    }
    if (lpy_loop_cancel_handle(h->cloop, h->id) < 0)
        return NULL;
    h->cancelled = 1;
    /* asyncio's: if self._loop.get_debug(): self._repr = repr(self) */
    int is_debug = 0;
    if (!lpy_loop_debug_off(h->cloop)) {
        lpy_module_state *st = lpy_module_state_of_type(Py_TYPE(self));
        PyObject *debug = st ? PyObject_CallMethodNoArgs(h->loop, st->names[LPY_NAME_get_debug])
                             : NULL; // new ref
        if (!debug)
            return NULL;
        is_debug = PyObject_IsTrue(debug);
        Py_DECREF(debug);
    }
    if (is_debug > 0) {
        PyObject *repr = PyObject_Repr(self); // new ref
        if (!repr)
            return NULL;
        Py_SETREF(h->repr, repr);
    }
    Py_XSETREF(h->callback, Py_NewRef(Py_None));
    Py_XSETREF(h->args, Py_NewRef(Py_None));
    Py_RETURN_NONE;
}

static PyObject *handle_cancelled(PyObject *self, PyObject *unused)
{
    (void)unused;
    return PyBool_FromLong(as_handle(self)->cancelled);
}

static PyObject *handle_run_method(PyObject *self, PyObject *unused)
{
    (void)unused;
    PyObject *report = lpy_handle_error_reporter(Py_TYPE(self));
    if (!report || lpy_handle_run(self, report) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *handle_when(PyObject *self, PyObject *unused)
{
    (void)unused;
    return Py_NewRef(as_handle(self)->when);
}

static PyMethodDef handle_methods[] = {
    {"cancel", handle_cancel, METH_NOARGS, "Cancel the call; it will never run."},
    {"cancelled", handle_cancelled, METH_NOARGS, "Whether the call was cancelled."},
    {"_run", handle_run_method, METH_NOARGS, "Run the callback in its context."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef timer_methods[] = {
    {"when", handle_when, METH_NOARGS, "The time the call is scheduled for."},
    {NULL, NULL, 0, NULL},
};

#define H_OFF(field) offsetof(lpy_handle, field)
static PyMemberDef handle_members[] = {
    {"_callback", T_OBJECT, H_OFF(callback), 0, NULL},
    {"_args", T_OBJECT, H_OFF(args), 0, NULL},
    {"_context", T_OBJECT, H_OFF(context), READONLY, NULL},
    {"_loop", T_OBJECT, H_OFF(loop), READONLY, NULL},
    {"_source_traceback", T_OBJECT, H_OFF(source_traceback), 0, NULL},
    {"_repr", T_OBJECT, H_OFF(repr), 0, NULL},
    {"_cancelled", T_BOOL, H_OFF(cancelled), 0, NULL},
    {"_lp_task", T_OBJECT, H_OFF(task), 0, NULL},
    {"_lp_id", T_ULONGLONG, H_OFF(id), READONLY, NULL},
    {"__weaklistoffset__", T_PYSSIZET, H_OFF(weakrefs), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyMemberDef timer_members[] = {
    {"_when", T_OBJECT, H_OFF(when), 0, NULL},
    {"_scheduled", T_BOOL, H_OFF(scheduled), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot handle_slots[] = {
    {Py_tp_dealloc, handle_dealloc},
    {Py_tp_traverse, handle_traverse},
    {Py_tp_clear, handle_clear},
    {Py_tp_setattro, handle_setattro},
    {Py_tp_methods, handle_methods},
    {Py_tp_members, handle_members},
    {Py_tp_doc, "asyncio's Handle, in C (see src/py/handle.c)."},
    {0, NULL},
};

static PyType_Slot timer_slots[] = {
    {Py_tp_dealloc, handle_dealloc},
    {Py_tp_traverse, handle_traverse},
    {Py_tp_clear, handle_clear},
    {Py_tp_setattro, handle_setattro},
    {Py_tp_methods, timer_methods},
    {Py_tp_members, timer_members},
    {Py_tp_doc, "asyncio's TimerHandle, in C (see src/py/handle.c)."},
    {0, NULL},
};

static PyType_Spec handle_spec = {
    .name = "_looplab.Handle",
    .basicsize = sizeof(lpy_handle),
    /* made by the loop only (lpy_handle_new): object.__new__ would leave
    ** every field NULL */
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = handle_slots,
};

static PyType_Spec timer_spec = {
    .name = "_looplab.TimerHandle",
    .basicsize = sizeof(lpy_handle),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = timer_slots,
};

int lpy_handle_types_add(PyObject *module, lpy_module_state *state)
{
    PyObject *handle = PyType_FromModuleAndSpec(module, &handle_spec, NULL); // new ref
    if (!handle)
        return -1;
    PyObject *timer = PyType_FromModuleAndSpec(module, &timer_spec, handle); // new ref
    if (!timer) {
        Py_DECREF(handle);
        return -1;
    }
    state->handle_type = (PyTypeObject *)handle;
    state->timer_type = (PyTypeObject *)timer;
    if (PyModule_AddObjectRef(module, "Handle", handle) < 0 ||
        PyModule_AddObjectRef(module, "TimerHandle", timer) < 0)
        return -1;
    return 0;
}

PyObject *lpy_handle_error_reporter(PyTypeObject *type)
{
    lpy_module_state *st = lpy_module_state_of_type(type);
    if (st && !st->report_error)
        PyErr_SetString(PyExc_RuntimeError, "looplab: handles are not configured");
    return st ? st->report_error : NULL;
}
