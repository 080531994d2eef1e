/* frames.c - looplab py: where a suspended coroutine stands, read fast.
**
** Each task step ends with a walk down the task's await chain (looptype.c,
** after_step). Through the public attributes (cr_frame, f_lineno,
** cr_await) that walk makes frame objects and costs more than the step
** itself, so by default this file reads CPython 3.11's interpreter frames
** directly, exactly as the attribute getters do (Objects/genobject.c:
** _PyGen_yf and the cr_frame getter; Objects/frameobject.c:
** PyFrame_GetLineNumber). It is the only file that uses CPython's internal
** headers, and that path is tied to the 3.11 layout.
**
** Built with LPY_PUBLIC_API (CMake: -DLP_PY_PUBLIC_API=ON, forced for any
** Python but 3.11), it reads the same through the public API only
** (cr_frame, cr_await, PyFrame_GetCode/GetLasti/GetLineNumber/GetBack):
** slower, since frame objects are made, but it builds on 3.12 and 3.13.
*/
#ifndef LPY_PUBLIC_API
#define Py_BUILD_CORE 1
#endif
#include "py/frames.h"

#ifndef LPY_PUBLIC_API
#include "internal/pycore_frame.h"
#include "opcode.h"

#if PY_MAJOR_VERSION != 3 || PY_MINOR_VERSION != 11
#error "src/py/frames.c reads CPython 3.11's frame layout: configure with -DLP_PY_PUBLIC_API=ON"
#endif
#endif

/* ---- where a coroutine stands ---- */

#ifndef LPY_PUBLIC_API

int lpy_frames_where(PyObject *obj, PyCodeObject **code, int *lasti, int *line,
                     PyObject **awaited)
{
    if (!(PyCoro_CheckExact(obj) || PyGen_Check(obj) || PyAsyncGen_CheckExact(obj)))
        return 0;
    /* coroutines and async generators share the generator's head layout */
    PyGenObject *gen = (PyGenObject *)obj;
    if (gen->gi_frame_state == FRAME_CLEARED)
        return 0; /* cr_frame is None */
    _PyInterpreterFrame *frame = (_PyInterpreterFrame *)gen->gi_iframe;
    *code = frame->f_code;
    *lasti = _PyInterpreterFrame_LASTI(frame);
    if (line)
        *line = PyCode_Addr2Line(frame->f_code, *lasti * (int)sizeof(_Py_CODEUNIT));
    *awaited = NULL;
    if (gen->gi_frame_state < FRAME_CLEARED && gen->gi_frame_state != FRAME_CREATED) {
        _Py_CODEUNIT next = frame->prev_instr[1];
        if (_Py_OPCODE(next) == RESUME && _Py_OPARG(next) >= 2) /* in a yield from */
            *awaited = Py_NewRef(_PyFrame_StackPeek(frame));
    }
    return 1;
}

#else

/* The attribute `name` of obj, a new reference; NULL (no error) if absent. */
static PyObject *attr_or_null(PyObject *obj, const char *name)
{
    PyObject *value = PyObject_GetAttrString(obj, name); // new ref
    if (!value)
        PyErr_Clear();
    return value;
}

int lpy_frames_where(PyObject *obj, PyCodeObject **code, int *lasti, int *line,
                     PyObject **awaited)
{
    const char *frame_name, *await_name;
    if (PyCoro_CheckExact(obj)) {
        frame_name = "cr_frame", await_name = "cr_await";
    } else if (PyAsyncGen_CheckExact(obj)) {
        frame_name = "ag_frame", await_name = "ag_await";
    } else if (PyGen_Check(obj)) {
        frame_name = "gi_frame", await_name = "gi_yieldfrom";
    } else {
        return 0;
    }
    PyObject *frame = attr_or_null(obj, frame_name); // new ref
    if (!frame || !PyFrame_Check(frame)) {
        Py_XDECREF(frame);
        return 0; /* cr_frame is None: finished */
    }
    PyFrameObject *f = (PyFrameObject *)frame;
    PyCodeObject *c = PyFrame_GetCode(f); // new ref
    *code = c;
    Py_DECREF(c); /* borrowed: the coroutine keeps its code alive */
    *lasti = PyFrame_GetLasti(f) / 2; /* bytes to instructions, as the 3.11 path */
    if (line)
        *line = PyFrame_GetLineNumber(f);
    Py_DECREF(frame);
    PyObject *yf = attr_or_null(obj, await_name); // new ref
    if (yf == Py_None)
        Py_CLEAR(yf);
    *awaited = yf;
    return 1;
}

