/* threads.c - looplab py: the `_looplab` functions for other threads' lanes.
**
** Every thread but the loop thread (pool lanes, asyncio's shutdown helper)
** is a C job with a lane of its own: it runs in a real OS thread (so names,
** thread-locals and tracebacks are real), but in lockstep: the C lanes
** decide when it runs (its wake-ups, ordered by time and order set), and
** only one Python thread runs at a time. The handover itself is Python code
** (shim/threads.py); this file gives it the lanes:
**
**   pool_new(lanes) -> pool          a pool of that many lanes
**   submit(pool, worker) -> job      worker._lp_resume() runs at each wake-up
**   job_sleep(job, until)            the running job waits until then
**   job_park(job)                    ... until job_wake(job)
**   job_wake(job)                    wake a parked or sleeping job now
**   job_finish(job)                  the running job ended; its lane frees
**   job_serial(job) -> serial        its number in the trace (0: stale)
**   job_wake_at(job, when)           move a sleeping job's wake-up to then
**   job_next_turn(job) -> worker     the running job just waited: the
**                                    worker whose wake-up runs next, its
**                                    turn taken (lp_lanes_next_turn), or
**                                    None: hand the baton back
**   block_begin(until) -> bool       the loop thread starts a blocking span
**                                    whose end may move (CPU work); False
**                                    if over the step budget
**   block_end(at)                    ... ends it, the clock at `at`
**   wait_site(library, runner, entries) -> (call, where, line)
**                                    where the calling thread waits
**                                    (frames.h), read without frame objects
**   next_wakeup() -> time or None    when the next wake-up is due
**   advance(t)                       the clock moves to t (a wait's deadline)
**   run_due(limit) -> time or None   run what is due by limit
**   run_next_wakeup() -> bool        the blocked loop thread lets the next
**                                    wake-up run; False if there is none
**   run_until_woken(limit)           ... lets the wake-ups due by `limit`
**                                    run until one calls wake_main()
**   wake_main()                      the loop thread's wait is over
*/
#include "core/lanes.h"
#include "core/status.h"
#include "py/frames.h"
#include "py/module.h"

static lp_lanes *lanes_of(PyObject *module)
{
    return &((lpy_module_state *)PyModule_GetState(module))->engine->lanes;
}

static PyObject *status_error(int rc, const char *what)
{
    if (rc == LP_E_NOMEM)
        return PyErr_NoMemory();
    PyErr_Format(PyExc_RuntimeError, "looplab: %s: %s", what, lp_status_name((lp_status)rc));
    return NULL;
}

static int job_arg(PyObject *arg, lp_id *id)
{
    unsigned long long v = PyLong_AsUnsignedLongLong(arg);
    if (v == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    *id = (lp_id)v;
    return 0;
}

/* A wake-up of a job: hand over to its thread until it waits or ends. */
static void run_worker(lp_lanes *lanes, void *ctx)
{
    lp_id job = lanes->current_job;
    PyObject *result = PyObject_CallMethod((PyObject *)ctx, "_lp_resume", NULL); // new ref
    if (result) {
        Py_DECREF(result);
    } else {
        PyErr_WriteUnraisable((PyObject *)ctx);
    }
    /* The thread must have slept, parked or finished; if the handover broke,
    ** end the job rather than leave the lanes inconsistent. */
    uint32_t lane;
    if (lp_lanes_job_lane(lanes, job, &lane) == LP_OK) {
        const lp__job *j = &lanes->jobs[lp_id_slot(job)];
        if (j->state == LP__JOB_ACTIVE)
            (void)lp_lanes_finish(lanes, job);
    }
}

static PyObject *th_pool_new(PyObject *module, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 1 || n > 1000000) {
        PyErr_SetString(PyExc_ValueError, "a pool needs between 1 and 1000000 lanes");
        return NULL;
    }
    uint16_t pool;
    int rc = lp_lanes_pool_new(lanes_of(module), (uint32_t)n, &pool);
    return rc == LP_OK ? PyLong_FromLong(pool) : status_error(rc, "pool_new");
}

static PyObject *th_submit(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "submit(pool, worker)");
        return NULL;
    }
    long pool = PyLong_AsLong(args[0]);
    if (pool == -1 && PyErr_Occurred())
        return NULL;
    if (pool < 0 || pool >= LP_MAX_POOLS) {
        PyErr_SetString(PyExc_ValueError, "no such pool");
        return NULL;
    }
    Py_INCREF(args[1]); /* held by the lanes until the job finishes */
    lp_id job;
    int rc = lp_lanes_submit(lanes_of(module), (uint16_t)pool, run_worker, args[1], &job);
    if (rc != LP_OK) {
        Py_DECREF(args[1]);
        return status_error(rc, "submit");
    }
    return PyLong_FromUnsignedLongLong(job);
}

