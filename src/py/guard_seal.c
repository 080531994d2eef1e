/* guard_seal.c - looplab py: the engine sealed off from the program (see
** guard.h, lpy__guard_seal).
**
** The engine's Python half (the shim, src/py/shim) lives in the program's
** interpreter. Once it is installed, and unless the run is trusted:
**   - every `_looplab*` module leaves sys.modules, so no import reaches them
**     (the shim modules hold each other through `_shim`, boot.py);
**   - `_looplab.set_stop_handler` and `_looplab.trace` refuse by name;
**   - the attributes that lead from an object the program can hold to the
**     engine's insides answer differently for the engine's own objects: a
**     shim function's __globals__ is a stand-in {'__name__': '<looplab>',
**     '__file__': ...} and its __closure__ refuses, its __defaults__
**     and __kwdefaults__ too unless they hold plain constants only
**     (inspect.signature reads them), its __dict__ is empty (functools.wraps
**     copies it); a shim frame's f_globals is a
**     stand-in {'__name__': ...} and its f_locals empty (tracebacks and
**     inspect keep working); a `_looplab` function's __self__ (the module)
**     refuses. These are C descriptors put in the built-in types' own
**     dicts, which Python code cannot change.
** The rest (gc's object lists, sys.settrace) the audit hook refuses (guard.c).
*/
#include "py/guard.h"

#include <Python.h>

#include <stdlib.h>
#include <string.h>

#define ENGINE_PREFIX "_looplab"
#define SHIM_FILE_PREFIX "<looplab>/"

/* What a guarded attribute does for the engine's objects. */
typedef enum seal_action {
    S_REFUSE,     /* PermissionError */
    S_STAND_IN,   /* {'__name__': '<looplab>', '__file__': ...}: globals */
    S_EMPTY,      /* {}: a frame's locals, a function's attributes */
    S_PLAIN,      /* the value if it holds plain constants only, else refused */
} seal_action;

typedef enum seal_owner {
    O_FUNCTION,   /* a function of the shim's code */
    O_FRAME,      /* a frame running the shim's code */
    O_BUILTIN,    /* a C function of the _looplab module */
} seal_owner;

typedef struct sealed_attr {
    seal_owner  owner;
    const char *name;
    seal_action action;
} sealed_attr;

#define SEALED_ATTRS 8
#define MAX_ENGINE_MODULES 32

static const sealed_attr sealed_attrs[SEALED_ATTRS] = {
    {O_FUNCTION, "__globals__", S_STAND_IN}, /* inspect reads it, getattr(f, ..., None) */
    {O_FUNCTION, "__closure__", S_REFUSE},
    {O_FUNCTION, "__defaults__", S_PLAIN},   /* inspect.signature reads them */
    {O_FUNCTION, "__kwdefaults__", S_PLAIN},
    {O_FUNCTION, "__dict__", S_EMPTY},       /* functools.wraps copies it */
    {O_FRAME, "f_globals", S_STAND_IN},
    {O_FRAME, "f_locals", S_EMPTY},
    {O_BUILTIN, "__self__", S_REFUSE},
};

/* A getter's closure: its seal, and which attribute it guards. */
typedef struct seal_slot_ref {
    struct lpy__guard_seal *seal;
    int                     index;
} seal_slot_ref;

/* The seal of a run (guard->seal), alive until the interpreter has ended:
** the descriptors point into it. The references it keeps are compared by
** address only. */
struct lpy__guard_seal {
    PyObject     *engine;                            /* the _looplab module */
    PyObject     *engine_dicts[MAX_ENGINE_MODULES];  /* the shim modules' dicts */
    int           nengine_dicts;
    PyObject     *originals[SEALED_ATTRS];           /* the types' own descriptors */
    seal_slot_ref refs[SEALED_ATTRS];
    PyGetSetDef   defs[SEALED_ATTRS];
};

static PyTypeObject *type_of(seal_owner owner)
{
    switch (owner) {
    case O_FUNCTION:
        return &PyFunction_Type;
    case O_FRAME:
        return &PyFrame_Type;
    case O_BUILTIN:
        return &PyCFunction_Type;
    }
    return NULL;
}

static bool is_engine_dict(const struct lpy__guard_seal *seal, PyObject *dict)
{
    for (int i = 0; i < seal->nengine_dicts; i++)
        if (seal->engine_dicts[i] == dict)
            return true;
    return false;
}

static bool is_shim_code(PyObject *code)
{
    if (!code || !PyCode_Check(code))
        return false;
    PyObject *file = ((PyCodeObject *)code)->co_filename; // borrowed
    const char *text = file && PyUnicode_Check(file) ? PyUnicode_AsUTF8(file) : NULL;
    if (!text) {
        PyErr_Clear();
        return false;
    }
    return strncmp(text, SHIM_FILE_PREFIX, strlen(SHIM_FILE_PREFIX)) == 0;
}

