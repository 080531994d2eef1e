/*
** chooser.c: the desktop's file chooser in a child process, and the
** built-in panel's folder listing (see chooser.h).
*/
#define _XOPEN_SOURCE 700
#include "app/chooser.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Tries the portal, zenity, kdialog in turn ($LOOPLAB_CHOOSER: only that
** one). Prints the chosen path; exit 0 picked, 1 cancelled, 3 none there. */
static const char SCRIPT[] =
    "dir=$1; want=${LOOPLAB_CHOOSER:-}\n"
    "can() { [ -z \"$want\" ] || [ \"$want\" = \"$1\" ]; }\n"
    "if can portal && command -v gdbus >/dev/null 2>&1 && [ -n \"${DBUS_SESSION_BUS_ADDRESS:-}\" ] &&\n"
    "   gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \\\n"
    "     --method org.freedesktop.DBus.NameHasOwner org.freedesktop.portal.Desktop 2>/dev/null | grep -q true\n"
    "then\n"
    "  tok=looplab$$; log=$(mktemp) || exit 3\n"
    "  gdbus monitor --session --dest org.freedesktop.portal.Desktop >\"$log\" 2>/dev/null & mon=$!\n"
    "  trap 'kill $mon 2>/dev/null; rm -f \"$log\"' EXIT\n"
    "  sleep 0.3\n"
    "  if gdbus call --session --dest org.freedesktop.portal.Desktop \\\n"
    "       --object-path /org/freedesktop/portal/desktop --method org.freedesktop.portal.FileChooser.OpenFile \\\n"
    "       '' 'Open a Python program' \\\n"
    "       \"{'handle_token': <'$tok'>, 'filters': <[('Python programs', [(uint32 0, '*.py')])]>}\" >/dev/null 2>&1\n"
    "  then\n"
    "    while kill -0 $mon 2>/dev/null; do\n"
    "      line=$(grep \"$tok\" \"$log\" | grep Response | head -n 1)\n"
    "      [ -n \"$line\" ] && break; sleep 0.2\n"
    "    done\n"
    "    case $line in *'uint32 0,'*\"file://\"*) ;; *) exit 1 ;; esac\n"
    "    uri=${line#*file://}; uri=${uri%%\\'*}\n"
    "    printf '%b\\n' \"$(printf '%s' \"$uri\" | sed 's/%/\\\\x/g')\"; exit 0\n"
    "  fi\n"
    "  [ \"$want\" = portal ] && exit 3\n"
    "fi\n"
    "if can zenity && command -v zenity >/dev/null 2>&1; then\n"
    "  exec zenity --file-selection --title='Open a Python program' \\\n"
    "    --file-filter='Python programs | *.py' --filename=\"$dir/\" 2>/dev/null\n"
    "fi\n"
    "if can kdialog && command -v kdialog >/dev/null 2>&1; then\n"
    "  exec kdialog --title 'Open a Python program' --getopenfilename \"$dir\" '*.py|Python programs' 2>/dev/null\n"
    "fi\n"
    "exit 3\n";

void lpapp_chooser_init(lpapp_chooser *c)
{
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

int lpapp_chooser_start(lpapp_chooser *c, const char *dir)
{
    const char *want = getenv("LOOPLAB_CHOOSER");
    if (c->pid || (want && strcmp(want, "builtin") == 0))
        return -1;
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0); /* its own group: closing the window stops it and its children */
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl("/bin/sh", "sh", "-c", SCRIPT, "looplab-chooser", dir, (char *)NULL);
        _exit(3);
    }
    setpgid(pid, pid);
    close(fds[1]);
    fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    c->pid = pid;
    c->fd = fds[0];
    c->len = 0;
    return 0;
}

static void drain(lpapp_chooser *c)
{
    while (c->fd >= 0 && c->len + 1 < sizeof c->out) {
        ssize_t got = read(c->fd, c->out + c->len, sizeof c->out - 1 - c->len);
        if (got <= 0)
            break;
        c->len += (size_t)got;
    }
    c->out[c->len] = '\0';
}

lpapp_chooser_state lpapp_chooser_poll(lpapp_chooser *c, char *path, size_t n)
{
    if (!c->pid)
        return LPAPP_CHOOSER_CANCELLED;
    drain(c);
    int status;
    pid_t r = waitpid(c->pid, &status, WNOHANG);
    if (r == 0)
        return LPAPP_CHOOSER_RUNNING;
    drain(c);
    int code = r == c->pid && WIFEXITED(status) ? WEXITSTATUS(status) : 1;
    close(c->fd);
    c->fd = -1;
    c->pid = 0;
    if (code == 3)
        return LPAPP_CHOOSER_NONE;
    c->out[strcspn(c->out, "\n")] = '\0';
    if (code != 0 || !c->out[0])
        return LPAPP_CHOOSER_CANCELLED;
    snprintf(path, n, "%s", c->out);
    return LPAPP_CHOOSER_PICKED;
}

void lpapp_chooser_close(lpapp_chooser *c)
{
    if (c->pid) {
        kill(-c->pid, SIGTERM);
        waitpid(c->pid, NULL, 0);
    }
    if (c->fd >= 0)
        close(c->fd);
    lpapp_chooser_init(c);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int lpapp_dir_list(const char *dir, char ***names, size_t *count)
{
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    size_t cap = 64, n = 0, folders = 0;
    char **v = malloc(cap * sizeof *v);
    if (!v) {
        closedir(d);
        return -1;
    }
    if (strcmp(dir, "/") != 0 && (v[n] = strdup("../")) != NULL)
        n++;
    size_t first = n;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t len = strlen(e->d_name);
        bool folder = S_ISDIR(st.st_mode);
        if (!folder && !(S_ISREG(st.st_mode) && len > 3 && strcmp(e->d_name + len - 3, ".py") == 0))
            continue;
        if (n + 1 >= cap) {
            char **nv = realloc(v, cap * 2 * sizeof *v);
            if (!nv)
                break;
            v = nv;
            cap *= 2;
        }
        char *name = malloc(len + 2);
        if (!name)
            break;
        memcpy(name, e->d_name, len);
        name[len] = folder ? '/' : '\0';
        name[len + 1] = '\0';
        /* folders first: they go to the front part */
        if (folder) {
            v[n++] = v[first + folders];
            v[first + folders++] = name;
        } else {
            v[n++] = name;
        }
    }
    closedir(d);
    /* the moved file names stay after the folders; sort each part */
    qsort(v + first, folders, sizeof *v, cmp_name);
    qsort(v + first + folders, n - first - folders, sizeof *v, cmp_name);
    *names = v;
    *count = n;
    return 0;
}

void lpapp_dir_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
