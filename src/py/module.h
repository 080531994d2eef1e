/* module.h - looplab py: the `_looplab` module, the engine seen from Python.
**
** Made after the interpreter starts (not through the inittab, which would
** need a global to find the engine): its state points at the engine.
*/
#ifndef LPY_MODULE_H
#define LPY_MODULE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "py/engine.h"

/* Attribute names the C code looks up on every task step, interned once. */
#define LPY_NAMES(XX)                                                              \
    XX(done) XX(cancelled) XX(_exception) XX(_fut_waiter) XX(_coro) XX(cr_frame)   \
    XX(cr_await) XX(gi_frame) XX(gi_yieldfrom) XX(ag_frame) XX(ag_await) XX(_lp_order)    \
    XX(cancelling) XX(get_debug) XX(Future) XX(loop)     \
    XX(set_result) XX(_set_result_unless_cancelled) XX(call_at)       \
    XX(_lp_task) XX(_lp_id) XX(_current_handle) XX(slow_callback_duration)

enum lpy_name {
#define LPY__NAME_ENUM(n) LPY_NAME_##n,
    LPY_NAMES(LPY__NAME_ENUM)
#undef LPY__NAME_ENUM
    LPY_NAME_COUNT
};

typedef struct lpy_module_state {
    PyObject     *names[LPY_NAME_COUNT]; /* interned attribute names; new refs */
    PyObject     *keepalive;    /* code objects named by id in `described`; owned list */
    lpy_engine   *engine;     /* borrowed; outlives the interpreter */
    PyTypeObject *loop_type;  /* _looplab.Loop; new ref */
    PyObject     *stop_handler; /* stop_handler(kind) ends the run; new ref or NULL */
    PyTypeObject *handle_type;  /* _looplab.Handle; new ref */
    PyTypeObject *timer_type;   /* _looplab.TimerHandle; new ref */
    /* set by configure() from shim/loop.py and shim/introspect.py (new refs): */
    PyObject     *report_error;   /* asyncio's Handle._run error path */
    PyObject     *task_type;      /* the Task class whose steps are traced */
    Py_ssize_t    order_offset;   /* where task_type keeps _lp_order (its slot), or -1 */
    PyObject     *task_created;   /* task_created(task): its first step is scheduled */
    PyObject     *describe;       /* describe(task, waiter) -> (location, kind, sid) */
    PyObject     *executor_futures; /* id(future) -> weakref, for run_in_executor's */
    PyObject     *futures_ns;     /* asyncio.futures' globals: its Future, read at each call */
    PyObject     *loop_kwnames;   /* ("loop",); owned */
    PyObject     *future_type;    /* asyncio's Future as configured (_asyncio.Future) */
    PyObject     *sleep_wakeup;   /* futures._set_result_unless_cancelled, as configured */
    PyObject     *run_entry;      /* a traceback entry of asyncio's Handle._run at its
                                  ** callback's call, or NULL: what a C handle adds (handle.c) */
    PyObject     *described;      /* await-chain key -> describe()'s answer; owned dict */
    /* set by configure_locks() from shim/vthreads.py (new refs): */
    PyObject     *lock_wait;      /* wait(lock, seconds) -> bool: the slow acquire */
    PyObject     *lock_handoff;   /* handoff(lock) -> bool: a release with waiters */
    PyObject     *lock_rules;     /* (library, runner, entries): which locks the program
                                  ** made, traced (lock.c); a tuple or NULL */
    uint32_t      locks_made;     /* traced locks so far: the last id given */
    PyObject     *lock_file;      /* the file name last traced (lock.c); new ref or NULL */
    uint32_t      lock_file_sid;  /* ... and its sid */
    PyTypeObject *gate_type;      /* _looplab.Gate; new ref */
    size_t        main_woken;     /* run_until_woken stops when set (wake_main) */
} lpy_module_state;

/* After a step of the engine: if the clock went over its step budget (a
** busy loop), calls the stop handler, which ends the run. Returns 0 if the
** run goes on, -1 with an exception set if the handler failed. */
int lpy_check_budget(lpy_module_state *state);

/* Creates the module and registers it as sys.modules["_looplab"].
** Returns a new reference, or NULL with an exception set. */
PyObject *lpy_module_create(lpy_engine *engine);

/* The creation order of `task` (its _lp_order): read from its slot when
** `task` is exactly task_type, else as an attribute. 0 and an exception
** set on error. */
unsigned long long lpy_task_order(lpy_module_state *state, PyObject *task);

/* Puts the configured Handle._run entry (run_entry) in front of the
** traceback of the exception being raised, as asyncio's Python handle
** would have it. Keeps the exception as it is if that fails. */
void lpy_add_run_entry(lpy_module_state *state);

/* The module state of the module that defines `type` (a Loop type). */
lpy_module_state *lpy_module_state_of_type(PyTypeObject *type);

/* The lanes functions (threads.c), added to the module's functions. */
extern PyMethodDef lpy_thread_methods[];

/* Makes the lanes release Python job contexts (threads.c). */
void lpy_threads_attach(lpy_engine *engine);

/* Adds the Loop type to the module (looptype.c). Returns 0 or -1. */
int lpy_looptype_add(PyObject *module, lpy_module_state *state);

#endif
