/* run.c - looplab py: the embedded interpreter's life, from PyConfig to exit. */
#include "py/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py/embedded.h"
#include "py/module.h" /* Python.h first */
#include "py/guard.h"
#include "py/limits.h"

#include <marshal.h>

/* Python's UTF-8 mode, whatever the user's locale: stdio, open() and file
** names are UTF-8 as under Debian's C.UTF-8, so a program prints the same
** text on every machine (an isolated interpreter would otherwise keep the
** "C" locale and its ASCII, and fail on the first "é"). */
static PyStatus preinitialize(void)
{
    PyPreConfig pre;
    PyPreConfig_InitIsolatedConfig(&pre);
    pre.utf8_mode = 1;
    return Py_PreInitialize(&pre);
}

/* The PYTHON* variables that change how the program runs, not which Python
** runs it, read as python3 reads them: PYTHONWARNINGS (comma-separated
** warning filters) and PYTHONOPTIMIZE (a level, or 1). PYTHONASYNCIODEBUG
** is asyncio's own (shim/loop.py). */
static PyStatus read_program_environment(PyConfig *config)
{
    const char *level = getenv("PYTHONOPTIMIZE");
    if (level && level[0]) {
        char *end;
        long n = strtol(level, &end, 10);
        n = *end || n < 0 || n > 2 ? 1 : n;
        if (n > config->optimization_level)
            config->optimization_level = (int)n;
    }
    const char *warnings = getenv("PYTHONWARNINGS");
    for (const char *at = warnings; at && *at;) {
        size_t len = strcspn(at, ",");
        if (len > 0) {
            char *option = strndup(at, len);
            wchar_t *wide = option ? Py_DecodeLocale(option, NULL) : NULL;
            free(option);
            if (!wide)
                return PyStatus_NoMemory();
            PyStatus status = PyWideStringList_Append(&config->warnoptions, wide);
            PyMem_RawFree(wide);
            if (PyStatus_Exception(status))
                return status;
        }
        at += len + (at[len] == ',');
    }
    return PyStatus_Ok();
}

/* Fills the configuration of `python3 FILE ARGS...`, isolated from the
** user's environment: no PYTHON* variables but those read_program_environment
** reads, no user site-packages; string
** hashing fixed (PYTHONHASHSEED=0) so sets print the same every run. The
** interpreter is the one looplab links against (LPY_PYTHON_EXE, its prefix
** LPY_PYTHON_HOME), never the first python3 on PATH: a pyenv or venv python
** there would give it another standard library. */
static PyStatus configure(PyConfig *config, const lpy_run_desc *d)
{
    PyConfig_InitIsolatedConfig(config);
    config->safe_path = 1;        /* run_main puts the script's folder first itself */
    config->use_hash_seed = 1;
    config->hash_seed = 0;
    config->write_bytecode = 0;   /* scenario folders stay as they are */
    config->install_signal_handlers = 1;
    config->parse_argv = 0;

    PyStatus status = PyConfig_SetBytesString(config, &config->program_name, LPY_PYTHON_EXE);
    if (!PyStatus_Exception(status))
        status = PyConfig_SetBytesString(config, &config->home, LPY_PYTHON_HOME);
    if (!PyStatus_Exception(status))
        status = read_program_environment(config);
    if (PyStatus_Exception(status))
        return status;
    int argc = d->argc + 1;
    char **argv = calloc((size_t)argc + 1, sizeof *argv);
    if (!argv)
        return PyStatus_NoMemory();
    argv[0] = (char *)d->file;
    for (int i = 0; i < d->argc; i++)
        argv[i + 1] = d->argv[i];
    status = PyConfig_SetBytesArgv(config, argc, argv);
    free(argv);
    return status;
}