/* Is `self` (an object of the slot's type) the engine's own? */
static bool is_engine_object(const struct lpy__guard_seal *seal, seal_owner owner, PyObject *self)
{
    switch (owner) {
    case O_FUNCTION:
        return PyFunction_Check(self) &&
               (is_engine_dict(seal, PyFunction_GET_GLOBALS(self)) ||
                is_shim_code(PyFunction_GET_CODE(self)));
    case O_FRAME: {
        if (!PyFrame_Check(self))
            return false;
        /* by its code's file, or by its globals: a shim function may show
        ** asyncio's file in tracebacks (shim/loop.py _masquerade) */
        PyCodeObject *code = PyFrame_GetCode((PyFrameObject *)self); // new ref
        bool shim = is_shim_code((PyObject *)code);
        Py_XDECREF(code);
        if (!shim) {
            PyObject *globals = PyFrame_GetGlobals((PyFrameObject *)self); // new ref
            shim = is_engine_dict(seal, globals);
            Py_XDECREF(globals);
        }
        return shim;
    }
    case O_BUILTIN:
        return PyCFunction_Check(self) && seal->engine &&
               PyCFunction_GET_SELF(self) == seal->engine;
    }
    return false;
}

/* The globals a shim function or frame shows: its file's name, nothing else. */
static PyObject *stand_in_globals(PyObject *self)
{
    PyCodeObject *code = PyFunction_Check(self)
                             ? (PyCodeObject *)Py_NewRef(PyFunction_GET_CODE(self))
                             : PyFrame_GetCode((PyFrameObject *)self); // new ref
    PyObject *file = code ? code->co_filename : NULL; // borrowed (code keeps it)
    PyObject *dict = Py_BuildValue("{s:s,s:O}", "__name__", "<looplab>", "__file__",
                                   file ? file : Py_None); // new ref
    Py_XDECREF(code);
    return dict;
}

/* None, a number, a string or bytes: nothing of the engine's inside. */
static bool is_plain(PyObject *v)
{
    return v == Py_None || PyBool_Check(v) || PyLong_CheckExact(v) || PyFloat_CheckExact(v) ||
           PyUnicode_CheckExact(v) || PyBytes_CheckExact(v);
}

/* A function's defaults (a tuple) or keyword defaults (a dict) of plain
** values only, or None. */
static bool holds_plain_only(PyObject *v)
{
    if (v == Py_None)
        return true;
    if (PyTuple_CheckExact(v)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(v); i++)
            if (!is_plain(PyTuple_GET_ITEM(v, i)))
                return false;
        return true;
    }
    if (PyDict_CheckExact(v)) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(v, &pos, &key, &value))
            if (!is_plain(value))
                return false;
        return true;
    }
    return false;
}

static int refuse_attr(const char *name)
{
    char what[128], message[512];
    snprintf(what, sizeof what, "reaching looplab's engine through %s", name);
    lpy_guard_message(message, sizeof message, what, NULL);
    PyErr_SetString(PyExc_PermissionError, message);
    return -1;
}

static PyObject *sealed_get(PyObject *self, void *closure)
{
    const seal_slot_ref *ref = closure;
    const sealed_attr *attr = &sealed_attrs[ref->index];
    PyObject *original = ref->seal->originals[ref->index];
    if (is_engine_object(ref->seal, attr->owner, self)) {
        switch (attr->action) {
        case S_REFUSE:
            refuse_attr(attr->name);
            return NULL;
        case S_STAND_IN:
            return stand_in_globals(self);
        case S_EMPTY:
            return PyDict_New();
        case S_PLAIN: {
            PyObject *value = Py_TYPE(original)->tp_descr_get(original, self,
                                                              (PyObject *)Py_TYPE(self)); // new ref
            if (!value || holds_plain_only(value))
                return value;
            Py_DECREF(value);
            refuse_attr(attr->name);
            return NULL;
        }
        }
    }
    return Py_TYPE(original)->tp_descr_get(original, self, (PyObject *)Py_TYPE(self));
}

static int sealed_set(PyObject *self, PyObject *value, void *closure)
{
    const seal_slot_ref *ref = closure;
    const sealed_attr *attr = &sealed_attrs[ref->index];
    PyObject *original = ref->seal->originals[ref->index];
    if (is_engine_object(ref->seal, attr->owner, self))
        return refuse_attr(attr->name);
    descrsetfunc set = Py_TYPE(original)->tp_descr_set;
    if (!set) {
        PyErr_Format(PyExc_AttributeError, "readonly attribute '%s'", attr->name);
        return -1;
    }
    return set(original, self, value);
}

