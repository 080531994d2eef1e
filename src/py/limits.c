/* limits.c - looplab py: the memory limit, the recursion cap and the C-stack
** overflow handler (see limits.h).
**
** The allocator hooks and the signal handler have no context argument of
** our choosing that outlives the interpreter, so their state is file-static:
** `mem` (the counters and the wrapped allocators), the main thread's
** alternate signal stack, and each thread's own stack bounds (thread-local).
*/
#define _GNU_SOURCE
#include "py/limits.h"

#include <Python.h>

#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdbool.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define RESERVE ((size_t)256 << 20) /* room for the stop itself, once tripped */

static struct {
    PyMemAllocatorEx        raw;     /* the allocator we count for */
    PyObjectArenaAllocator  arena;
    atomic_llong            used;    /* bytes held, as counted */
    atomic_size_t           limit;
    atomic_int              tripped; /* the stop is scheduled */
} mem;

/* --- memory ------------------------------------------------------------ */

static int stop_for_memory(void *unused);

/* May `more` bytes be added? If not, schedules the stop (once). */
static bool may_grow(size_t more)
{
    long long used = atomic_load(&mem.used);
    if (used < 0 || (size_t)used + more <= atomic_load(&mem.limit))
        return true;
    if (!atomic_exchange(&mem.tripped, 1))
        Py_AddPendingCall(stop_for_memory, NULL);
    return false;
}

static size_t usable(void *p)
{
    return p ? malloc_usable_size(p) : 0;
}

static void *raw_malloc(void *ctx, size_t size)
{
    (void)ctx;
    if (!may_grow(size))
        return NULL;
    void *p = mem.raw.malloc(mem.raw.ctx, size);
    atomic_fetch_add(&mem.used, (long long)usable(p));
    return p;
}

static void *raw_calloc(void *ctx, size_t nelem, size_t elsize)
{
    (void)ctx;
    if (elsize && nelem > SIZE_MAX / elsize)
        return NULL;
    if (!may_grow(nelem * elsize))
        return NULL;
    void *p = mem.raw.calloc(mem.raw.ctx, nelem, elsize);
    atomic_fetch_add(&mem.used, (long long)usable(p));
    return p;
}

static void *raw_realloc(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    size_t old = usable(ptr);
    if (size > old && !may_grow(size - old))
        return NULL;
    void *p = mem.raw.realloc(mem.raw.ctx, ptr, size);
    if (p)
        atomic_fetch_add(&mem.used, (long long)usable(p) - (long long)old);
    return p;
}

static void raw_free(void *ctx, void *ptr)
{
    (void)ctx;
    atomic_fetch_sub(&mem.used, (long long)usable(ptr));
    mem.raw.free(mem.raw.ctx, ptr);
}

static void *arena_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (!may_grow(size))
        return NULL;
    void *p = mem.arena.alloc(mem.arena.ctx, size);
    if (p)
        atomic_fetch_add(&mem.used, (long long)size);
    return p;
}

static void arena_free(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    atomic_fetch_sub(&mem.used, (long long)size);
    mem.arena.free(mem.arena.ctx, ptr, size);
}

void lpy_limits_install_memory(size_t limit)
{
    atomic_store(&mem.limit, limit ? limit : LPY_MEMORY_LIMIT_DEFAULT);
    atomic_store(&mem.tripped, 0);
    static bool installed; /* a second run (the window) keeps the wrappers */
    if (installed)
        return;
    installed = true;
    PyMem_GetAllocator(PYMEM_DOMAIN_RAW, &mem.raw);
    PyObject_GetArenaAllocator(&mem.arena);
    PyMemAllocatorEx raw = {NULL, raw_malloc, raw_calloc, raw_realloc, raw_free};
    PyObjectArenaAllocator arena = {NULL, arena_alloc, arena_free};
    PyMem_SetAllocator(PYMEM_DOMAIN_RAW, &raw);
    PyObject_SetArenaAllocator(&arena);
}

size_t lpy_limits_memory_used(void)
{
    long long used = atomic_load(&mem.used);
    return used > 0 ? (size_t)used : 0;
}

/* A pending call on the main thread: ends the run as stops.py ends it
** (stdout finished, message, trace saved, status 124). */
/* _looplab.now and the shim's stops._stop, taken when the runtime limits
** are installed: the engine's modules leave sys.modules after that. */
static PyObject *engine_now, *engine_stop;

static int stop_for_memory(void *unused)
{
    (void)unused;
    atomic_fetch_add(&mem.limit, RESERVE);
    PyErr_Clear();
    double now = 0.0;
    PyObject *t = engine_now ? PyObject_CallNoArgs(engine_now) : NULL; // new ref
    if (t)
        now = PyFloat_AsDouble(t);
    Py_XDECREF(t);
    PyErr_Clear();
    char message[256];
    snprintf(message, sizeof message,
             "looplab: stopped at t=%.3f: the program used more than %zu MiB of memory "
             "(looplab's memory limit)",
             now, (atomic_load(&mem.limit) - RESERVE) >> 20);
    PyObject *r = engine_stop ? PyObject_CallFunction(engine_stop, "i[s]", LPY_LIMIT_STATUS, message)
                              : NULL; // new ref; exits
    Py_XDECREF(r);
    fflush(stdout);
    fprintf(stderr, "%s\n", message);
    fflush(stderr);
    _exit(LPY_LIMIT_STATUS);
}

/* --- recursion --------------------------------------------------------- */

static PyObject *real_setrecursionlimit; /* sys's own, kept for the cap to call */

