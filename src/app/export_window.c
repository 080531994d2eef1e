/*
** export_window.c: "Export" in the window (see export_window.h).
*/
#include "app/export_window.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

void lpapp_exporter_init(lpapp_exporter *x)
{
    memset(x, 0, sizeof *x);
    x->progress = -1;
    x->errors = -1;
}

/* The banner says text (cut to fit, on a character boundary). */
static void say(lpui_ctx *ui, bool error, const char *text)
{
    size_t n = strlen(text);
    if (n >= sizeof ui->view.banner) {
        n = sizeof ui->view.banner - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(ui->view.banner, text, n);
    ui->view.banner[n] = '\0';
    ui->view.banner_error = error;
}

/* "looplab-NAME.mp4" in the current directory, or NAME-2, -3... when taken. */
static void pick_name(char *out, size_t n, const char *program)
{
    const char *base = strrchr(program, '/');
    base = base ? base + 1 : program;
    int len = (int)strcspn(base, ".");
    struct stat st;
    for (int i = 1; i < 1000; i++) {
        if (i == 1)
            snprintf(out, n, "looplab-%.*s.mp4", len, base);
        else
            snprintf(out, n, "looplab-%.*s-%d.mp4", len, base, i);
        if (stat(out, &st) != 0)
            return;
    }
}

void lpapp_exporter_start(lpapp_exporter *x, lpui_ctx *ui, const char *program, bool trust, int w, int h)
{
    if (x->pid)
        return;
    if (!ui->model || !program[0]) {
        say(ui, false, "Nothing to export yet: open a program first");
        return;
    }
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    int prog[2] = {-1, -1}, errs[2] = {-1, -1};
    if (len <= 0 || pipe(prog) != 0 || pipe(errs) != 0) {
        say(ui, true, "Cannot export: cannot start looplab export");
        if (prog[0] >= 0) {
            close(prog[0]);
            close(prog[1]);
        }
        return;
    }
    exe[len] = '\0';
    lpapp_exporter_init(x);
    pick_name(x->out, sizeof x->out, program);
    /* the range the timeline shows (zoomed or whole), the speed, the size (even) */
    const lpui_view *v = &ui->view;
    double from = v->tl_span > 0 ? v->tl_start : 0;
    double to = v->tl_span > 0 ? v->tl_start + v->tl_span : ui->model->end_time;
    char a_from[32], a_to[32], a_speed[32], a_size[32];
    snprintf(a_from, sizeof a_from, "%.6f", from);
    snprintf(a_to, sizeof a_to, "%.6f", to > from ? to : from + 1);
    snprintf(a_speed, sizeof a_speed, "%g", (double)lpui_speeds[v->speed]);
    snprintf(a_size, sizeof a_size, "%dx%d", w & ~1, h & ~1);
    char *argv[20] = {exe, "export", "--out", x->out, "--from", a_from, "--to", a_to, "--speed", a_speed,
                      "--size", a_size, "--progress-fd", "3"};
    int argc = 14;
    if (trust)
        argv[argc++] = "--trust";
    argv[argc++] = "--";
    argv[argc++] = (char *)program;
    argv[argc] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDWR);
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        dup2(errs[1], STDERR_FILENO);
        dup2(prog[1], 3);
        for (int fd = 4; fd < 1024; fd++)
            close(fd);
        execv(exe, argv);
        _exit(127);
    }
    close(prog[1]);
    close(errs[1]);
    if (pid < 0) {
        close(prog[0]);
        close(errs[0]);
        say(ui, true, "Cannot export: cannot start looplab export");
        return;
    }
    x->pid = pid;
    x->progress = prog[0];
    x->errors = errs[0];
    fcntl(x->progress, F_SETFL, O_NONBLOCK);
    fcntl(x->errors, F_SETFL, O_NONBLOCK);
    fprintf(stderr, "looplab: exporting to %s\n", x->out);
    char text[4300];
    snprintf(text, sizeof text, "Exporting (running the program)\xE2\x80\xA6  \xC2\xB7  Esc cancels  \xC2\xB7  %s",
             x->out);
    say(ui, false, text);
}

