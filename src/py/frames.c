/* frames.c - looplab py: where a suspended coroutine stands, read fast.
**
** Each task step ends with a walk down the task's await chain (looptype.c,
** after_step). Through the public attributes (cr_frame, f_lineno,
** cr_await) that walk makes frame objects and costs more than the step
** itself, so this file reads CPython 3.11's interpreter frames directly,
** exactly as the attribute getters do (Objects/genobject.c: _PyGen_yf and
** the cr_frame getter; Objects/frameobject.c: PyFrame_GetLineNumber). It is
** the only file that uses CPython's internal headers, and it is tied to the
** 3.11 layout, which looplab links against (python3-embed).
*/
#define Py_BUILD_CORE 1
#include "py/frames.h"

#include "internal/pycore_frame.h"
#include "opcode.h"

#if PY_MAJOR_VERSION != 3 || PY_MINOR_VERSION != 11
#error "src/py/frames.c reads CPython 3.11's frame layout"
#endif

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

int lpy_frames_wait_site(const lpy_wait_rules *rules, PyCodeObject **call, PyCodeObject **where,
                         int *where_line)
{
    *call = *where = NULL;
    *where_line = 0;
    PyCodeObject *fallback = NULL;
    int fallback_line = 0;
    int call_done = 0; /* the call is found once past the library frames */
    _PyInterpreterFrame *frame = PyThreadState_Get()->cframe->current_frame;
    for (; frame; frame = frame->previous) {
        if (_PyFrame_IsIncomplete(frame))
            continue;
        PyCodeObject *code = frame->f_code;
        PyObject *file = code->co_filename;
        int runner = has_prefix(file, rules->runner);
        int library = runner || has_prefix(file, rules->library);
        int line = PyCode_Addr2Line(code, _PyInterpreterFrame_LASTI(frame) * (int)sizeof(_Py_CODEUNIT));
        if (!library) {
            *where = code;
            *where_line = line;
            return 0;
        }
        if (!call_done) {
            if (PySequence_Contains(rules->entries, code->co_qualname) == 1)
                call_done = 1;
            else if (!runner && !is_private(code->co_name))
                *call = code;
        }
        if (!runner && !fallback) {
            fallback = code;
            fallback_line = line;
        }
    }
    *where = fallback;
    *where_line = fallback_line;
    return 0;
}
