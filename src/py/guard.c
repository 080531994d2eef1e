/* guard.c - looplab py: the safety layer's audit hook and import deny list
** (see guard.h; the native gate under it is guard_native.c). */
#include "py/guard.h"

#include <Python.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What an audit event means for the layer. */
typedef enum rule_kind {
    R_OPEN,     /* "open": read inside the roots, never write */
    R_LISTING,  /* os.listdir, os.scandir: inside the roots */
    R_REFUSE,   /* always refused (writes, processes, sockets, ctypes...) */
    R_KILL,     /* os.kill: the program's own process only */
    R_IMPORT,   /* "import": the deny list */
} rule_kind;

typedef struct rule {
    const char *event;  /* the event's name; a trailing '.' matches a prefix */
    rule_kind   kind;
    const char *what;   /* the operation, as the message names it */
} rule;

static const rule rules[] = {
    {"open", R_OPEN, NULL},
    {"import", R_IMPORT, NULL},
    {"os.listdir", R_LISTING, "listing a folder"},
    {"os.scandir", R_LISTING, "listing a folder"},
    {"os.remove", R_REFUSE, "deleting a file (os.remove)"},
    {"os.rmdir", R_REFUSE, "deleting a folder (os.rmdir)"},
    {"os.rename", R_REFUSE, "renaming a file (os.rename)"},
    {"os.mkdir", R_REFUSE, "creating a folder (os.mkdir)"},
    {"os.chmod", R_REFUSE, "changing a file's permissions (os.chmod)"},
    {"os.chown", R_REFUSE, "changing a file's owner (os.chown)"},
    {"os.chflags", R_REFUSE, "changing a file's flags (os.chflags)"},
    {"os.link", R_REFUSE, "creating a link (os.link)"},
    {"os.symlink", R_REFUSE, "creating a link (os.symlink)"},
    {"os.truncate", R_REFUSE, "truncating a file (os.truncate)"},
    {"os.utime", R_REFUSE, "changing a file's times (os.utime)"},
    {"os.setxattr", R_REFUSE, "changing a file's attributes (os.setxattr)"},
    {"os.removexattr", R_REFUSE, "changing a file's attributes (os.removexattr)"},
    {"shutil.", R_REFUSE, "copying, moving or deleting files (shutil)"},
    {"os.system", R_REFUSE, "running a shell command (os.system)"},
    {"os.exec", R_REFUSE, "running another program (os.exec*)"},
    {"os.spawn", R_REFUSE, "starting a process (os.spawn*)"},
    {"os.posix_spawn", R_REFUSE, "starting a process (os.posix_spawn)"},
    {"os.fork", R_REFUSE, "starting a process (os.fork)"},
    {"os.forkpty", R_REFUSE, "starting a process (os.forkpty)"},
    {"subprocess.Popen", R_REFUSE, "starting a process (subprocess)"},
    {"pty.spawn", R_REFUSE, "starting a process (pty.spawn)"},
    {"webbrowser.open", R_REFUSE, "opening a web browser"},
    {"os.chdir", R_REFUSE, "changing the working folder (os.chdir)"},
    {"os.kill", R_KILL, "sending a signal to another process (os.kill)"},
    {"os.killpg", R_REFUSE, "sending a signal to a process group (os.killpg)"},
    {"socket.", R_REFUSE, "using the network (socket)"},
    {"ctypes.", R_REFUSE, "calling native code (ctypes)"},
    {"syslog.", R_REFUSE, "writing to the system log (syslog)"},
    {"fcntl.ioctl", R_REFUSE, "controlling a device (fcntl.ioctl)"},
    {"resource.setrlimit", R_REFUSE, "changing looplab's limits (resource.setrlimit)"},
    {"resource.prlimit", R_REFUSE, "changing looplab's limits (resource.prlimit)"},
    {"sqlite3.", R_REFUSE, "opening a database (sqlite3)"},
    /* paths to every object, the engine's included (guard_seal.c) */
    {"gc.get_objects", R_REFUSE, "listing every object (gc.get_objects)"},
    {"gc.get_referrers", R_REFUSE, "following references (gc.get_referrers)"},
    {"gc.get_referents", R_REFUSE, "following references (gc.get_referents)"},
    {"sys.settrace", R_REFUSE, "tracing the interpreter (sys.settrace)"},
    {"sys.setprofile", R_REFUSE, "tracing the interpreter (sys.setprofile)"},
};

