/*
** sandbox_supervisor.c: the supervisor of `looplab run` (see
** sandbox_supervisor.h).
*/
#define _GNU_SOURCE
#include "app/sandbox_supervisor.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 50

/* One stream from the child: the read end of its pipe and where it goes. */
typedef struct stream {
    int  fd;    /* -1 once closed */
    int  to;    /* our descriptor it is passed on to; -1: dropped */
} stream;

typedef struct supervisor {
    const lpapp_watch *w;
    pid_t  pid;
    stream streams[2];
    int    nstreams;
    size_t written;       /* bytes passed on, both streams */
    bool   over_output;
} supervisor;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Do descriptors a and b lead to the same file (2>&1, one terminal)? */
static bool same_file(int a, int b)
{
    struct stat sa, sb;
    return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino && sa.st_rdev == sb.st_rdev;
}

static void write_all(stream *s, const char *buf, size_t n)
{
    while (n > 0 && s->to >= 0) {
        ssize_t k = write(s->to, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) { /* our reader went away: the child's next write fails as python3's */
            s->to = -1;
            close(s->fd);
            s->fd = -1;
            return;
        }
        buf += k;
        n -= (size_t)k;
    }
}

/* Reads what is there on stream s and passes it on, counting. Returns
** false at end of file. */
static bool pump(supervisor *sv, stream *s)
{
    char buf[65536];
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0) { /* end of file (EIO from a terminal whose child side closed) */
        close(s->fd);
        s->fd = -1;
        return false;
    }
    size_t limit = sv->w->output_limit;
    size_t pass = (size_t)n;
    if (limit && sv->written + pass > limit) {
        pass = sv->written < limit ? limit - sv->written : 0;
        sv->over_output = true;
    }
    sv->written += (size_t)n;
    write_all(s, buf, pass);
    return true;
}

/* Passes on whatever the streams hold, waiting up to `ms` for some. */
static void pump_all(supervisor *sv, int ms)
{
    struct pollfd pfd[2];
    int n = 0;
    stream *which[2];
    for (int i = 0; i < sv->nstreams; i++)
        if (sv->streams[i].fd >= 0) {
            pfd[n] = (struct pollfd){.fd = sv->streams[i].fd, .events = POLLIN};
            which[n++] = &sv->streams[i];
        }
    if (n == 0) {
        if (ms > 0)
            poll(NULL, 0, ms);
        return;
    }
    if (poll(pfd, (nfds_t)n, ms) <= 0)
        return;
    for (int i = 0; i < n; i++)
        if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR))
            pump(sv, which[i]);
}

/* After the child ended: everything still in the pipes. */
static void drain(supervisor *sv)
{
    for (int i = 0; i < sv->nstreams; i++) {
        stream *s = &sv->streams[i];
        if (s->fd >= 0)
            fcntl(s->fd, F_SETFL, fcntl(s->fd, F_GETFL) | O_NONBLOCK);
        while (s->fd >= 0 && !sv->over_output && pump(sv, s))
            if (s->fd >= 0 && poll(&(struct pollfd){.fd = s->fd, .events = POLLIN}, 1, 0) <= 0)
                break;
        if (s->fd >= 0)
            close(s->fd);
        s->fd = -1;
    }
}

/* Resident memory of the child that is its own doing, in bytes (0 if
** unknown): anonymous pages and shared memory (an anonymous mmap is shared
** memory to the kernel), less the shared memory it holds for us (its trace). */
static size_t resident(const lpapp_watch *w, pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    unsigned long anon = 0, shmem = 0, kib;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "RssAnon: %lu kB", &kib) == 1)
            anon = kib;
        else if (sscanf(line, "RssShmem: %lu kB", &kib) == 1)
            shmem = kib;
    }
    fclose(f);
    size_t bytes = (size_t)(anon + shmem) << 10;
    size_t exempt = w->exempt ? w->exempt(w->user) : 0;
    return bytes > exempt ? bytes - exempt : 0;
}

/* A program computing without progress is ended after busy_limit s of CPU
** time, or this many times busy_limit s of real time wanting a CPU (30 s for
** 12): its own watchdog, which names the line it spins on, comes first unless
** the machine gives it less than a third of a CPU, and no case outlives
** tests/bad's bound of 40 s of real time whatever the load. */
#define WANTED_PER_BUSY 2.5

