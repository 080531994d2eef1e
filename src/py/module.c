/* module.c - looplab py: the `_looplab` module's functions.
**
**   now()            the virtual clock, seconds
**   block(until)     the loop thread blocks (time.sleep, CPU work) until then
**   options()        dict of the run's options (stamp, seed, until, trust)
**   shim_files()     dict name -> code object of the embedded shim modules
**   stop(status, message)  end the run now (deadlock, a limit)
**   steps()          (steps, steps in a row at this instant): busy loops
**   where(coro)      (code, line, awaited) as the per-step introspection reads it
**   intern(text)     a string id in the trace
**   trace(kind, subject, small, arg)   a record (kinds: EV_TASK_NEW, ...)
**   Loop             the C loop type (looptype.c)
*/
#include "py/module.h"

#include <marshal.h>
#include <structmember.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/status.h"
#include "py/embedded.h"
#include "py/frames.h"
#include "py/handle.h"
#include "py/lock.h"
#include "py/gate.h"
#include "py/limits.h"

static lpy_module_state *state_of(PyObject *module)
{
    return (lpy_module_state *)PyModule_GetState(module);
}

static PyObject *mod_now(PyObject *module, PyObject *unused)
{
    (void)unused;
    return PyFloat_FromDouble(state_of(module)->engine->clock.now);
}

static PyObject *mod_block(PyObject *module, PyObject *arg)
{
    double until = PyFloat_AsDouble(arg);
    if (until == -1.0 && PyErr_Occurred())
        return NULL;
    lp_lanes_block(&state_of(module)->engine->lanes, until);
    if (lpy_check_budget(state_of(module)) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *mod_options(PyObject *module, PyObject *unused)
{
    (void)unused;
    const lpy_options *o = &state_of(module)->engine->options;
    return Py_BuildValue("{s:O,s:K,s:d,s:O}", "stamp", o->stamp ? Py_True : Py_False, "seed",
                         (unsigned long long)o->seed, "until", o->until, "trust",
                         o->trust ? Py_True : Py_False);
}

static PyObject *mod_shim_files(PyObject *module, PyObject *unused)
{
    (void)module;
    (void)unused;
    PyObject *files = PyDict_New(); // new ref
    if (!files)
        return NULL;
    for (const lpy_embedded_file *f = lpy_shim_files; f->name; f++) {
        PyObject *code = PyMarshal_ReadObjectFromString((const char *)f->code, f->size); // new ref
        if (!code || PyDict_SetItemString(files, f->name, code) < 0) {
            Py_XDECREF(code);
            Py_DECREF(files);
            return NULL;
        }
        Py_DECREF(code);
    }
    return files;
}

/* `text` as valid UTF-8 for the trace (new ref): a lone surrogate (a name
** from os.listdir or sys.argv with bytes that are not UTF-8) becomes the
** byte it stands for and then U+FFFD, as a terminal shows what print()
** wrote with surrogateescape. NULL on error. */
static PyObject *traceable_text(PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "intern() takes a str");
        return NULL;
    }
    if (PyUnicode_AsUTF8AndSize(text, NULL))
        return Py_NewRef(text);
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError))
        return NULL;
    PyErr_Clear();
    PyObject *raw = PyUnicode_AsEncodedString(text, "utf-8", "surrogateescape"); // new ref
    if (!raw)
        return NULL;
    PyObject *clean =
        PyUnicode_DecodeUTF8(PyBytes_AS_STRING(raw), PyBytes_GET_SIZE(raw), "replace"); // new ref
    Py_DECREF(raw);
    return clean;
}

static PyObject *mod_intern(PyObject *module, PyObject *arg)
{
    PyObject *clean = traceable_text(arg); // new ref
    Py_ssize_t len;
    const char *text = clean ? PyUnicode_AsUTF8AndSize(clean, &len) : NULL;
    if (!text) {
        Py_XDECREF(clean);
        return NULL;
    }
    uint32_t sid;
    int rc = lp_trace_intern(&state_of(module)->engine->trace, text, (size_t)len, &sid);
    Py_DECREF(clean);
    if (rc != LP_OK)
        return PyErr_NoMemory();
    return PyLong_FromUnsignedLong(sid);
}

