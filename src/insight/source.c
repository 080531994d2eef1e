/* source.c - looplab insights: program lines read from files on disk. */
#undef _POSIX_C_SOURCE
#define _XOPEN_SOURCE 700 /* realpath */
#include "insight/source.h"

#include "core/status.h"
#include "core/textfile.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A file's lines: one buffer, newlines turned into NULs. */
typedef struct lpin__file {
    char        *path;   /* owned */
    char        *text;   /* owned; NULL when unreadable */
    const char **lines;  /* lines[i] = line i + 1, into text; owned */
    size_t       count;
} lpin__file;

#define MAX_FILE_BYTES ((size_t)4 << 20)

/* Whether `path` lies inside folder `dir` (both real paths). */
static bool inside(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return n > 0 && strncmp(path, dir, n) == 0 && (path[n] == '/' || dir[n - 1] == '/');
}

bool lpin_source_allowed(const char *path, const char *program)
{
    char real[PATH_MAX], home[PATH_MAX];
    struct stat st;
    size_t n = path ? strlen(path) : 0;
    if (n < 4 || strcmp(path + n - 3, ".py") != 0 || !realpath(path, real))
        return false;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > MAX_FILE_BYTES)
        return false;
    /* the program's own folder */
    if (program && realpath(program, home)) {
        char *slash = strrchr(home, '/');
        if (slash) {
            slash[1] = '\0';
            if (inside(real, home))
                return true;
        }
    }
    /* a looplab scenarios folder (the lessons' sim.py) */
    const char *sc = strstr(real, "/scenarios/");
    if (sc && !strchr(sc + strlen("/scenarios/"), '/'))
        return true;
    /* Python's standard library: /.../lib/python3.N/... (not site-packages) */
    const char *std = strstr(real, "/lib/python3.");
    return std && !strstr(std, "/site-packages/") && !strstr(std, "/dist-packages/");
}


static void load(lpin__file *f, const char *program)
{
    if (!lpin_source_allowed(f->path, program))
        return; /* not a file the run's program may read: never shown */
    lp_textfile tf;
    if (lp_textfile_load(&tf, f->path, MAX_FILE_BYTES) != LP_OK)
        return;
    f->text = tf.text;
    f->lines = tf.lines;
    f->count = tf.line_count;
}

static const char *line_of(void *user, const char *path, uint32_t n)
{
    lpin_source_files *files = user;
    lpin__file *f = NULL;
    for (size_t i = 0; i < files->count; i++)
        if (strcmp(files->files[i].path, path) == 0)
            f = &files->files[i];
    if (!f) {
        lpin__file *grown = realloc(files->files, (files->count + 1) * sizeof *grown);
        char *copy = strdup(path);
        if (!grown || !copy) {
            free(copy);
            if (grown)
                files->files = grown;
            return NULL;
        }
        files->files = grown;
        f = &files->files[files->count++];
        memset(f, 0, sizeof *f);
        f->path = copy;
        load(f, files->program);
    }
    return n >= 1 && n <= f->count ? f->lines[n - 1] : NULL;
}

lpin_source lpin_source_files_init(lpin_source_files *files, const char *program)
{
    memset(files, 0, sizeof *files);
    files->program = program;
    lpin_source source = {.line = line_of, .user = files};
    return source;
}

void lpin_source_files_free(lpin_source_files *files)
{
    for (size_t i = 0; i < files->count; i++) {
        free(files->files[i].path);
        free(files->files[i].text);
        free((void *)files->files[i].lines);
    }
    free(files->files);
    memset(files, 0, sizeof *files);
}
