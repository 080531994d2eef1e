/* guard.h - looplab py: the safety layer, so that scenario code cannot touch
** the machine.
**
** A scenario file is code that others wrote. Unless the run is trusted
** (--trust), lpy_guard_install, called from C after the engine is installed
** and before any scenario code runs, puts up two gates:
**
**   1. a PEP 578 audit hook (PySys_AddAuditHook: Python code cannot remove
**      it), which refuses writing, deleting or renaming files; reading
**      outside the scenario's folder, looplab's scenarios folder, Python's
**      standard library and the time-zone data; starting processes; sockets;
**      ctypes; and importing the modules of the deny list (native code the
**      program could use to get round the hook, or that writes files itself);
**   2. a native gate under the hook: libpython's calls of dlopen, exec*,
**      posix_spawn, system and socket are checked in C (guard_native.c), so
**      that a module rebuilt through introspection (a fresh _posixsubprocess,
**      an extension loaded by hand) still cannot run a program, open a
**      socket or load native code from outside the standard library.
**
** Each refusal raises PermissionError (ImportError for an import) whose
** message names the operation and says that --trust allows it.
** This is a guard against accidents and casual escapes, not a proof against a
** determined attacker with crafted bytecode (CPython documents that audit
** hooks are no sandbox); the native gate is what makes the usual escapes
** (introspection to os, subprocess internals, ctypes) fail.
*/
#ifndef LPY_GUARD_H
#define LPY_GUARD_H

#include <stdbool.h>

#define LPY_GUARD_MAX_ROOTS 8
#define LPY_GUARD_PATH_MAX 4096

/* What the layer allows. Filled by lpy_guard_install; lives as long as the
** interpreter (the hook points at it). */
typedef struct lpy_guard {
    int  nroots;                                      /* folders that may be read */
    char roots[LPY_GUARD_MAX_ROOTS][LPY_GUARD_PATH_MAX];
    char stdlib[LPY_GUARD_PATH_MAX];                   /* native modules come from here only */
    struct lpy__guard_seal *seal;                      /* guard_seal.c's, owned */
} lpy_guard;

/* Arms the layer for the program `script` (as given on the command line),
** with `scenarios_dir` (may be NULL) readable too. Needs the GIL and a
** running interpreter. Returns 0, or -1 with a Python exception set. The
** guard must stay alive until the process ends. */
int lpy_guard_install(lpy_guard *guard, const char *script, const char *scenarios_dir);

/* Before the interpreter starts: takes the dangerous built-in modules
** (spwd, syslog...) out of it when `trim`, or puts them back. */
void lpy_guard_trim_builtins(bool trim);

/* lpy_guard_install in two steps, so that the kernel's confinement can
** come in between (it needs the roots, and must be in force before the
** engine imports anything): prepare fills the roots, arm puts up the hook
** and the native gate. Same contract as lpy_guard_install. */
int lpy_guard_prepare(lpy_guard *guard, const char *script, const char *scenarios_dir);
/* ... and, once the shim is installed, seals the engine off from the
** program (lpy__guard_seal). */
int lpy_guard_arm(lpy_guard *guard);

/* Defined by one test binary only (tests/bad/kernel_only.c, linked into
** looplab_kernel_only): when it says true, arming puts up neither the audit
** hook nor the native gate, so that tests/bad/run_kernel.py can show the
** kernel's layers stopping a program on their own. The product binary has
** no definition: the weak reference is NULL there, and nothing at run time
** can change that. */
bool lpy_guard_test_kernel_only(void) __attribute__((weak));

/* After Py_FinalizeEx: frees what arming kept. */
void lpy_guard_release(lpy_guard *guard);

/* The refusal message, shared by the hook and the native gate:
** "looplab refuses <what>: <detail>. ...--trust...". Writes into buf. */
void lpy_guard_message(char *buf, unsigned long size, const char *what, const char *detail);

/* guard_native.c: arms the native gate (NULL disarms). Paths are checked
** against guard->stdlib. */
void lpy__guard_native_arm(const lpy_guard *guard);

/* guard_seal.c: takes the engine's modules out of sys.modules, makes
** _looplab.set_stop_handler and _looplab.trace refuse, and guards the
** attributes that lead from the program's objects to the engine's insides.
** Returns 0, or -1 with a Python exception set. */
int lpy__guard_seal(lpy_guard *guard);
void lpy__guard_seal_free(lpy_guard *guard);

/* Is `path` (resolved) inside one of the guard's roots? */
bool lpy__guard_path_allowed(const lpy_guard *guard, const char *path);

#endif