/* Reads what is there: progress lines, the end of stderr. */
static void read_pipes(lpapp_exporter *x)
{
    char buf[512];
    ssize_t n;
    while (x->progress >= 0 && (n = read(x->progress, buf, sizeof buf)) > 0) {
        for (ssize_t i = 0; i < n; i++) {
            size_t l = strlen(x->line);
            if (buf[i] == '\n') {
                sscanf(x->line, "%ld/%ld", &x->done, &x->total);
                x->line[0] = '\0';
            } else if (l + 1 < sizeof x->line) {
                x->line[l] = buf[i];
                x->line[l + 1] = '\0';
            }
        }
    }
    while (x->errors >= 0 && (n = read(x->errors, buf, sizeof buf - 1)) > 0) {
        buf[n] = '\0';
        size_t have = strlen(x->err), add = (size_t)n;
        if (have + add >= sizeof x->err) { /* keep the end */
            size_t drop = have + add - (sizeof x->err - 1);
            drop = drop > have ? have : drop;
            memmove(x->err, x->err + drop, have - drop + 1);
            have -= drop;
        }
        snprintf(x->err + have, sizeof x->err - have, "%s", buf);
    }
}

static void finish(lpapp_exporter *x)
{
    if (x->progress >= 0)
        close(x->progress);
    if (x->errors >= 0)
        close(x->errors);
    x->progress = x->errors = -1;
    x->pid = 0;
}

/* The last line of the child's stderr, without "looplab: ". */
static const char *last_error(lpapp_exporter *x)
{
    size_t l = strlen(x->err);
    while (l > 0 && (x->err[l - 1] == '\n' || x->err[l - 1] == '\r'))
        x->err[--l] = '\0';
    char *line = strrchr(x->err, '\n');
    line = line ? line + 1 : x->err;
    char *cr = strrchr(line, '\r'); /* a progress bar's leftovers */
    line = cr ? cr + 1 : line;
    return strncmp(line, "looplab: ", 9) == 0 ? line + 9 : line;
}

void lpapp_exporter_poll(lpapp_exporter *x, lpui_ctx *ui)
{
    if (!x->pid)
        return;
    read_pipes(x);
    int st = 0;
    pid_t r = waitpid(x->pid, &st, WNOHANG);
    char text[4600];
    if (r == 0) {
        enum { WIDTH = 20 };
        char bar[WIDTH * 3 + 1];
        int fill = x->total > 0 ? (int)(x->done * WIDTH / x->total) : 0;
        for (int i = 0; i < WIDTH; i++) /* a bar of full and light blocks */
            memcpy(bar + 3 * i, i < fill ? "\xE2\x96\x88" : "\xE2\x96\x91", 3);
        bar[WIDTH * 3] = '\0';
        snprintf(text, sizeof text, "Exporting %s %ld%%  \xC2\xB7  Esc cancels  \xC2\xB7  %s", bar,
                 x->total > 0 ? x->done * 100 / x->total : 0, x->out);
        say(ui, false, text);
        return;
    }
    if (r < 0 && errno == EINTR)
        return;
    read_pipes(x);
    finish(x);
    int code = r > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (code == 0) {
        snprintf(text, sizeof text, "Exported %ld frames to %s", x->total, x->out);
        say(ui, false, text);
    } else if (x->cancelled || code == 130) {
        snprintf(text, sizeof text, "Export cancelled; no file written");
        say(ui, false, text);
    } else {
        snprintf(text, sizeof text, "Export failed: %s", x->err[0] ? last_error(x) : "looplab export stopped");
        say(ui, true, text);
    }
    fprintf(stderr, "looplab: %s\n", text); /* the terminal hears it too */
}

bool lpapp_exporter_key(lpapp_exporter *x, lpui_ctx *ui, lpui_action a)
{
    if (!x->pid || a != LPUI_ACT_ESCAPE)
        return false;
    x->cancelled = true;
    kill(x->pid, SIGINT);
    say(ui, false, "Cancelling the export\xE2\x80\xA6");
    return true;
}

void lpapp_exporter_close(lpapp_exporter *x)
{
    if (!x->pid)
        return;
    kill(x->pid, SIGINT);
    int st;
    while (waitpid(x->pid, &st, 0) < 0 && errno == EINTR) {
    }
    finish(x);
}
