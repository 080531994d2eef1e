/*
** test_sandbox.c: the kernel's layers hold on their own, with no audit hook,
** no native gate, no Python at all (app/sandbox.h).
**
** Each test forks a child that confines itself as `looplab run` confines a
** program (its only root a fresh folder holding one file), then tries what
** a program that got round the hook would try, and reports each answer
** through a pipe. The parent checks every answer is a refusal by the
** kernel, and that nothing happened outside (no file written, its own
** process not signalled). The same again as on older kernels: Landlock ABI 2
** (Debian 12's 6.1) and none at all, where seccomp and the network
** namespace must make up the difference.
*/
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/sandbox.h"

/* What the confined child saw: errno of each attempt (0: it worked). */
typedef struct answers {
    int confined;           /* lpapp_sandbox_confine returned 0 */
    char err[256];
    int landlock_abi;       /* the ABI it confined itself as */
    int netns;              /* a private network namespace came up */
    int root;
    int read_inside;        /* reading the root's file: must work */
    int read_outside;       /* /etc/passwd */
    int write_inside;       /* creating a file in the root */
    int exec;               /* execve /bin/true */
    int fork;               /* fork() */
    int thread_clone;       /* clone with CLONE_THREAD flags via a thread: must work */
    int inet_socket;
    int kill_parent;        /* kill(parent, 0) */
    int pidfd_parent;
    int chroot;
    int chdir;
    int inherited_fd;       /* fcntl on a descriptor open before confinement */
} answers;

static int attempt(long rc)
{
    return rc < 0 ? errno : 0;
}

static void *thread_main(void *arg)
{
    return arg;
}

/* In the child: confines itself, tries everything, writes the answers. */
static void confined_child(int out, const char *root, int inherited, int max_abi)
{
    answers a;
    memset(&a, 0, sizeof a);
    lpapp_sandbox_layers layers;
    const char *roots[] = {root};
    a.confined = lpapp_sandbox_early(&layers, out, a.err, sizeof a.err) == 0;
    if (max_abi >= 0)
        lpapp__sandbox_limit_abi(&layers, max_abi);
    a.confined = a.confined &&
                 lpapp_sandbox_confine(roots, 1, &layers, a.err, sizeof a.err) == 0;
    a.landlock_abi = layers.landlock_abi;
    a.netns = layers.netns;
    a.root = geteuid() == 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/inside.txt", root);
    int fd = open(path, O_RDONLY);
    a.read_inside = attempt(fd);
    if (fd >= 0)
        close(fd);
    fd = open("/etc/passwd", O_RDONLY);
    a.read_outside = attempt(fd);
    if (fd >= 0)
        close(fd);
    snprintf(path, sizeof path, "%s/written.txt", root);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    a.write_inside = attempt(fd);
    if (fd >= 0)
        close(fd);
    char *argv[] = {"/bin/true", NULL};
    a.exec = attempt(execve("/bin/true", argv, environ));
    pid_t pid = (pid_t)syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); /* fork, as glibc would */
    if (pid == 0)
        _exit(0);
    a.fork = attempt(pid);
    pthread_t thread;
    a.thread_clone = pthread_create(&thread, NULL, thread_main, NULL);
    if (a.thread_clone == 0)
        pthread_join(thread, NULL);
    a.inet_socket = attempt(socket(AF_INET, SOCK_STREAM, 0));
    a.kill_parent = attempt(kill(getppid(), 0));
    a.pidfd_parent = attempt(syscall(SYS_pidfd_open, getppid(), 0));
    a.chroot = attempt(chroot("/tmp"));
    a.chdir = attempt(chdir("/"));
    a.inherited_fd = attempt(fcntl(inherited, F_GETFD));
    ssize_t n = write(out, &a, sizeof a);
    _exit(n == (ssize_t)sizeof a ? 0 : 1);
}

typedef struct fixture {
    bool skipped;           /* under valgrind, which cannot run a confined child */
    char root[64];
    answers a;
    int status;
} fixture;

