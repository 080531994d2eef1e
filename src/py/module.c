/* module.c - looplab py: the `_looplab` module's functions.
**
**   now()            the virtual clock, seconds
**   block(until)     the loop thread blocks (time.sleep, CPU work) until then
**   options()        dict of the run's options (stamp, seed, until, trust)
**   shim_files()     dict name -> source of the embedded shim modules
**   Loop             the C loop type (looptype.c)
*/
#include "py/module.h"

#include "core/status.h"
#include "py/embedded.h"

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
        PyObject *text = PyUnicode_FromString(f->text); // new ref
        if (!text || PyDict_SetItemString(files, f->name, text) < 0) {
            Py_XDECREF(text);
            Py_DECREF(files);
            return NULL;
        }
        Py_DECREF(text);
    }
    return files;
}

static PyMethodDef module_methods[] = {
    {"now", mod_now, METH_NOARGS, "The virtual clock, in seconds since the program started."},
    {"block", mod_block, METH_O, "Block the loop thread until the given virtual time."},
    {"options", mod_options, METH_NOARGS, "The options of this run, as a dict."},
    {"shim_files", mod_shim_files, METH_NOARGS, "The embedded shim modules' sources."},
    {NULL, NULL, 0, NULL},
};

static int module_traverse(PyObject *module, visitproc visit, void *arg)
{
    lpy_module_state *st = state_of(module);
    Py_VISIT(st->loop_type);
    return 0;
}

static int module_clear(PyObject *module)
{
    lpy_module_state *st = state_of(module);
    Py_CLEAR(st->loop_type);
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
    if (lpy_looptype_add(module, st) < 0)
        goto error;
    if (PyModule_AddFunctions(module, lpy_thread_methods) < 0)
        goto error;
    lpy_threads_attach(engine);
    PyObject *modules = PyImport_GetModuleDict(); // borrowed
    if (PyDict_SetItemString(modules, "_looplab", module) < 0)
        goto error;
    return module;
error:
    Py_DECREF(module);
    return NULL;
}