static PyObject *capped_setrecursionlimit(PyObject *self, PyObject *arg)
{
    (void)self;
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n > LPY_RECURSION_MAX) {
        PyErr_Format(PyExc_RecursionError,
                     "looplab limits the recursion depth to %d (asked for %ld): deeper "
                     "recursion could overflow the C stack and crash",
                     LPY_RECURSION_MAX, n);
        return NULL;
    }
    return PyObject_CallOneArg(real_setrecursionlimit, arg);
}

static PyMethodDef capped_def = {"setrecursionlimit", capped_setrecursionlimit, METH_O,
                                 "Set the recursion limit (looplab caps it)."};

/* --- C stack ------------------------------------------------------------ */

#if defined(__SANITIZE_ADDRESS__)
#define LIMITS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LIMITS_ASAN 1
#endif
#endif

#define ALTSTACK_SIZE (64 * 1024)

static char main_altstack[ALTSTACK_SIZE];

/* The calling thread's stack: where it starts (its highest address) and
** how far it may grow. Every thread sets its own (thread_start below). */
static _Thread_local struct {
    uintptr_t top;
    size_t    size;
} this_stack;

static void on_fault(int sig, siginfo_t *info, void *context)
{
    (void)context;
    uintptr_t at = (uintptr_t)info->si_addr;
    bool overflow = this_stack.top && at < this_stack.top &&
                    this_stack.top - at < this_stack.size + ((size_t)1 << 20);
    if (overflow) {
        static const char message[] =
            "looplab: stopped: the program recursed too deep and overflowed the C stack "
            "(looplab's recursion limit)\n";
        ssize_t ignored = write(2, message, sizeof message - 1);
        (void)ignored;
        _exit(LPY_LIMIT_STATUS);
    }
    signal(sig, SIG_DFL); /* anything else is a real crash: let it be one */
    raise(sig);
}

static void install_stack_handler(void)
{
#if defined(LIMITS_ASAN)
    return; /* AddressSanitizer reports stack overflows itself */
#endif
    struct rlimit rl;
    int here;
    this_stack.top = (uintptr_t)&here;
    this_stack.size = getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
                          ? (size_t)rl.rlim_cur
                          : (size_t)8 << 20;
    stack_t ss = {.ss_sp = main_altstack, .ss_size = sizeof main_altstack, .ss_flags = 0};
    if (sigaltstack(&ss, NULL) != 0)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
}

#if !defined(LIMITS_ASAN)
/* --- every thread: its own alternate signal stack and stack bounds ------
** pthread_create is defined here, in the executable, so every thread the
** process starts (threading's, the engine's) goes through thread_start
** first; the call is passed on to the C library's (as guard_native.c does
** for its calls). A thread whose C stack overflows then gets the message
** above instead of a crash: a signal handler needs a stack to run on. */

typedef struct thread_start_arg {
    void *(*start)(void *);
    void  *arg;
} thread_start_arg;

static void free_altstack(void *altstack)
{
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    free(altstack);
}

static void *thread_start(void *p)
{
    thread_start_arg a = *(thread_start_arg *)p;
    free(p);
    pthread_attr_t attr;
    void *low = NULL;
    size_t size = 0;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
        if (pthread_attr_getstack(&attr, &low, &size) == 0) {
            this_stack.top = (uintptr_t)low + size;
            this_stack.size = size;
        }
        pthread_attr_destroy(&attr);
    }
    void *altstack = malloc(ALTSTACK_SIZE);
    if (altstack) {
        stack_t ss = {.ss_sp = altstack, .ss_size = ALTSTACK_SIZE, .ss_flags = 0};
        sigaltstack(&ss, NULL);
    }
    void *result;
    pthread_cleanup_push(free_altstack, altstack);
    result = a.start(a.arg);
    pthread_cleanup_pop(1);
    return result;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *),
                   void *arg)
{
    typedef int create_fn(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    static create_fn *real;
    if (!real)
        real = (create_fn *)dlsym(RTLD_NEXT, "pthread_create");
    thread_start_arg *a = malloc(sizeof *a);
    if (!a)
        return EAGAIN;
    a->start = start;
    a->arg = arg;
    int rc = real(thread, attr, thread_start, a);
    if (rc != 0)
        free(a);
    return rc;
}
#endif

int lpy_limits_install_runtime(void)
{
    PyObject *sys = PyImport_ImportModule("sys"); // new ref
    if (!sys)
        return -1;
    /* this interpreter's own (a previous run's died with its interpreter) */
    real_setrecursionlimit = PyObject_GetAttrString(sys, "setrecursionlimit");
    if (!real_setrecursionlimit) {
        Py_DECREF(sys);
        return -1;
    }
    PyObject *engine = PyImport_ImportModule("_looplab"); // new ref
    PyObject *stops = PyImport_ImportModule("_looplab_stops"); // new ref
    engine_now = engine ? PyObject_GetAttrString(engine, "now") : NULL;
    engine_stop = stops ? PyObject_GetAttrString(stops, "_stop") : NULL;
    Py_XDECREF(engine);
    Py_XDECREF(stops);
    if (!engine_now || !engine_stop) {
        Py_DECREF(sys);
        return -1;
    }
    PyObject *capped = PyCFunction_New(&capped_def, NULL); // new ref
    int rc = capped ? PyObject_SetAttrString(sys, "setrecursionlimit", capped) : -1;
    Py_XDECREF(capped);
    Py_DECREF(sys);
    install_stack_handler();
    return rc;
}