/* Puts the guarded descriptor of slot i in place of the type's own. */
static int seal_attr(struct lpy__guard_seal *seal, int i)
{
    const sealed_attr *attr = &sealed_attrs[i];
    PyTypeObject *type = type_of(attr->owner);
    PyObject *original = PyDict_GetItemString(type->tp_dict, attr->name); // borrowed
    if (!original || !Py_TYPE(original)->tp_descr_get) {
        PyErr_Format(PyExc_RuntimeError, "looplab: %s.%s is not a descriptor", type->tp_name,
                     attr->name);
        return -1;
    }
    seal->refs[i] = (seal_slot_ref){seal, i};
    seal->defs[i] = (PyGetSetDef){attr->name, sealed_get, sealed_set, NULL, &seal->refs[i]};
    PyObject *descr = PyDescr_NewGetSet(type, &seal->defs[i]); // new ref
    if (!descr)
        return -1;
    Py_INCREF(original);
    seal->originals[i] = original;
    int rc = PyDict_SetItemString(type->tp_dict, attr->name, descr);
    Py_DECREF(descr);
    PyType_Modified(type);
    return rc;
}

/* Names `_looplab.set_stop_handler` and `_looplab.trace` refuse from now on
** (the shim took its own references when it was installed). */
static const struct {
    const char *name;
    const char *what;
} sealed_functions[] = {
    {"set_stop_handler", "switching looplab's stops (_looplab.set_stop_handler)"},
    {"trace", "writing looplab's trace (_looplab.trace)"},
};

static PyObject *refuse_sealed(PyObject *what, PyObject *args)
{
    (void)args;
    char message[512];
    lpy_guard_message(message, sizeof message, PyUnicode_AsUTF8(what), NULL);
    PyErr_SetString(PyExc_PermissionError, message);
    return NULL;
}

static PyMethodDef refuse_sealed_def = {"sealed", refuse_sealed, METH_VARARGS,
                                        "Refused: the engine's own (looplab's safety layer)."};

static int seal_functions(PyObject *engine)
{
    for (size_t i = 0; i < sizeof sealed_functions / sizeof sealed_functions[0]; i++) {
        PyObject *what = PyUnicode_FromString(sealed_functions[i].what); // new ref
        PyObject *fn = what ? PyCFunction_New(&refuse_sealed_def, what) : NULL; // new ref
        int rc = fn ? PyObject_SetAttrString(engine, sealed_functions[i].name, fn) : -1;
        Py_XDECREF(fn);
        Py_XDECREF(what);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* Takes every `_looplab*` module out of sys.modules, keeping their dicts
** (the guard's engine_dicts) to know the engine's functions by. */
static int remove_engine_modules(struct lpy__guard_seal *seal)
{
    PyObject *modules = PyImport_GetModuleDict(); // borrowed
    PyObject *keys = PyDict_Keys(modules); // new ref
    if (!keys)
        return -1;
    int rc = 0;
    for (Py_ssize_t i = 0; rc == 0 && i < PyList_GET_SIZE(keys); i++) {
        PyObject *key = PyList_GET_ITEM(keys, i); // borrowed
        const char *name = PyUnicode_Check(key) ? PyUnicode_AsUTF8(key) : NULL;
        if (!name || strncmp(name, ENGINE_PREFIX, strlen(ENGINE_PREFIX)) != 0)
            continue;
        PyObject *module = PyDict_GetItem(modules, key); // borrowed
        PyObject *dict = module && PyModule_Check(module) ? PyModule_GetDict(module) : NULL;
        if (dict) {
            if (seal->nengine_dicts == MAX_ENGINE_MODULES) {
                PyErr_SetString(PyExc_RuntimeError, "looplab: too many engine modules to seal");
                rc = -1;
                break;
            }
            Py_INCREF(dict); /* kept until the interpreter ends: compared by address */
            seal->engine_dicts[seal->nengine_dicts++] = dict;
        }
        rc = PyDict_DelItem(modules, key);
    }
    Py_DECREF(keys);
    return rc;
}

int lpy__guard_seal(lpy_guard *guard)
{
    PyObject *modules = PyImport_GetModuleDict(); // borrowed
    PyObject *engine = PyDict_GetItemString(modules, ENGINE_PREFIX); // borrowed
    if (!engine) {
        PyErr_SetString(PyExc_RuntimeError, "looplab: the engine's module is missing");
        return -1;
    }
    struct lpy__guard_seal *seal = calloc(1, sizeof *seal);
    if (!seal) {
        PyErr_NoMemory();
        return -1;
    }
    guard->seal = seal;
    Py_INCREF(engine);
    seal->engine = engine;
    if (seal_functions(engine) < 0 || remove_engine_modules(seal) < 0)
        return -1;
    for (int i = 0; i < SEALED_ATTRS; i++)
        if (seal_attr(seal, i) < 0)
            return -1;
    return 0;
}

void lpy__guard_seal_free(lpy_guard *guard)
{
    free(guard->seal); /* the interpreter, and with it every reference, has ended */
    guard->seal = NULL;
}