/* Forks the confined child, as on a kernel of Landlock ABI max_abi (-1:
** this kernel's), and collects its answers. */
static int run_confined(void **state, int max_abi)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    *state = f;
    const char *preload = getenv("LD_PRELOAD");
    if (preload && strstr(preload, "vgpreload")) { /* its own descriptors, its emulation */
        f->skipped = true;
        return 0;
    }
    snprintf(f->root, sizeof f->root, "/tmp/looplab-sandbox-XXXXXX");
    assert_non_null(mkdtemp(f->root));
    char path[128];
    snprintf(path, sizeof path, "%s/inside.txt", f->root);
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    fputs("inside\n", file);
    fclose(file);

    int fds[2];
    assert_int_equal(pipe(fds), 0);
    int inherited = open("/dev/null", O_WRONLY); /* no O_CLOEXEC: as a careless parent's */
    assert_true(inherited >= 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        confined_child(fds[1], f->root, inherited, max_abi);
    }
    close(fds[1]);
    close(inherited);
    ssize_t n = read(fds[0], &f->a, sizeof f->a);
    close(fds[0]);
    assert_int_equal(waitpid(pid, &f->status, 0), pid);
    assert_int_equal(n, (ssize_t)sizeof f->a);
    return 0;
}

static int setup_this_kernel(void **state)
{
    return run_confined(state, -1);
}

static int setup_debian12(void **state) /* Linux 6.1: Landlock ABI 2 */
{
    return run_confined(state, 2);
}

static int setup_no_landlock(void **state)
{
    return run_confined(state, 0);
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->skipped) {
        free(f);
        return 0;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/inside.txt", f->root);
    unlink(path);
    snprintf(path, sizeof path, "%s/written.txt", f->root);
    unlink(path);
    rmdir(f->root);
    free(f);
    return 0;
}

static void test_confined_at_all(void **state)
{
    fixture *f = *state;
    if (f->skipped)
        skip();
    if (!f->a.confined)
        fail_msg("the child could not confine itself: %s", f->a.err);
    assert_true(WIFEXITED(f->status));
    assert_int_equal(WEXITSTATUS(f->status), 0);
}

static void test_files(void **state)
{
    fixture *f = *state;
    if (f->skipped)
        skip();
    assert_int_equal(f->a.read_inside, 0); /* what it may read still reads */
    if (f->a.landlock_abi <= 0)
        skip(); /* no Landlock on this kernel: files are the audit hook's alone */
    assert_int_equal(f->a.read_outside, EACCES);
    assert_int_equal(f->a.write_inside, EACCES);
    char path[128];
    snprintf(path, sizeof path, "%s/written.txt", f->root);
    assert_int_not_equal(access(path, F_OK), 0);
}

static void test_processes(void **state)
{
    fixture *f = *state;
    if (f->skipped)
        skip();
    assert_int_not_equal(f->a.exec, 0);  /* EPERM (seccomp) or EACCES (Landlock) */
    assert_int_equal(f->a.fork, EPERM);
    assert_int_equal(f->a.thread_clone, 0);
    assert_int_equal(f->a.kill_parent, EPERM);
    assert_int_equal(f->a.pidfd_parent, EPERM);
}

static void test_machine(void **state)
{
    fixture *f = *state;
    if (f->skipped)
        skip();
    if (f->a.landlock_abi < 4 && f->a.root)
        assert_true(f->a.netns); /* TCP: no network to reach, besides seccomp */
    assert_int_equal(f->a.inet_socket, EPERM);
    assert_int_equal(f->a.chroot, EPERM);
    assert_int_equal(f->a.chdir, EPERM);
    assert_int_equal(f->a.inherited_fd, EBADF); /* closed before confinement */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_confined_at_all),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_processes),
        cmocka_unit_test(test_machine),
    };
    int failed = cmocka_run_group_tests_name("this kernel", tests, setup_this_kernel, teardown);
    failed += cmocka_run_group_tests_name("as Landlock ABI 2 (Debian 12)", tests, setup_debian12,
                                          teardown);
    failed += cmocka_run_group_tests_name("as no Landlock", tests, setup_no_landlock, teardown);
    return failed;
}