/* Modules the program may not import (top-level names): native code that
** reaches round the hook, writes files from C, or talks to the terminal,
** the network or other processes. The rest of the standard library is
** allowed, and so are the program's own modules in its folder. */
static const char *const denied_modules[] = {
    "ctypes", "_ctypes", "_ctypes_test", "cffi", "_cffi_backend",
    "_posixsubprocess", "_posixshmem", "_multiprocessing",
    "_testcapi", "_testinternalcapi", "_testbuffer", "_testclinic", "_testmultiphase",
    "_testimportmultiple", "_testsinglephase", "_xxtestfuzz", "_xxsubinterpreters",
    "xxlimited", "xxlimited_35", "xxsubtype",
    "_dbm", "_gdbm", "_sqlite3", "readline", "_tkinter", "_curses", "_curses_panel",
    "ossaudiodev", "nis", "spwd",
};

static const char *const extra_roots[] = {"/usr/share/zoneinfo"};

/* Built-in modules taken out of the interpreter, unless trusted: nothing
** can import them however it asks (importlib._bootstrap._gcd_import,
** _imp.create_builtin), as denying their names could not ensure. */
static const char *const removed_builtins[] = {"spwd", "syslog", "xxsubtype"};

/* The interpreter's table of built-ins is a global of libpython's
** (PyImport_Inittab); these keep its original and the trimmed copy. */
static struct {
    struct _inittab *original;
    struct _inittab  trimmed[512];
} builtins;

static bool is_removed_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof removed_builtins / sizeof removed_builtins[0]; i++)
        if (strcmp(name, removed_builtins[i]) == 0)
            return true;
    return false;
}

void lpy_guard_trim_builtins(bool trim)
{
    if (!builtins.original)
        builtins.original = PyImport_Inittab;
    PyImport_Inittab = builtins.original;
    if (!trim)
        return;
    size_t n = 0, max = sizeof builtins.trimmed / sizeof builtins.trimmed[0] - 1;
    for (const struct _inittab *p = builtins.original; p->name; p++) {
        if (n == max)
            return; /* more than we can hold: leave the table whole, the hook still denies */
        if (!is_removed_builtin(p->name))
            builtins.trimmed[n++] = *p;
    }
    memset(&builtins.trimmed[n], 0, sizeof builtins.trimmed[n]);
    PyImport_Inittab = builtins.trimmed;
}

void lpy_guard_message(char *buf, unsigned long size, const char *what, const char *detail)
{
    bool has_detail = detail && detail[0];
    snprintf(buf, size,
             "looplab refuses %s%s%s%s: scenario code may not touch the machine. "
             "To allow it for a program you trust, run it with --trust",
             what, has_detail ? " ('" : "", has_detail ? detail : "", has_detail ? "')" : "");
}

static int refuse(PyObject *type, const char *what, const char *detail)
{
    char message[LPY_GUARD_PATH_MAX + 256];
    lpy_guard_message(message, sizeof message, what, detail);
    PyErr_SetString(type, message);
    return -1;
}

static bool is_under(const char *root, const char *path)
{
    size_t len = strlen(root);
    return strncmp(root, path, len) == 0 && (path[len] == '/' || path[len] == '\0' ||
                                             (len == 1 && root[0] == '/'));
}

bool lpy__guard_path_allowed(const lpy_guard *guard, const char *path)
{
    for (int i = 0; i < guard->nroots; i++)
        if (is_under(guard->roots[i], path))
            return true;
    return false;
}

/* The real path of `path`, or of its folder plus its last part when it
** does not exist (yet). Returns false when neither resolves: the system call
** will fail on its own then. */
static bool resolve(const char *path, char out[PATH_MAX])
{
    if (realpath(path, out))
        return true;
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    const char *base = path;
    if (!slash) {
        strcpy(dir, ".");
    } else {
        size_t n = (size_t)(slash - path);
        if (n >= sizeof dir)
            return false;
        memcpy(dir, path, n);
        dir[n ? n : 1] = '\0';
        if (n == 0)
            dir[0] = '/';
        base = slash + 1;
    }
    char real[PATH_MAX];
    if (!realpath(dir, real) || strcmp(base, "..") == 0 || strcmp(base, ".") == 0)
        return false;
    size_t rlen = strcmp(real, "/") == 0 ? 0 : strlen(real), blen = strlen(base);
    if (rlen + 1 + blen + 1 > PATH_MAX)
        return false;
    memcpy(out, real, rlen);
    out[rlen] = '/';
    memcpy(out + rlen + 1, base, blen + 1);
    return true;
}