/* CPU time the child used, in seconds (0 if unknown). */
static double cpu_seconds(pid_t pid)
{
    clockid_t clock;
    struct timespec ts;
    if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0)
        return 0.0;
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Real time the child's main thread wanted a CPU (ran or waited for one),
** in seconds: what is left of the real time it spent blocked. Falls back
** on the CPU time where the kernel keeps no schedstat. */
static double wanted_seconds(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/schedstat", (int)pid);
    FILE *f = fopen(path, "r");
    unsigned long long run = 0, wait = 0;
    int got = f ? fscanf(f, "%llu %llu", &run, &wait) : 0;
    if (f)
        fclose(f);
    return got == 2 ? (double)(run + wait) / 1e9 : cpu_seconds(pid);
}

static double virtual_now(const lpapp_watch *w)
{
    return w->now ? w->now(w->user) : 0.0;
}

/* ", last seen at FILE:LINE" or "". */
static void last_seen(const lpapp_watch *w, char *buf, size_t size)
{
    char where[1024] = "";
    if (w->where)
        w->where(w->user, where, sizeof where);
    snprintf(buf, size, "%s%s", where[0] ? ", last seen at " : "", where);
}

static void kill_child(supervisor *sv)
{
    int st;
    kill(sv->pid, SIGKILL);
    while (waitpid(sv->pid, &st, 0) < 0 && errno == EINTR)
        ;
    drain(sv);
}