static PyObject *th_job_sleep(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    lp_id job;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "job_sleep(job, until)");
        return NULL;
    }
    if (job_arg(args[0], &job) < 0)
        return NULL;
    double until = PyFloat_AsDouble(args[1]);
    if (until == -1.0 && PyErr_Occurred())
        return NULL;
    int rc = lp_lanes_sleep_until(lanes_of(module), job, until);
    if (rc != LP_OK)
        return status_error(rc, "job_sleep");
    Py_RETURN_NONE;
}

typedef int (*job_op)(lp_lanes *, lp_id);

static PyObject *job_call(PyObject *module, PyObject *arg, job_op op, const char *what)
{
    lp_id job;
    if (job_arg(arg, &job) < 0)
        return NULL;
    int rc = op(lanes_of(module), job);
    if (rc != LP_OK)
        return status_error(rc, what);
    Py_RETURN_NONE;
}

static PyObject *th_job_park(PyObject *module, PyObject *arg)
{
    return job_call(module, arg, lp_lanes_park, "job_park");
}

static PyObject *th_job_wake(PyObject *module, PyObject *arg)
{
    return job_call(module, arg, lp_lanes_wake, "job_wake");
}

static PyObject *th_job_next_turn(PyObject *module, PyObject *arg)
{
    lp_id job, next;
    void *ctx;
    if (job_arg(arg, &job) < 0)
        return NULL;
    /* over the step budget it says None: the loop thread, which runs the
    ** wake-ups, then stops the run */
    if (!lp_lanes_next_turn(lanes_of(module), job, &next, &ctx))
        Py_RETURN_NONE;
    return Py_NewRef((PyObject *)ctx);
}

static PyObject *th_job_finish(PyObject *module, PyObject *arg)
{
    return job_call(module, arg, lp_lanes_finish, "job_finish");
}

static PyObject *th_job_wake_at(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    lp_id job;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "job_wake_at(job, when)");
        return NULL;
    }
    if (job_arg(args[0], &job) < 0)
        return NULL;
    double when = PyFloat_AsDouble(args[1]);
    if (when == -1.0 && PyErr_Occurred())
        return NULL;
    int rc = lp_lanes_wake_at(lanes_of(module), job, when);
    return rc == LP_OK ? Py_NewRef(Py_None) : status_error(rc, "job_wake_at");
}

static PyObject *th_block_begin(PyObject *module, PyObject *arg)
{
    double until = PyFloat_AsDouble(arg);
    if (until == -1.0 && PyErr_Occurred())
        return NULL;
    bool ok = lp_lanes_block_begin(lanes_of(module), until);
    if (lpy_check_budget((lpy_module_state *)PyModule_GetState(module)) < 0)
        return NULL;
    return PyBool_FromLong(ok);
}

static PyObject *th_block_end(PyObject *module, PyObject *arg)
{
    double at = PyFloat_AsDouble(arg);
    if (at == -1.0 && PyErr_Occurred())
        return NULL;
    lp_lanes_block_end(lanes_of(module), at);
    Py_RETURN_NONE;
}

static PyObject *th_wait_site(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "wait_site(library, runner, entries)");
        return NULL;
    }
    lpy_wait_rules rules = {args[0], args[1], args[2]};
    PyCodeObject *call, *where;
    int line;
    (void)lpy_frames_wait_site(&rules, &call, &where, &line);
    return Py_BuildValue("(OOi)", call ? (PyObject *)call : Py_None,
                         where ? (PyObject *)where : Py_None, line);
}

static PyObject *th_job_serial(PyObject *module, PyObject *arg)
{
    lp_id job;
    if (job_arg(arg, &job) < 0)
        return NULL;
    return PyLong_FromUnsignedLong(lp_lanes_job_serial(lanes_of(module), job));
}