/* trace(kind, subject, small, arg[, loop]): appends a record at the current
** time; arg is an int (arg.u64) or a float (arg.when); loop: the number of
** the loop it belongs to (Loop.number(), the record's flags; default 0). A
** TASK_STEP goes into the RUN just written when it can (lp_trace_task_step). */
static PyObject *mod_trace(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 && nargs != 5) {
        PyErr_SetString(PyExc_TypeError, "trace(kind, subject, small, arg[, loop])");
        return NULL;
    }
    unsigned long kind = PyLong_AsUnsignedLong(args[0]);
    unsigned long subject = PyLong_AsUnsignedLong(args[1]);
    unsigned long small = PyLong_AsUnsignedLong(args[2]);
    unsigned long loop = nargs == 5 ? PyLong_AsUnsignedLong(args[4]) : 0;
    lp_event_arg arg = {.u64 = 0};
    if (PyFloat_Check(args[3]))
        arg.when = PyFloat_AS_DOUBLE(args[3]); /* a time or a rate */
    else
        arg.u64 = PyLong_AsUnsignedLongLong(args[3]);
    if (PyErr_Occurred())
        return NULL;
    if (kind >= LP_EV__COUNT || subject > UINT32_MAX || small > UINT16_MAX || loop > UINT8_MAX) {
        PyErr_SetString(PyExc_ValueError, "trace: argument out of range");
        return NULL;
    }
    lpy_engine *engine = state_of(module)->engine;
    lp_event ev = {engine->clock.now, (uint32_t)subject, (uint8_t)kind, (uint8_t)loop, (uint16_t)small, arg};
    int rc = kind == LP_EV_TASK_STEP && arg.u64 <= UINT32_MAX /* folded into its RUN when it can */
                 ? lp_trace_task_step(&engine->trace, ev.time, ev.flags, ev.subject, (uint32_t)arg.u64)
                 : lp_trace_append(&engine->trace, &ev);
    if (rc != LP_OK)
        return PyErr_NoMemory();
    Py_RETURN_NONE;
}

/* stop(status, message): ends the run now, as the reference runner's stops
** do (os._exit): the message goes to stderr after stdout is flushed; no
** atexit handler runs. The engine's at_stop hook saves the trace first. */
static PyObject *mod_stop(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "stop(status, message)");
        return NULL;
    }
    int status = (int)PyLong_AsLong(args[0]);
    const char *message = PyUnicode_AsUTF8(args[1]);
    if (!message || PyErr_Occurred())
        return NULL;
    fflush(stdout);
    fputs(message, stderr);
    fflush(stderr);
    lpy_engine *engine = state_of(module)->engine;
    if (engine->at_stop)
        engine->at_stop(engine, status, engine->at_stop_user);
    _exit(status);
}

/* set_stop_handler(handler, step_budget): handler(kind) ends the run when
** the engine must stop it; a busy loop is more than step_budget steps in a
** row at one instant (both from shim/stops.py, the numbers from vreport.py). */
static PyObject *mod_set_stop_handler(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "set_stop_handler(handler, step_budget)");
        return NULL;
    }
    unsigned long long budget = PyLong_AsUnsignedLongLong(args[1]);
    if (budget == (unsigned long long)-1 && PyErr_Occurred())
        return NULL;
    lpy_module_state *st = state_of(module);
    if (st->stop_handler) { /* set once, by the shim: no one switches the stops after it */
        PyErr_SetString(PyExc_PermissionError, "looplab's stop handler is set once");
        return NULL;
    }
    st->stop_handler = Py_NewRef(args[0]);
    st->engine->clock.step_budget = budget;
    Py_RETURN_NONE;
}