/* The child: its stdout and stderr are the pipes, and it dies with us. */
static void start_child(int out, int err, int (*child)(void *), void *user, pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(LPAPP_STOP_STATUS);
    if (dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(LPAPP_STOP_STATUS);
    if (out > 2)
        close(out);
    if (err > 2 && err != out)
        close(err);
    signal(SIGPIPE, SIG_DFL);
    int status = child(user);
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

/* A pseudo-terminal for the child's stdout when ours is a terminal, so
** that the program sees one (isatty, line-buffered stdout) as under
** python3. Raw: bytes pass as written. Returns the master, or -1. */
static int make_terminal(int *slave)
{
    struct termios raw;
    struct winsize size;
    bool has_size = ioctl(1, TIOCGWINSZ, &size) == 0;
    if (tcgetattr(1, &raw) != 0)
        return -1;
    cfmakeraw(&raw);
    int master;
    if (openpty(&master, slave, NULL, &raw, has_size ? &size : NULL) != 0)
        return -1;
    fcntl(master, F_SETFD, FD_CLOEXEC);
    fcntl(*slave, F_SETFD, FD_CLOEXEC);
    return master;
}

/* Makes the pipes (or the terminal); returns the child's ends in out/err. */
static int make_streams(supervisor *sv, int *out, int *err)
{
    int a[2], b[2];
    bool merged = same_file(1, 2);
    a[0] = isatty(1) ? make_terminal(&a[1]) : -1;
    if (a[0] < 0 && pipe2(a, O_CLOEXEC) != 0)
        return -1;
    sv->streams[0] = (stream){.fd = a[0], .to = 1};
    sv->nstreams = 1;
    *out = *err = a[1];
    if (merged)
        return 0;
    if (pipe2(b, O_CLOEXEC) != 0) {
        close(a[0]);
        close(a[1]);
        return -1;
    }
    sv->streams[1] = (stream){.fd = b[0], .to = 2};
    sv->nstreams = 2;
    *err = b[1];
    return 0;
}

/* Watches the running child until it ends or a limit is passed. Returns
** the status for main. */
static int watch_child(supervisor *sv)
{
    const lpapp_watch *w = sv->w;
    double start = now_s(), moved = start, last_memory = 0.0;
    double moved_wanted = wanted_seconds(sv->pid), moved_cpu = cpu_seconds(sv->pid);
    size_t progress = w->progress ? w->progress(w->user) : 0;
    char seen[1100];
    for (;;) {
        pump_all(sv, TICK_MS);
        int st = 0;
        pid_t r = waitpid(sv->pid, &st, WNOHANG | WUNTRACED);
        if (r == sv->pid && WIFSTOPPED(st)) {
            if (WSTOPSIG(st) == SIGSTOP) {
                kill_child(sv);
                last_seen(w, seen, sizeof seen);
                fprintf(stderr,
                        "looplab: stopped at t=%.3f: the program stopped its own process "
                        "(SIGSTOP)%s\n",
                        virtual_now(w), seen);
                return LPAPP_STOP_STATUS;
            }
            kill(sv->pid, SIGCONT); /* a terminal's stop: it goes on when we do */
            continue;
        }
        if (r == sv->pid) {
            drain(sv);
            if (WIFEXITED(st))
                return WEXITSTATUS(st);
            int sig = WTERMSIG(st);
            last_seen(w, seen, sizeof seen);
            fprintf(stderr, "looplab: the program died of signal %d (%s) at t=%.3f%s\n", sig,
                    strsignal(sig), virtual_now(w), seen);
            return 128 + sig;
        }
        if (r < 0 && errno != EINTR) {
            fprintf(stderr, "looplab: lost the program's process: %s\n", strerror(errno));
            return 1;
        }
        double t = now_s();
        const char *why = NULL;
        char what[256];
        if (sv->over_output) {
            snprintf(what, sizeof what, "the program wrote more than %zu MiB of output "
                     "(looplab's output limit)", w->output_shown >> 20);
            why = what;
        } else if (w->real_limit > 0 && t - start > w->real_limit) {
            snprintf(what, sizeof what, "the program ran for more than %g s of real time "
                     "(looplab's real-time limit; --real-limit SECONDS changes it)",
                     w->real_limit);
            why = what;
        } else if (w->memory_limit && t - last_memory >= 0.1) {
            last_memory = t;
            if (resident(w, sv->pid) > w->memory_limit) {
                snprintf(what, sizeof what, "the program used more than %zu MiB of memory "
                         "(looplab's memory limit)", w->memory_shown >> 20);
                why = what;
            }
        }
        if (!why && w->progress) {
            size_t p = w->progress(w->user);
            double wanted = wanted_seconds(sv->pid), cpu = cpu_seconds(sv->pid);
            if (p != progress) {
                progress = p;
                moved = t;
                moved_wanted = wanted;
                moved_cpu = cpu;
            } else if (w->busy_limit > 0 &&
                       (cpu - moved_cpu > w->busy_limit ||
                        wanted - moved_wanted > WANTED_PER_BUSY * w->busy_limit)) {
                /* CPU time, or real time the main thread wanted a CPU: on a
                ** busy machine a computing program gets less CPU than real
                ** time passes, and must still be ended in bounded time */
                snprintf(what, sizeof what, "the program kept computing without giving "
                         "control back (looplab's real-time limit)");
                why = what;
            } else if (w->stall_limit > 0 && (t - moved) - (wanted - moved_wanted) > w->stall_limit) {
                snprintf(what, sizeof what, "the program waited %g s for something that "
                         "never comes (looplab's real-time limit)", w->stall_limit);
                why = what;
            }
        }
        if (why) {
            kill_child(sv);
            last_seen(w, seen, sizeof seen);
            fprintf(stderr, "looplab: stopped at t=%.3f: %s%s\n", virtual_now(w), why, seen);
            return LPAPP_STOP_STATUS;
        }
    }
}

int lpapp_supervise(const lpapp_watch *watch, int (*child)(void *), void *child_user)
{
    supervisor sv = {.w = watch};
    int out, err;
    if (make_streams(&sv, &out, &err) != 0) {
        fprintf(stderr, "looplab: cannot make a pipe: %s\n", strerror(errno));
        return 1;
    }
    fflush(NULL);
    pid_t parent = getpid();
    sv.pid = fork();
    if (sv.pid == 0)
        start_child(out, err, child, child_user, parent);
    close(out);
    if (err != out)
        close(err);
    if (sv.pid < 0) {
        fprintf(stderr, "looplab: cannot start a process: %s\n", strerror(errno));
        for (int i = 0; i < sv.nstreams; i++)
            close(sv.streams[i].fd);
        return 1;
    }
    /* Ctrl+C reaches the child too (one process group): python3's answer
    ** (KeyboardInterrupt, 130) is its to give. A reader that went away is
    ** seen as EPIPE, not as a signal. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_pipe;
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGPIPE, &ignore, &old_pipe);
    int status = watch_child(&sv);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
    return status;
}