static const lpy_embedded_file *shim_file(const char *name)
{
    for (const lpy_embedded_file *f = lpy_shim_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

/* Creates _looplab and runs shim/boot.py, which installs everything else.
** Returns the boot module (new ref: its prepare_main runs the program; the
** module leaves sys.modules when the guard seals the engine), or NULL. */
static PyObject *install_engine(lpy_engine *engine)
{
    PyObject *module = lpy_module_create(engine); // new ref
    if (!module)
        return NULL;
    Py_DECREF(module); /* sys.modules holds it */
    const lpy_embedded_file *boot = shim_file("boot");
    if (!boot) {
        PyErr_SetString(PyExc_RuntimeError, "looplab: the shim's boot.py is missing");
        return NULL;
    }
    PyObject *code = PyMarshal_ReadObjectFromString((const char *)boot->code, boot->size); // new ref
    if (!code)
        return NULL;
    PyObject *boot_module = PyImport_ExecCodeModule("_looplab_boot", code); // new ref
    Py_DECREF(code);
    return boot_module;
}

/* As python3 does before it reports the exception that ended the program:
** sys.stderr, then sys.stdout, are flushed, so that the lines printed
** before the error come before its traceback even through a pipe. The
** pending exception is kept; an error while flushing is dropped. */
static void flush_std_streams(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    const char *names[] = {"stderr", "stdout"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        PyObject *stream = PySys_GetObject(names[i]); // borrowed
        PyObject *done = stream && stream != Py_None ? PyObject_CallMethod(stream, "flush", NULL)
                                                     : NULL; // new ref
        if (done)
            Py_DECREF(done);
        else
            PyErr_Clear();
    }
    PyErr_Restore(type, value, tb);
}

/* Python's exit status for an exception that ended the program: as
** python3's main does, SystemExit(code) gives code (None: 0; not an int:
** printed, 1); KeyboardInterrupt prints its traceback and gives 130;
** anything else prints its traceback and gives 1. */
static int exit_status_of_error(void)
{
    flush_std_streams();
    if (!PyErr_ExceptionMatches(PyExc_SystemExit)) {
        /* Ctrl+C: python3 prints the traceback and dies of SIGINT, which a
        ** shell reports as 130 */
        int interrupted = PyErr_ExceptionMatches(PyExc_KeyboardInterrupt);
        PyErr_Print();
        return interrupted ? 130 : 1;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    int status = 0;
    PyObject *code = value ? PyObject_GetAttrString(value, "code") : NULL; // new ref
    if (!code) {
        PyErr_Clear();
    } else if (code == Py_None) {
        status = 0;
    } else if (PyLong_Check(code)) {
        status = (int)PyLong_AsLong(code);
    } else {
        PyObject *err = PySys_GetObject("stderr"); // borrowed
        if (err && err != Py_None && PyFile_WriteObject(code, err, Py_PRINT_RAW) == 0)
            PyFile_WriteString("\n", err);
        PyErr_Clear();
        status = 1;
    }
    Py_XDECREF(code);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return status;
}

/* Runs FILE as __main__ the way `python3 FILE` does, except that __file__,
** sys.argv[0] and the code's file name stay the path as given (python3
** makes them absolute; DESIGN.md wants them as typed). sys.path[0] is the
** script's real folder; looplab's scenarios folder comes last, so that
** `import sim` works from anywhere. Returns the exit status. */
static int run_main(const lpy_run_desc *d, PyObject *boot)
{
    PyObject *main = PyImport_AddModule("__main__"); // borrowed
    PyObject *globals = main ? PyModule_GetDict(main) : NULL; // borrowed
    PyObject *code = globals ? PyObject_CallMethod(boot, "prepare_main", "ss", d->file,
                                                   d->scenarios_dir ? d->scenarios_dir : "")
                             : NULL; // new ref
    if (!code) {
        /* A compile error shows no frames, as python3 shows none for its
        ** main file: drop the traceback of the preparing code. */
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyErr_NormalizeException(&type, &value, &tb);
        if (value)
            PyException_SetTraceback(value, Py_None);
        Py_XDECREF(tb);
        PyErr_Restore(type, value, NULL);
        return exit_status_of_error();
    }
    PyObject *result = PyEval_EvalCode(code, globals, globals); // new ref
    Py_DECREF(code);
    if (!result)
        return exit_status_of_error();
    Py_DECREF(result);
    return 0;
}

int lpy_run(const lpy_run_desc *d, lpy_engine *engine)
{
    lpy_limits_install_memory(0);
    lpy_guard_trim_builtins(!d->options.trust);
    PyConfig config;
    PyStatus status = preinitialize();
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "looplab: cannot start Python: %s\n",
                status.err_msg ? status.err_msg : "unknown error");
        return 1;
    }
    status = configure(&config, d);
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "looplab: cannot start Python: %s\n",
                status.err_msg ? status.err_msg : "unknown error");
        return 1;
    }
    /* Unless trusted: the roots, and the kernel's confinement before the
    ** engine imports anything (so it imports under the same rules). */
    lpy_guard guard;
    if (!d->options.trust) {
        const char *roots[LPY_GUARD_MAX_ROOTS];
        int rc = lpy_guard_prepare(&guard, d->file, d->scenarios_dir);
        for (int i = 0; rc == 0 && i < guard.nroots; i++)
            roots[i] = guard.roots[i];
        if (rc < 0) {
            fprintf(stderr, "looplab: internal error while preparing the safety layer:\n");
            PyErr_Print();
        }
        if (rc < 0 || (d->confine && d->confine(d->confine_user, roots, guard.nroots) < 0)) {
            Py_FinalizeEx();
            return 1;
        }
    }
    PyObject *boot = install_engine(engine); // new ref
    if (!boot) {
        fprintf(stderr, "looplab: internal error while installing the engine:\n");
        PyErr_Print();
        Py_FinalizeEx();
        return 1;
    }
    /* limits.c and, unless trusted, the safety layer (guard.c); the audit
    ** hook points at `guard` until Py_FinalizeEx */
    if (lpy_limits_install_runtime() < 0 || (!d->options.trust && lpy_guard_arm(&guard) < 0)) {
        fprintf(stderr, "looplab: internal error while installing the safety layer:\n");
        PyErr_Print();
        Py_DECREF(boot);
        Py_FinalizeEx();
        return 1;
    }
    int exit_status = run_main(d, boot);
    Py_DECREF(boot);
    /* Waits for non-daemon threads, runs atexit, flushes: as python exits. */
    if (Py_FinalizeEx() < 0 && exit_status == 0)
        exit_status = 120;
    lpy__guard_native_arm(NULL);
    if (!d->options.trust)
        lpy_guard_release(&guard);
    return exit_status;
}