int lpy_check_budget(lpy_module_state *st)
{
    const char *kind = st->engine->clock.over_budget ? "busy"
                       : lp_trace_bytes(&st->engine->trace) > LPY_TRACE_LIMIT_BYTES ? "trace"
                                                                                    : NULL;
    if (!kind)
        return 0;
    if (!st->stop_handler) {
        PyErr_Format(PyExc_RuntimeError, "looplab: a stop (%s) and no stop handler", kind);
        return -1;
    }
    PyObject *r = PyObject_CallFunction(st->stop_handler, "s", kind); // new ref; exits
    Py_XDECREF(r);
    /* The handler came back: something kept it from ending the run (a
    ** patched shim). The stop holds all the same, from here. */
    PyErr_Clear();
    lpy_engine *engine = st->engine;
    fflush(stdout);
    fprintf(stderr, "looplab: stopped at t=%.3f: %s\n", engine->clock.now,
            strcmp(kind, "busy") == 0
                ? "the program ran too many steps in a row without virtual time moving "
                  "(looplab's busy-loop limit)"
                : "the trace grew past its limit (looplab's trace limit)");
    fflush(stderr);
    if (engine->at_stop)
        engine->at_stop(engine, LPY_LIMIT_STATUS, engine->at_stop_user);
    _exit(LPY_LIMIT_STATUS);
}

/* Where instances of `type` keep attribute `name`, if it is an object slot
** (__slots__); else -1. */
static Py_ssize_t slot_offset(PyObject *type, PyObject *name)
{
    if (!PyType_Check(type))
        return -1;
    PyObject *descr = PyObject_GetAttr(type, name); // new ref; a slot gives its descriptor
    if (!descr) {
        PyErr_Clear();
        return -1;
    }
    Py_ssize_t offset = -1;
    if (Py_IS_TYPE(descr, &PyMemberDescr_Type)) {
        PyMemberDef *member = ((PyMemberDescrObject *)descr)->d_member;
        if (member->type == T_OBJECT_EX && !(member->flags & READ_RESTRICTED))
            offset = member->offset;
    }
    Py_DECREF(descr);
    return offset;
}

unsigned long long lpy_task_order(lpy_module_state *st, PyObject *task)
{
    if (st->order_offset >= 0 && (PyObject *)Py_TYPE(task) == st->task_type) {
        /* the hot path: one slot read instead of an attribute lookup per handle */
        PyObject *order = *(PyObject **)((char *)task + st->order_offset); // borrowed
        if (order && PyLong_CheckExact(order))
            return PyLong_AsUnsignedLongLong(order);
    }
    PyObject *order = PyObject_GetAttr(task, st->names[LPY_NAME__lp_order]); // new ref
    unsigned long long n = order ? PyLong_AsUnsignedLongLong(order) : 0;
    Py_XDECREF(order);
    return n;
}

void lpy_add_run_entry(lpy_module_state *st)
{
    if (!st->run_entry || !PyErr_Occurred())
        return;
    PyTracebackObject *entry = (PyTracebackObject *)st->run_entry;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    /* types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno) */
    PyObject *with_run = PyObject_CallFunction((PyObject *)&PyTraceBack_Type, "OOii",
                                               tb ? tb : Py_None, (PyObject *)entry->tb_frame,
                                               entry->tb_lasti, entry->tb_lineno); // new ref
    if (with_run) {
        Py_XSETREF(tb, with_run);
    } else {
        PyErr_Clear();
    }
    PyErr_Restore(type, value, tb);
}

