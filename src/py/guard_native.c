/* guard_native.c - looplab py: the safety layer's native gate.
**
** Defines dlopen, dlerror, fork, vfork, execve, execv, execvp, posix_spawn,
** posix_spawnp, system, socket, mkfifo(at), mknod(at), clock_settime and
** openat64 in the looplab executable. The dynamic linker resolves
** libpython's calls of them here first (the executable comes first in the
** lookup order), and each passes the call on to the next definition (libc,
** or a sanitizer's interceptor), unless the safety layer is armed and:
**   - exec*, posix_spawn*, system: always refused (looplab runs no program);
**   - fork, vfork: refused when called from Python (vfork is otherwise a
**     plain fork, which POSIX allows: a wrapper cannot pass vfork on);
**   - socket, mkfifo, mknod, clock_settime: refused when called from Python
**     (libpython or an extension module), so a window library may still
**     reach its display server; openat64 with a folder descriptor and a
**     relative path, likewise (the audit hook cannot see that folder);
**   - dlopen: called from Python with a path, refused unless the file is in
**     the standard library's folder and is not on the deny list (guard.c).
** This catches what the audit hook cannot see: a module object rebuilt by
** introspection (_imp.create_builtin, an extension loaded by hand) calling
** fork_exec, socket or dlopen directly.
**
** The one global: `armed`, the guard of the running interpreter. These
** functions have no context argument to carry it (their signatures are libc's).
*/
#define _GNU_SOURCE
#include "py/guard.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const lpy_guard *_Atomic armed;

/* A refused dlopen's message, for the dlerror call that follows. */
static _Thread_local char refused_message[LPY_GUARD_PATH_MAX + 256];
static _Thread_local int refused_pending;

/* Native module names (the file name up to its first '.') never loaded. */
static const char *const denied_natives[] = {
    "_ctypes", "_ctypes_test", "_cffi_backend", "_testcapi", "_testinternalcapi",
    "_testbuffer", "_testclinic", "_testmultiphase", "_testimportmultiple",
    "_testsinglephase", "_xxtestfuzz", "_xxsubinterpreters", "xxlimited", "xxlimited_35",
    "_posixshmem", "_multiprocessing", "_dbm", "_gdbm", "_sqlite3", "readline", "_tkinter",
    "_curses", "_curses_panel", "ossaudiodev", "nis",
};

void lpy__guard_native_arm(const lpy_guard *guard)
{
    armed = guard;
}