/* The file-system path of an event argument, as bytes (new ref), or NULL
** with an exception set. Only str, bytes and pathlib's own classes are
** taken: another os.PathLike could answer differently when the real call
** asks it again. Sets *fd when it is a file descriptor (then returns None). */
static PyObject *path_of(PyObject *arg, long *fd)
{
    *fd = -1;
    if (PyLong_Check(arg)) {
        *fd = PyLong_AsLong(arg);
        return Py_NewRef(Py_None);
    }
    if (!PyUnicode_Check(arg) && !PyBytes_Check(arg)) {
        const char *module = Py_TYPE(arg)->tp_name;
        PyObject *name = PyUnicode_FromString("pathlib"); // new ref
        PyObject *pathlib = name ? PyImport_GetModule(name) : NULL; // new ref
        Py_XDECREF(name);
        bool ok = false;
        if (pathlib) {
            static const char *const names[] = {"PosixPath", "PurePosixPath"};
            for (size_t i = 0; i < 2 && !ok; i++) {
                PyObject *cls = PyObject_GetAttrString(pathlib, names[i]); // new ref
                ok = cls && (PyObject *)Py_TYPE(arg) == cls;
                Py_XDECREF(cls);
            }
            Py_DECREF(pathlib);
        }
        PyErr_Clear();
        if (!ok) {
            refuse(PyExc_PermissionError, "a path given as this kind of object", module);
            return NULL;
        }
    }
    PyObject *bytes = NULL;
    if (!PyUnicode_FSConverter(arg, &bytes))
        return NULL;
    return bytes;
}

static bool mode_writes(PyObject *mode, PyObject *flags)
{
    if (mode && PyUnicode_Check(mode)) {
        const char *m = PyUnicode_AsUTF8(mode);
        if (m && strpbrk(m, "wax+"))
            return true;
        PyErr_Clear();
    }
    if (flags && PyLong_Check(flags)) {
        long f = PyLong_AsLong(flags);
        PyErr_Clear();
        if (f != -1 && (f & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)))
            return true;
    }
    return false;
}

/* "open" (path, mode, flags) and listings (path): reads inside the roots,
** writes never (but to stdout and stderr by number). */
static int check_path(const lpy_guard *guard, PyObject *args, bool listing)
{
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    PyObject *arg = n > 0 ? PyTuple_GET_ITEM(args, 0) : Py_None; // borrowed
    bool writes = !listing && mode_writes(n > 1 ? PyTuple_GET_ITEM(args, 1) : NULL,
                                          n > 2 ? PyTuple_GET_ITEM(args, 2) : NULL);
    if (listing && arg == Py_None)
        arg = NULL;
    long fd = -1;
    PyObject *bytes = arg ? path_of(arg, &fd) : PyBytes_FromString("."); // new ref
    if (!bytes)
        return -1;
    int rc = 0;
    if (bytes == Py_None) {
        if (writes && fd != 1 && fd != 2)
            rc = refuse(PyExc_PermissionError, "writing to a file descriptor", NULL);
    } else if (writes) {
        rc = refuse(PyExc_PermissionError, "writing a file", PyBytes_AS_STRING(bytes));
    } else {
        char real[PATH_MAX];
        if (resolve(PyBytes_AS_STRING(bytes), real) && !lpy__guard_path_allowed(guard, real))
            rc = refuse(PyExc_PermissionError,
                        listing ? "listing a folder outside the program's folder and "
                                  "Python's standard library"
                                : "reading a file outside the program's folder and "
                                  "Python's standard library",
                        PyBytes_AS_STRING(bytes));
    }
    Py_DECREF(bytes);
    return rc;
}

static bool is_denied_module(const char *name)
{
    size_t top = strcspn(name, ".");
    for (size_t i = 0; i < sizeof denied_modules / sizeof denied_modules[0]; i++)
        if (strlen(denied_modules[i]) == top && strncmp(denied_modules[i], name, top) == 0)
            return true;
    return false;
}

static int check_import(PyObject *args)
{
    PyObject *name = PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : NULL; // borrowed
    const char *text = name && PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (!text)
        return 0;
    if (!is_denied_module(text))
        return 0;
    char what[256];
    snprintf(what, sizeof what, "importing '%s' (native code, processes or files outside Python)",
             text);
    return refuse(PyExc_ImportError, what, NULL);
}