/* configure(report_error, task_type, task_created, describe, executor_futures,
**           futures_globals, run_entry) */
static PyObject *mod_configure(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 7 || !PyDict_Check(args[4]) || !PyDict_Check(args[5]) ||
        (args[6] != Py_None && !PyTraceBack_Check(args[6]))) {
        PyErr_SetString(PyExc_TypeError, "configure(report_error, task_type, task_created, "
                                         "describe, executor_futures: dict, futures_globals: dict, "
                                         "run_entry: traceback or None)");
        return NULL;
    }
    lpy_module_state *st = state_of(module);
    Py_XSETREF(st->report_error, Py_NewRef(args[0]));
    Py_XSETREF(st->task_type, Py_NewRef(args[1]));
    st->order_offset = slot_offset(args[1], st->names[LPY_NAME__lp_order]);
    Py_XSETREF(st->task_created, Py_NewRef(args[2]));
    Py_XSETREF(st->describe, Py_NewRef(args[3]));
    Py_XSETREF(st->executor_futures, Py_NewRef(args[4]));
    Py_XSETREF(st->futures_ns, Py_NewRef(args[5]));
    Py_XSETREF(st->run_entry, args[6] == Py_None ? NULL : Py_NewRef(args[6]));
    if (!st->loop_kwnames && !(st->loop_kwnames = PyTuple_Pack(1, st->names[LPY_NAME_loop])))
        return NULL;
    /* borrowed from the dict, kept as new refs: the program may rebind them later */
    Py_XSETREF(st->future_type, Py_XNewRef(PyDict_GetItemWithError(args[5], st->names[LPY_NAME_Future])));
    Py_XSETREF(st->sleep_wakeup, Py_XNewRef(PyDict_GetItemWithError(
                                     args[5], st->names[LPY_NAME__set_result_unless_cancelled])));
    if (PyErr_Occurred())
        return NULL;
    if (!st->described && !(st->described = PyDict_New()))
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *mod_steps(PyObject *module, PyObject *unused)
{
    (void)unused;
    const lp_clock *clock = &state_of(module)->engine->clock;
    return Py_BuildValue("KK", (unsigned long long)clock->steps,
                         (unsigned long long)clock->instant_steps);
}

/* where(obj): (code, line, awaited) of a suspended coroutine, generator or
** async generator as frames.c reads it, or None; tests compare it with
** cr_frame.f_code, cr_frame.f_lineno and cr_await. */
static PyObject *mod_where(PyObject *module, PyObject *obj)
{
    (void)module;
    PyCodeObject *code;
    int lasti, line;
    PyObject *awaited;
    if (!lpy_frames_where(obj, &code, &lasti, &line, &awaited))
        Py_RETURN_NONE;
    PyObject *r = Py_BuildValue("(OiO)", (PyObject *)code, line, awaited ? awaited : Py_None);
    Py_XDECREF(awaited);
    return r;
}

static PyMethodDef module_methods[] = {
    {"where", mod_where, METH_O, "(code, line, awaited) of a suspended coroutine, or None."},
    {"stop", (PyCFunction)(void (*)(void))mod_stop, METH_FASTCALL,
     "End the run now with a status and a message for stderr."},
    {"configure", (PyCFunction)(void (*)(void))mod_configure, METH_FASTCALL,
     "Hooks from the shim: configure(report_error, task_type, task_created, describe, "
     "executor_futures, futures_globals, run_entry)."},
    {"set_stop_handler", (PyCFunction)(void (*)(void))mod_set_stop_handler, METH_FASTCALL,
     "set_stop_handler(handler, step_budget): handler(kind) ends the run ('busy')."},
    {"steps", mod_steps, METH_NOARGS,
     "(steps so far, steps in a row at the current instant)."},
    {"intern", mod_intern, METH_O, "Intern a string in the trace; returns its id."},
    {"trace", (PyCFunction)(void (*)(void))mod_trace, METH_FASTCALL,
     "Append a trace record: trace(kind, subject, small, arg[, loop])."},
    {"now", mod_now, METH_NOARGS, "The virtual clock, in seconds since the program started."},
    {"block", mod_block, METH_O, "Block the loop thread until the given virtual time."},
    {"options", mod_options, METH_NOARGS, "The options of this run, as a dict."},
    {"shim_files", mod_shim_files, METH_NOARGS, "The embedded shim modules' code objects."},
    {NULL, NULL, 0, NULL},
};

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    lpy_module_state *st = state_of(module);
    Py_VISIT(st->loop_type);
    Py_VISIT(st->keepalive);
    Py_VISIT(st->stop_handler);
    Py_VISIT(st->describe);
    Py_VISIT(st->executor_futures);
    Py_VISIT(st->futures_ns);
    Py_VISIT(st->loop_kwnames);
    Py_VISIT(st->future_type);
    Py_VISIT(st->sleep_wakeup);
    Py_VISIT(st->run_entry);
    Py_VISIT(st->described);
    Py_VISIT(st->task_created);
    Py_VISIT(st->task_type);
    Py_VISIT(st->report_error);
    Py_VISIT(st->timer_type);
    Py_VISIT(st->handle_type);
    Py_VISIT(st->lock_wait);
    Py_VISIT(st->lock_handoff);
    Py_VISIT(st->lock_rules);
    Py_VISIT(st->lock_file);
    Py_VISIT(st->gate_type);
    return 0;
}