/* The next definition of `name` after ours (libc's, or a sanitizer's). */
static void *next(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* Is the code at `address` Python's: libpython or an extension module? */
static bool from_python(const void *address)
{
    Dl_info info;
    if (!dladdr(address, &info) || !info.dli_fname)
        return false;
    return strstr(info.dli_fname, "libpython") || strstr(info.dli_fname, "/lib-dynload/") ||
           strstr(info.dli_fname, "-linux-gnu.so") || strstr(info.dli_fname, ".abi3.so");
}

static bool native_allowed(const lpy_guard *guard, const char *path, char *why, size_t size)
{
    char real[PATH_MAX];
    if (!realpath(path, real)) { /* fail closed: a memfd's /proc/self/fd/N has no real path */
        lpy_guard_message(why, size,
                          "loading a native module from outside Python's standard library", path);
        return false;
    }
    const char *base = strrchr(real, '/');
    base = base ? base + 1 : real;
    size_t top = strcspn(base, ".");
    for (size_t i = 0; i < sizeof denied_natives / sizeof denied_natives[0]; i++) {
        if (strlen(denied_natives[i]) == top && strncmp(denied_natives[i], base, top) == 0) {
            lpy_guard_message(why, size, "loading the native module", path);
            return false;
        }
    }
    size_t len = strlen(guard->stdlib);
    if (len && strncmp(real, guard->stdlib, len) == 0 && real[len] == '/')
        return true;
    lpy_guard_message(why, size, "loading a native module from outside Python's standard library",
                      path);
    return false;
}

void *dlopen(const char *path, int flags)
{
    static void *(*real_dlopen)(const char *, int);
    if (!real_dlopen)
        real_dlopen = (void *(*)(const char *, int))next("dlopen");
    const lpy_guard *guard = armed;
    if (guard && path && strchr(path, '/') && from_python(__builtin_return_address(0)) &&
        !native_allowed(guard, path, refused_message, sizeof refused_message)) {
        refused_pending = 1;
        return NULL;
    }
    return real_dlopen(path, flags);
}

char *dlerror(void)
{
    static char *(*real_dlerror)(void);
    if (!real_dlerror)
        real_dlerror = (char *(*)(void))next("dlerror");
    if (refused_pending) {
        refused_pending = 0;
        return refused_message;
    }
    return real_dlerror();
}

/* Refused when the safety layer is armed and `caller` is Python's code. */
static bool refuse_from_python(const void *caller)
{
    if (!armed || !from_python(caller))
        return false;
    errno = EPERM;
    return true;
}

/* exec*, spawn and system: refused while armed, from any caller (a vfork
** child must not take locks: no dladdr here). */
static bool refuse_process(void)
{
    if (!armed)
        return false;
    errno = EPERM;
    return true;
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    if (refuse_process())
        return -1;
    int (*real)(const char *, char *const[], char *const[]) =
        (int (*)(const char *, char *const[], char *const[]))next("execve");
    return real(path, argv, envp);
}

int execv(const char *path, char *const argv[])
{
    if (refuse_process())
        return -1;
    int (*real)(const char *, char *const[]) = (int (*)(const char *, char *const[]))next("execv");
    return real(path, argv);
}

int execvp(const char *file, char *const argv[])
{
    if (refuse_process())
        return -1;
    int (*real)(const char *, char *const[]) = (int (*)(const char *, char *const[]))next("execvp");
    return real(file, argv);
}

typedef int spawn_fn(pid_t *, const char *, const posix_spawn_file_actions_t *,
                     const posix_spawnattr_t *, char *const[], char *const[]);

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    if (refuse_process())
        return EPERM;
    return ((spawn_fn *)next("posix_spawn"))(pid, path, actions, attr, argv, envp);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    if (refuse_process())
        return EPERM;
    return ((spawn_fn *)next("posix_spawnp"))(pid, file, actions, attr, argv, envp);
}

int system(const char *command)
{
    if (command && refuse_process())
        return -1;
    return ((int (*)(const char *))next("system"))(command);
}

pid_t fork(void)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((pid_t(*)(void))next("fork"))();
}

pid_t vfork(void)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((pid_t(*)(void))next("fork"))();
}

/* Files made without an audit event in Python 3.11 (os.mkfifo, os.mknod),
** and the system clock (time.clock_settime, which root could use). */
int mkfifo(const char *path, mode_t mode)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(const char *, mode_t))next("mkfifo"))(path, mode);
}

int mkfifoat(int dirfd, const char *path, mode_t mode)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(int, const char *, mode_t))next("mkfifoat"))(dirfd, path, mode);
}

int mknod(const char *path, mode_t mode, dev_t dev)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(const char *, mode_t, dev_t))next("mknod"))(path, mode, dev);
}

int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(int, const char *, mode_t, dev_t))next("mknodat"))(dirfd, path, mode, dev);
}

int clock_settime(clockid_t clock, const struct timespec *tp)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(clockid_t, const struct timespec *))next("clock_settime"))(clock, tp);
}

/* os.open(path, dir_fd=fd): the audit hook sees the path but not the
** folder it is relative to, so it cannot tell where a read lands. Relative
** paths under a folder descriptor are refused from Python while armed. */
int openat64(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    if (dirfd != AT_FDCWD && path[0] != '/' &&
        refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(int, const char *, int, ...))next("openat64"))(dirfd, path, flags, mode);
}

int socket(int domain, int type, int protocol)
{
    if (refuse_from_python(__builtin_return_address(0)))
        return -1;
    return ((int (*)(int, int, int))next("socket"))(domain, type, protocol);
}
