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