static int module_clear(PyObject *module)
{
    lpy_module_state *st = state_of(module);
    Py_CLEAR(st->loop_type);
    Py_CLEAR(st->keepalive);
    for (int i = 0; i < LPY_NAME_COUNT; i++)
        Py_CLEAR(st->names[i]);
    Py_CLEAR(st->stop_handler);
    Py_CLEAR(st->describe);
    Py_CLEAR(st->executor_futures);
    Py_CLEAR(st->futures_ns);
    Py_CLEAR(st->loop_kwnames);
    Py_CLEAR(st->future_type);
    Py_CLEAR(st->sleep_wakeup);
    Py_CLEAR(st->run_entry);
    Py_CLEAR(st->described);
    Py_CLEAR(st->task_created);
    Py_CLEAR(st->task_type);
    Py_CLEAR(st->report_error);
    Py_CLEAR(st->timer_type);
    Py_CLEAR(st->handle_type);
    Py_CLEAR(st->lock_wait);
    Py_CLEAR(st->lock_handoff);
    Py_CLEAR(st->lock_rules);
    Py_CLEAR(st->lock_file);
    Py_CLEAR(st->gate_type);
    return 0;
}

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_looplab",
    .m_doc = "looplab's engine: the virtual clock and the C event loop.",
    .m_size = sizeof(lpy_module_state),
    .m_methods = module_methods,
    .m_traverse = module_traverse,
    .m_clear = module_clear,
};

lpy_module_state *lpy_module_state_of_type(PyTypeObject *type)
{
    return (lpy_module_state *)PyType_GetModuleState(type);
}

PyObject *lpy_module_create(lpy_engine *engine)
{
    PyObject *module = PyModule_Create(&module_def); // new ref
    if (!module)
        return NULL;
    lpy_module_state *st = state_of(module);
    st->engine = engine;
    st->order_offset = -1;
    static const char *const names[] = {
#define LPY__NAME_TEXT(n) #n,
        LPY_NAMES(LPY__NAME_TEXT)
#undef LPY__NAME_TEXT
    };
    for (int i = 0; i < LPY_NAME_COUNT; i++)
        if (!(st->names[i] = PyUnicode_InternFromString(names[i])))
            goto error;
    if (!(st->keepalive = PyList_New(0)))
        goto error;
    if (lpy_looptype_add(module, st) < 0 || lpy_handle_types_add(module, st) < 0
        || lpy_lock_type_add(module) < 0 || lpy_gate_type_add(module, st) < 0)
        goto error;
    if (PyModule_AddFunctions(module, lpy_thread_methods) < 0)
        goto error;
    lpy_threads_attach(engine);
    /* the record kinds, as EV_TASK_NEW etc. */
#define LPY__ADD_KIND(name, json, doc)                                   \
    if (PyModule_AddIntConstant(module, "EV_" #name, LP_EV_##name) < 0) \
        goto error;
    LP_TRACE_EVENTS(LPY__ADD_KIND)
#undef LPY__ADD_KIND
    if (PyModule_AddObject(module, "TRACE_LIMIT", PyLong_FromSize_t(LPY_TRACE_LIMIT_BYTES)) < 0)
        goto error;
    PyObject *modules = PyImport_GetModuleDict(); // borrowed
    if (PyDict_SetItemString(modules, "_looplab", module) < 0)
        goto error;
    return module;
error:
    Py_DECREF(module);
    return NULL;
}