static int check_kill(PyObject *args)
{
    long pid = PyTuple_GET_SIZE(args) > 0 ? PyLong_AsLong(PyTuple_GET_ITEM(args, 0)) : -1;
    if (pid == -1 && PyErr_Occurred())
        PyErr_Clear();
    if (pid == (long)getpid())
        return 0;
    return refuse(PyExc_PermissionError, "sending a signal to another process (os.kill)", NULL);
}

static bool event_matches(const char *pattern, const char *event)
{
    size_t len = strlen(pattern);
    if (pattern[len - 1] == '.')
        return strncmp(pattern, event, len) == 0;
    return strcmp(pattern, event) == 0;
}

/* The audit hook. Quick to say no to the events it does not care about:
** the interpreter raises many. */
static int audit_hook(const char *event, PyObject *args, void *user)
{
    const lpy_guard *guard = user;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        const rule *r = &rules[i];
        if (r->event[0] != event[0] || !event_matches(r->event, event))
            continue;
        switch (r->kind) {
        case R_OPEN:
            return check_path(guard, args, false);
        case R_LISTING:
            return check_path(guard, args, true);
        case R_IMPORT:
            return check_import(args);
        case R_KILL:
            return check_kill(args);
        case R_REFUSE:
            return refuse(PyExc_PermissionError, r->what, NULL);
        }
    }
    return 0;
}

static int add_root(lpy_guard *guard, const char *path)
{
    char real[PATH_MAX];
    if (!path || !path[0] || !realpath(path, real))
        return 0; /* a folder that does not exist holds nothing to read */
    if (guard->nroots == LPY_GUARD_MAX_ROOTS || strlen(real) >= LPY_GUARD_PATH_MAX)
        return 0;
    strcpy(guard->roots[guard->nroots++], real);
    return 0;
}

/* sysconfig.get_path(name) into buf; the module is loaded by then. */
static int stdlib_path(const char *name, char *buf, size_t size)
{
    PyObject *path = NULL;
    PyObject *sysconfig = PyImport_ImportModule("sysconfig"); // new ref
    if (sysconfig)
        path = PyObject_CallMethod(sysconfig, "get_path", "s", name); // new ref
    Py_XDECREF(sysconfig);
    const char *text = path ? PyUnicode_AsUTF8(path) : NULL;
    if (!text) {
        Py_XDECREF(path);
        return -1;
    }
    snprintf(buf, size, "%s", text);
    Py_DECREF(path);
    return 0;
}

int lpy_guard_prepare(lpy_guard *guard, const char *script, const char *scenarios_dir)
{
    memset(guard, 0, sizeof *guard);
    char real[PATH_MAX], dir[PATH_MAX];
    if (realpath(script, real)) {
        char *slash = strrchr(real, '/');
        if (slash)
            *slash = '\0';
        snprintf(dir, sizeof dir, "%s", real[0] ? real : "/");
        add_root(guard, dir);
    }
    add_root(guard, scenarios_dir);
    char path[LPY_GUARD_PATH_MAX];
    if (stdlib_path("stdlib", path, sizeof path) < 0)
        return -1;
    add_root(guard, path);
    if (realpath(path, real))
        snprintf(guard->stdlib, sizeof guard->stdlib, "%s", real);
    if (stdlib_path("platstdlib", path, sizeof path) < 0)
        return -1;
    add_root(guard, path);
    for (size_t i = 0; i < sizeof extra_roots / sizeof extra_roots[0]; i++)
        add_root(guard, extra_roots[i]);
    return 0;
}

int lpy_guard_arm(lpy_guard *guard)
{
    if (lpy__guard_seal(guard) < 0)
        return -1;
    if (lpy_guard_test_kernel_only && lpy_guard_test_kernel_only())
        return 0; /* a test binary's: the kernel's layers alone */
    if (PySys_AddAuditHook(audit_hook, guard) < 0)
        return -1;
    lpy__guard_native_arm(guard);
    return 0;
}

void lpy_guard_release(lpy_guard *guard)
{
    lpy__guard_seal_free(guard);
}

int lpy_guard_install(lpy_guard *guard, const char *script, const char *scenarios_dir)
{
    if (lpy_guard_prepare(guard, script, scenarios_dir) < 0)
        return -1;
    return lpy_guard_arm(guard);
}
