/*
** sandbox.c: confining the child that runs a program, in order (see sandbox.h).
**
** Early, before the interpreter starts: descriptors beyond 0-2 closed,
** rlimits (no core files, no file written, open files, address space),
** malloc's arenas capped (each reserves address space), and on kernels
** whose Landlock cannot refuse TCP a private network namespace. Then, once
** the roots are known and before the program's first line: no_new_privs,
** Landlock, capabilities dropped (root), seccomp last, on every thread.
*/
#define _GNU_SOURCE
#include "app/sandbox.h"

#include <errno.h>
#include <linux/capability.h>
#include <malloc.h>
#include <sched.h>
#include <stdint.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "py/guard.h"
#include "py/limits.h"

#define OPEN_FILES_MAX 1024
#define ADDRESS_SPACE ((size_t)16 << 30) /* a backstop: the supervisor counts resident memory */

static int set_limit(int resource, rlim_t value)
{
    struct rlimit rl;
    if (getrlimit(resource, &rl) != 0)
        return -1;
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < value)
        value = rl.rlim_max;
    rl.rlim_cur = rl.rlim_max = value;
    return setrlimit(resource, &rl);
}

static int set_rlimits(char *err, size_t errlen)
{
    int rc = set_limit(RLIMIT_CORE, 0);
    if (rc == 0)
        rc = set_limit(RLIMIT_FSIZE, 0);
    if (rc == 0)
        rc = set_limit(RLIMIT_NOFILE, OPEN_FILES_MAX);
#if !defined(LPAPP_SANITIZER_MAPS)
    /* a sanitizer maps terabytes of shadow memory: not under it */
    if (rc == 0)
        rc = set_limit(RLIMIT_AS, ADDRESS_SPACE);
#endif
    if (rc != 0)
        snprintf(err, errlen, "cannot set the process limits: %s", strerror(errno));
    return rc;
}

/* Closes every descriptor from 3 on but `keep` (-1: none). */
static void close_other_descriptors(int keep)
{
#ifdef SYS_close_range
    bool ok = keep < 3 ? syscall(SYS_close_range, 3U, ~0U, 0U) == 0
                       : (keep == 3 || syscall(SYS_close_range, 3U, (unsigned)keep - 1, 0U) == 0) &&
                             syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0U) == 0;
    if (ok)
        return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = 3; fd < (max > 0 ? max : 65536); fd++)
        if (fd != keep)
            close(fd);
}

/* A network namespace of its own (no interface but a down loopback).
** As root, directly; otherwise inside a new user namespace where the
** kernel allows it. Returns whether it is in force. */
static bool private_network(void)
{
    if (unshare(CLONE_NEWNET) == 0)
        return true;
    return unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0;
}

int lpapp_sandbox_early(lpapp_sandbox_layers *layers, int keep_fd, char *err, size_t errlen)
{
    memset(layers, 0, sizeof *layers);
    close_other_descriptors(keep_fd);
    mallopt(M_ARENA_MAX, 2);
    if (set_rlimits(err, errlen) != 0)
        return -1;
    layers->rlimits = true;
    layers->landlock_abi = lpapp__landlock_abi();
    if (layers->landlock_abi < 4)
        layers->netns = private_network();
    return 0;
}

void lpapp__sandbox_limit_abi(lpapp_sandbox_layers *layers, int abi)
{
    if (abi >= layers->landlock_abi)
        return;
    layers->landlock_abi = abi;
    if (abi < 4 && !layers->netns)
        layers->netns = private_network();
}

/* Drops every capability: the bounding set, the ambient set, and the
** effective, permitted and inheritable sets. Only asked when root. */
static int drop_capabilities(void)
{
    for (int cap = 0; cap <= 63; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno != EINVAL)
            return -1;
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return (int)syscall(SYS_capset, &header, data);
}

