/*
** sandbox_seccomp.c: the system calls the confined child may not make,
** through libseccomp (see sandbox.h).
**
** Everything the interpreter needs stays allowed; what reaches outside the
** process is refused with EPERM: running programs, new processes (clone
** without CLONE_THREAD; clone3 answers ENOSYS so that glibc falls back to
** clone, which the filter can read), sockets, signals to other processes,
** chroot, mounts, namespaces, ptrace and the other process-inspecting
** calls, BPF, perf, userfaultfd, keys, modules, the clock, io_uring (whose
** operations seccomp cannot see), and changing the working folder (a thread
** flipping it can race a path check). Applied with TSYNC: threads started
** before (the engine's watchdog) get it too.
*/
#define _GNU_SOURCE
#include "app/sandbox.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* Refused outright. Names this libseccomp or architecture lacks are skipped. */
static const char *const refused[] = {
    "execve", "execveat", "fork", "vfork",
    "chroot", "pivot_root", "chdir", "fchdir",
    "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "tkill",
    "process_vm_readv", "process_vm_writev", "process_madvise", "kcmp",
    "unshare", "setns", "mount", "umount2", "move_mount", "open_tree", "fsopen", "fsconfig",
    "fsmount", "fspick", "mount_setattr",
    "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key", "request_key",
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "quotactl_fd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "name_to_handle_at", "open_by_handle_at",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex",
    "sethostname", "setdomainname", "iopl", "ioperm", "syslog", "vhangup",
    "socket", "memfd_secret", "landlock_create_ruleset",
#if !defined(__SANITIZE_ADDRESS__)
    "ptrace", /* LeakSanitizer's report stops the threads with ptrace (test builds) */
#endif
};

/* Calls refused unless their argument `arg` is `value`: only on itself. */
typedef struct own_only {
    const char *name;
    unsigned    arg;
    bool        is_pid; /* value is this process's id, else 0 ("myself") */
} own_only;

static const own_only own[] = {
    {"kill", 0, true},            {"tgkill", 0, true},
    {"rt_sigqueueinfo", 0, true}, {"rt_tgsigqueueinfo", 0, true},
    {"setpriority", 1, false},    {"ioprio_set", 1, false},
    {"sched_setaffinity", 0, false}, {"sched_setscheduler", 0, false},
    {"sched_setparam", 0, false}, {"sched_setattr", 0, false},
    {"prlimit64", 0, false},      {"migrate_pages", 0, false}, {"move_pages", 0, false},
};

static int rule(scmp_filter_ctx ctx, uint32_t action, const char *name, unsigned count,
                const struct scmp_arg_cmp *cmp)
{
    int nr = seccomp_syscall_resolve_name(name);
    if (nr == __NR_SCMP_ERROR)
        return 0;
    return seccomp_rule_add_array(ctx, action, nr, count, cmp);
}

static int add_rules(scmp_filter_ctx ctx)
{
    const uint32_t eperm = SCMP_ACT_ERRNO(EPERM);
    int rc = 0;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0] && rc == 0; i++)
        rc = rule(ctx, eperm, refused[i], 0, NULL);
    uint64_t pid = (uint64_t)getpid();
    for (size_t i = 0; i < sizeof own / sizeof own[0] && rc == 0; i++) {
        struct scmp_arg_cmp cmp = {own[i].arg, SCMP_CMP_NE, own[i].is_pid ? pid : 0, 0};
        rc = rule(ctx, eperm, own[i].name, 1, &cmp);
    }
    /* clone: threads only. Under AddressSanitizer, LeakSanitizer's report
    ** runs in a clone sharing memory (CLONE_VM), which cannot run a program:
    ** execve stays refused. */
#if defined(__SANITIZE_ADDRESS__)
    const uint64_t allowed_flag = CLONE_VM;
#else
    const uint64_t allowed_flag = CLONE_THREAD;
#endif
    struct scmp_arg_cmp not_thread = {0, SCMP_CMP_MASKED_EQ, allowed_flag, 0};
    if (rc == 0)
        rc = rule(ctx, eperm, "clone", 1, &not_thread);
    if (rc == 0)
        rc = rule(ctx, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);
    /* socketpair: Unix sockets within the process only */
    struct scmp_arg_cmp not_unix = {0, SCMP_CMP_NE, AF_UNIX, 0};
    if (rc == 0)
        rc = rule(ctx, eperm, "socketpair", 1, &not_unix);
    /* typing into the terminal (TIOCSTI) or its console (TIOCLINUX) */
    static const unsigned long tty_requests[] = {TIOCSTI, TIOCLINUX};
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        struct scmp_arg_cmp req = {1, SCMP_CMP_MASKED_EQ, 0xffffffffu, tty_requests[i]};
        rc = rule(ctx, eperm, "ioctl", 1, &req);
    }
    /* personality: reading it only (a new one could turn off ASLR) */
    struct scmp_arg_cmp not_query = {0, SCMP_CMP_NE, 0xffffffffu, 0};
    if (rc == 0)
        rc = rule(ctx, eperm, "personality", 1, &not_query);
    return rc;
}

int lpapp__seccomp_apply(int landlock_abi, char *err, size_t errlen)
{
    (void)landlock_abi; /* sockets are refused whatever Landlock can do */
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!ctx) {
        snprintf(err, errlen, "seccomp: out of memory");
        return -1;
    }
    int rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    if (rc == 0)
        rc = add_rules(ctx);
    if (rc == 0)
        rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc != 0) {
        snprintf(err, errlen, "seccomp could not load the filter: %s", strerror(-rc));
        return -1;
    }
    return 0;
}