#endif

/* ---- where a thread waits ---- */

/* Does `name` start with `prefix` (a str) or with any str of a tuple? */
static int has_prefix(PyObject *name, PyObject *prefix)
{
    if (PyTuple_Check(prefix)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(prefix); i++)
            if (has_prefix(name, PyTuple_GET_ITEM(prefix, i)))
                return 1;
        return 0;
    }
    return PyUnicode_Tailmatch(name, prefix, 0, PY_SSIZE_T_MAX, -1) == 1;
}

static int is_private(PyObject *name)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(name);
    if (n < 1 || PyUnicode_READ_CHAR(name, 0) != '_')
        return 0;
    return !(n >= 2 && PyUnicode_READ_CHAR(name, 1) == '_'); /* dunders are public */
}

/* The calling thread's frames, innermost first: a cursor over interpreter
** frames (3.11 internals) or frame objects (public API). */
#ifndef LPY_PUBLIC_API
typedef struct cursor {
    _PyInterpreterFrame *frame;
} cursor;

static void cursor_skip_incomplete(cursor *c)
{
    while (c->frame && _PyFrame_IsIncomplete(c->frame))
        c->frame = c->frame->previous;
}

static void cursor_start(cursor *c)
{
    c->frame = PyThreadState_Get()->cframe->current_frame;
    cursor_skip_incomplete(c);
}

static int cursor_valid(const cursor *c) { return c->frame != NULL; }

static void cursor_next(cursor *c)
{
    c->frame = c->frame->previous;
    cursor_skip_incomplete(c);
}

static PyCodeObject *cursor_code(const cursor *c) { return c->frame->f_code; }

static int cursor_line(const cursor *c)
{
    return PyCode_Addr2Line(c->frame->f_code,
                            _PyInterpreterFrame_LASTI(c->frame) * (int)sizeof(_Py_CODEUNIT));
}

static void cursor_end(cursor *c) { (void)c; }
#else
typedef struct cursor {
    PyFrameObject *frame; /* new ref or NULL */
} cursor;

static void cursor_start(cursor *c)
{
    c->frame = PyEval_GetFrame(); /* borrowed */
    Py_XINCREF(c->frame);
}

static int cursor_valid(const cursor *c) { return c->frame != NULL; }

static void cursor_next(cursor *c)
{
    PyFrameObject *back = PyFrame_GetBack(c->frame); // new ref or NULL
    Py_SETREF(c->frame, back);
}

/* borrowed: a frame still on the thread's stack keeps its code alive */
static PyCodeObject *cursor_code(const cursor *c)
{
    PyCodeObject *code = PyFrame_GetCode(c->frame); // new ref
    Py_DECREF(code);
    return code;
}

static int cursor_line(const cursor *c) { return PyFrame_GetLineNumber(c->frame); }

static void cursor_end(cursor *c) { Py_CLEAR(c->frame); }
#endif

int lpy_frames_wait_site(const lpy_wait_rules *rules, PyCodeObject **call, PyCodeObject **where,
                         int *where_line)
{
    *call = *where = NULL;
    *where_line = 0;
    PyCodeObject *fallback = NULL;
    int fallback_line = 0;
    int call_done = 0; /* the call is found once past the library frames */
    cursor c;
    for (cursor_start(&c); cursor_valid(&c); cursor_next(&c)) {
        PyCodeObject *code = cursor_code(&c);
        PyObject *file = code->co_filename;
        int runner = has_prefix(file, rules->runner);
        int library = runner || has_prefix(file, rules->library);
        if (!library) {
            *where = code;
            *where_line = cursor_line(&c);
            cursor_end(&c);
            return 0;
        }
        if (!call_done) {
            if (PySequence_Contains(rules->entries, code->co_qualname) == 1)
                call_done = 1;
            else if (!runner && !is_private(code->co_name))
                *call = code;
        }
        if (!runner && !fallback) { /* a line costs a scan of the line table: only when kept */
            fallback = code;
            fallback_line = cursor_line(&c);
        }
    }
    cursor_end(&c);
    *where = fallback;
    *where_line = fallback_line;
    return 0;
}

int lpy_frames_is_library(const lpy_wait_rules *rules, PyCodeObject *code)
{
    return has_prefix(code->co_filename, rules->runner) || has_prefix(code->co_filename, rules->library);
}
