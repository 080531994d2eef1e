/* run.c - looplab py: the embedded interpreter's life, from PyConfig to exit. */
#include "py/run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "py/embedded.h"
#include "py/module.h"

/* Fills the configuration of `python3 FILE ARGS...`, isolated from the
** user's environment: no PYTHON* variables, no user site-packages; string
** hashing fixed (PYTHONHASHSEED=0) so sets print the same every run. */
static PyStatus configure(PyConfig *config, const lpy_run_desc *d)
{
    PyConfig_InitIsolatedConfig(config);
    config->safe_path = 0;        /* sys.path[0] is the script's folder, as for python3 */
    config->use_hash_seed = 1;
    config->hash_seed = 0;
    config->write_bytecode = 0;   /* scenario folders stay as they are */
    config->install_signal_handlers = 1;
    config->parse_argv = 0;

    PyStatus status = PyConfig_SetBytesString(config, &config->program_name, "python3");
    if (PyStatus_Exception(status))
        return status;
    status = PyConfig_SetBytesString(config, &config->run_filename, d->file);
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

static const char *shim_text(const char *name)
{
    for (const lpy_embedded_file *f = lpy_shim_files; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f->text;
    return NULL;
}

/* Creates _looplab and runs shim/boot.py, which installs everything else. */
static int install_engine(lpy_engine *engine)
{
    PyObject *module = lpy_module_create(engine); // new ref
    if (!module)
        return -1;
    Py_DECREF(module); /* sys.modules holds it */
    const char *boot = shim_text("boot");
    if (!boot) {
        PyErr_SetString(PyExc_RuntimeError, "looplab: the shim's boot.py is missing");
        return -1;
    }
    PyObject *code = Py_CompileString(boot, "<looplab>/boot.py", Py_file_input); // new ref
    if (!code)
        return -1;
    PyObject *boot_module = PyImport_ExecCodeModule("_looplab_boot", code); // new ref
    Py_DECREF(code);
    if (!boot_module)
        return -1;
    Py_DECREF(boot_module);
    return 0;
}

int lpy_run(const lpy_run_desc *d, lpy_engine *engine)
{
    PyConfig config;
    PyStatus status = configure(&config, d);
    if (!PyStatus_Exception(status))
        status = Py_InitializeFromConfig(&config);
    PyConfig_Clear(&config);
    if (PyStatus_Exception(status)) {
        fprintf(stderr, "looplab: cannot start Python: %s\n",
                status.err_msg ? status.err_msg : "unknown error");
        return 1;
    }
    if (install_engine(engine) < 0) {
        fprintf(stderr, "looplab: internal error while installing the engine:\n");
        PyErr_Print();
        Py_FinalizeEx();
        return 1;
    }
    /* Runs run_filename as python's main does, then finalizes. */
    return Py_RunMain();
}