int lpapp_sandbox_confine(const char *const *roots, int nroots, lpapp_sandbox_layers *layers,
                          char *err, size_t errlen)
{
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        snprintf(err, errlen, "cannot set no_new_privs: %s", strerror(errno));
        return -1;
    }
    layers->no_new_privs = true;
    if (lpapp__landlock_apply(layers->landlock_abi, roots, nroots, layers, err, errlen) != 0)
        return -1;
    layers->was_root = geteuid() == 0;
    if (layers->was_root) {
        if (drop_capabilities() != 0) {
            snprintf(err, errlen, "cannot drop capabilities: %s", strerror(errno));
            return -1;
        }
        layers->caps_dropped = true;
    }
    if (lpapp__seccomp_apply(layers->landlock_abi, err, errlen) != 0)
        return -1;
    layers->seccomp = true;
    return 0;
}

/* What a confined child really gets on this machine: it confines itself
** and hands its lpapp_sandbox_layers and message back through a pipe. */
typedef struct probe_result {
    lpapp_sandbox_layers layers;
    int  ok;
    char err[256];
} probe_result;

static int probe(probe_result *got)
{
    memset(got, 0, sizeof *got);
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        close(fds[0]);
        probe_result r;
        memset(&r, 0, sizeof r);
        const char *roots[] = {"/usr/lib"};
        r.ok = lpapp_sandbox_early(&r.layers, fds[1], r.err, sizeof r.err) == 0 &&
               lpapp_sandbox_confine(roots, 1, &r.layers, r.err, sizeof r.err) == 0;
        ssize_t n = write(fds[1], &r, sizeof r);
        _exit(n == (ssize_t)sizeof r ? 0 : 1);
    }
    close(fds[1]);
    ssize_t n = read(fds[0], got, sizeof *got);
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return n == (ssize_t)sizeof *got ? 0 : -1;
}

static const char *on(bool b)
{
    return b ? "on " : "OFF";
}

int lpapp_sandbox_doctor(FILE *out)
{
    probe_result got;
    if (probe(&got) != 0) {
        fprintf(out, "looplab: cannot start a confined process to look\n");
        return 1;
    }
    const lpapp_sandbox_layers *l = &got.layers;
    fprintf(out, "looplab's sandbox on this machine (`looplab run FILE.py` without --trust):\n");
    fprintf(out, "  on  supervisor: output, memory and real time counted outside the program\n");
    fprintf(out, "  %s no_new_privs\n", on(l->no_new_privs));
    if (l->was_root)
        fprintf(out, "  %s capabilities dropped (running as root)\n", on(l->caps_dropped));
    else
        fprintf(out, "  on  capabilities: none held (not root)\n");
    if (l->landlock_abi <= 0)
        fprintf(out, "  OFF landlock: this kernel has none (files: the audit hook only)\n");
    else
        fprintf(out, "  %s landlock ABI %d: files read-only%s%s\n", on(l->landlock),
                l->landlock_abi, l->landlock_net ? ", no TCP" : " (TCP: seccomp, namespace)",
                l->landlock_scoped ? ", signals and abstract sockets scoped"
                                   : " (signals: seccomp)");
    if (l->landlock_abi < 4)
        fprintf(out, "  %s private network namespace\n", on(l->netns));
    fprintf(out, "  %s seccomp: no exec, no new processes, no sockets, no signals to other "
                 "processes, no chroot, mount, ptrace, bpf\n", on(l->seccomp));
#if defined(LPAPP_SANITIZER_MAPS)
    fprintf(out, "  %s rlimits: no core files, no file written, open files (not the "
                 "address space: a sanitizer build)\n",
            on(l->rlimits));
#else
    fprintf(out, "  %s rlimits: no core files, no file written, open files, address space\n",
            on(l->rlimits));
#endif
    if (lpy_guard_test_kernel_only && lpy_guard_test_kernel_only())
        fprintf(out, "  off audit hook and native gate (a test binary: the kernel's layers "
                     "alone)\n");
    else
        fprintf(out, "  on  audit hook and native gate: the clear refusals, first\n");
    fprintf(out, "  on  the engine sealed off: its modules out of sys.modules, its insides "
                 "out of reach\n");
    if (!got.ok)
        fprintf(out, "looplab: confinement fails here: %s (runs are refused; --trust runs "
                     "unconfined)\n", got.err);
    return got.ok ? 0 : 1;
}
