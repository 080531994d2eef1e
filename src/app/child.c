/*
** child.c: running a program in a child looplab (see child.h). The child is
** `looplab run`, which supervises and confines the program itself
** (sandbox.h); it gets /dev/null, a file for stderr, and no other descriptor.
*/
#define _GNU_SOURCE
#include "app/child.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/status.h"
#include "core/trace_file.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Closes every descriptor from `first` on (in the child, before exec). */
static void close_from(int first)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)first, ~0U, 0U) == 0)
        return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    for (int fd = first; fd < (max > 0 ? max : 65536); fd++)
        close(fd);
}

void lpapp_child_init(lpapp_child *c)
{
    memset(c, 0, sizeof *c);
}

static int make_dir(lpapp_child *c)
{
    if (c->dir[0])
        return 0;
    const char *tmp = getenv("TMPDIR");
    snprintf(c->dir, sizeof c->dir, "%s/looplab-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(c->dir)) {
        c->dir[0] = '\0';
        return -1;
    }
    snprintf(c->raw, sizeof c->raw, "%s/trace.bin", c->dir);
    snprintf(c->err, sizeof c->err, "%s/stderr.txt", c->dir);
    return 0;
}

int lpapp_child_start(lpapp_child *c, const char *file, char *msg, size_t msglen)
{
    if (c->pid)
        lpapp_child_close(c);
    if (make_dir(c) != 0) {
        snprintf(msg, msglen, "cannot make a temporary directory: %s", strerror(errno));
        return -1;
    }
    unlink(c->raw);
    snprintf(c->file, sizeof c->file, "%s", file);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) {
        snprintf(msg, msglen, "cannot find looplab's own executable");
        return -1;
    }
    exe[n] = '\0';
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(msg, msglen, "cannot start a process: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int out = open("/dev/null", O_WRONLY);
        int err = open(c->err, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (out >= 0)
            dup2(out, 1);
        if (err >= 0)
            dup2(err, 2);
        if (in >= 0)
            dup2(in, 0);
        close_from(3); /* the window's own descriptors are not the program's */
        char *argv[] = {exe, "run", "--raw-trace", c->raw, "--", c->file, NULL, NULL};
        if (c->trust) { /* looplab run --raw-trace RAW --trust -- FILE */
            argv[4] = "--trust";
            argv[5] = "--";
            argv[6] = c->file;
        }
        execv(exe, argv);
        _exit(127);
    }
    c->pid = pid;
    c->started = now_s();
    return 0;
}

bool lpapp_child_done(lpapp_child *c, bool wait, double limit, int *status)
{
    if (!c->pid)
        return false;
    for (;;) {
        int st = 0;
        pid_t r = waitpid(c->pid, &st, WNOHANG);
        if (r == c->pid) {
            *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
            c->pid = 0;
            return true;
        }
        if (r < 0 && errno != EINTR) {
            *status = -1;
            c->pid = 0;
            return true;
        }
        if (limit > 0 && now_s() - c->started > limit) {
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &st, 0);
            c->pid = 0;
            *status = -1;
            return true;
        }
        if (!wait)
            return false;
        struct timespec ts = {0, 5 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

/* The whole of a small text file (NULL-safe; caller frees). */
static char *read_text(const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(max + 1);
    size_t n = buf ? fread(buf, 1, max, f) : 0;
    fclose(f);
    if (buf)
        buf[n] = '\0';
    return buf;
}

lpui_model *lpapp_child_result(lpapp_child *c, int status, char *msg, size_t msglen)
{
    lp_trace trace;
    lp_trace_init(&trace, lp_allocator_default());
    FILE *f = fopen(c->raw, "rb");
    int rc = f ? lp_trace_load(&trace, f) : LP_E_INVAL;
    if (f)
        fclose(f);
    if (rc != LP_OK) { /* no trace (killed, or it could not start): show what we can */
        lp_trace_free(&trace);
        lp_trace_init(&trace, lp_allocator_default());
    }
    char *err = read_text(c->err, 1 << 20);
    if (status == -1 && err) { /* killed: say so */
        char *more = realloc(err, strlen(err) + 128);
        if (more) {
            err = more;
            strcat(err, "\nlooplab: the run took too long and was stopped\n");
        }
    }
    lpui_model *m = malloc(sizeof *m);
    if (!m || lpui_model_init(m, &trace, c->file, status, err) != LP_OK) {
        if (m)
            lpui_model_free(m);
        free(m);
        m = NULL;
        snprintf(msg, msglen, "out of memory loading the run");
    }
    lp_trace_free(&trace);
    free(err);
    return m;
}

void lpapp_child_close(lpapp_child *c)
{
    if (c->pid) {
        int st;
        kill(c->pid, SIGKILL);
        waitpid(c->pid, &st, 0);
        c->pid = 0;
    }
    if (c->dir[0]) {
        unlink(c->raw);
        unlink(c->err);
        rmdir(c->dir);
        c->dir[0] = '\0';
    }
}