/* run_due(limit): the blocked loop thread lets every wake-up due by `limit`
** run (a blocking wait cut short by --until); returns the next wake-up's
** time, or None. */
static PyObject *th_run_due(PyObject *module, PyObject *arg)
{
    double limit = PyFloat_AsDouble(arg);
    if (limit == -1.0 && PyErr_Occurred())
        return NULL;
    lp_lanes *lanes = lanes_of(module);
    lp_lanes_run_due(lanes, limit, 0, NULL);
    if (lpy_check_budget((lpy_module_state *)PyModule_GetState(module)) < 0)
        return NULL;
    double when;
    if (lp_lanes_next_wakeup(lanes, &when))
        return PyFloat_FromDouble(when);
    Py_RETURN_NONE;
}

static PyObject *th_next_wakeup(PyObject *module, PyObject *unused)
{
    (void)unused;
    double when;
    if (lp_lanes_next_wakeup(lanes_of(module), &when))
        return PyFloat_FromDouble(when);
    Py_RETURN_NONE;
}

/* advance(t): the clock moves to t (a blocked wait's deadline), no step. */
static PyObject *th_advance(PyObject *module, PyObject *arg)
{
    double when = PyFloat_AsDouble(arg);
    if (when == -1.0 && PyErr_Occurred())
        return NULL;
    lp_clock_advance(lanes_of(module)->clock, when);
    Py_RETURN_NONE;
}

static PyObject *th_run_next_wakeup(PyObject *module, PyObject *unused)
{
    (void)unused;
    lp_lanes *lanes = lanes_of(module);
    double when;
    if (!lp_lanes_next_wakeup(lanes, &when))
        Py_RETURN_FALSE;
    lp_lanes_run_due(lanes, when, 1, NULL);
    if (lpy_check_budget((lpy_module_state *)PyModule_GetState(module)) < 0)
        return NULL;
    Py_RETURN_TRUE;
}

static PyObject *th_run_until_woken(PyObject *module, PyObject *arg)
{
    double limit = PyFloat_AsDouble(arg);
    if (limit == -1.0 && PyErr_Occurred())
        return NULL;
    lpy_module_state *st = (lpy_module_state *)PyModule_GetState(module);
    st->main_woken = 0;
    lp_lanes_run_due(lanes_of(module), limit, 0, &st->main_woken);
    if (lpy_check_budget(st) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *th_wake_main(PyObject *module, PyObject *unused)
{
    (void)unused;
    ((lpy_module_state *)PyModule_GetState(module))->main_woken = 1;
    Py_RETURN_NONE;
}

PyMethodDef lpy_thread_methods[] = {
    {"pool_new", th_pool_new, METH_O, "A pool of N lanes; returns its number."},
    {"submit", (PyCFunction)(void (*)(void))th_submit, METH_FASTCALL, "Submit a job."},
    {"job_sleep", (PyCFunction)(void (*)(void))th_job_sleep, METH_FASTCALL,
     "The running job waits until a virtual time."},
    {"job_park", th_job_park, METH_O, "The running job waits for a wake-up."},
    {"job_wake", th_job_wake, METH_O, "Wake a waiting job now."},
    {"job_finish", th_job_finish, METH_O, "The running job ended."},
    {"job_serial", th_job_serial, METH_O, "A job's number in the trace."},
    {"job_next_turn", th_job_next_turn, METH_O, "The worker whose wake-up runs next, or None."},
    {"wait_site", (PyCFunction)(void (*)(void))th_wait_site, METH_FASTCALL,
     "(call code, where code, line) of the calling thread's wait."},
    {"job_wake_at", (PyCFunction)(void (*)(void))th_job_wake_at, METH_FASTCALL,
     "Move a sleeping job's wake-up to a time."},
    {"block_begin", th_block_begin, METH_O, "The loop thread starts a blocking span."},
    {"block_end", th_block_end, METH_O, "The loop thread's blocking span ends at a time."},
    {"next_wakeup", th_next_wakeup, METH_NOARGS, "The next wake-up's time, or None."},
    {"advance", th_advance, METH_O, "Move the clock forward to a time."},
    {"run_due", th_run_due, METH_O, "Run the wake-ups due by a time; the next one's time."},
    {"run_next_wakeup", th_run_next_wakeup, METH_NOARGS,
     "Let the next wake-up run while the loop thread waits."},
    {"run_until_woken", th_run_until_woken, METH_O,
     "Let the wake-ups due by a time run until the loop thread is woken."},
    {"wake_main", th_wake_main, METH_NOARGS, "The loop thread's wait is over."},
    {NULL, NULL, 0, NULL},
};

static void release_pyobject(void *user, void *ctx)
{
    (void)user;
    Py_DECREF((PyObject *)ctx);
}

void lpy_threads_attach(lpy_engine *engine)
{
    engine->lanes.release = release_pyobject;
}
