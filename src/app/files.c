/*
** files.c: the window's list of programs, and change stamps (see files.h).
*/
#include "app/files.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/status.h"
#include "lesson/lesson.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


void lpapp_files_scan(lpapp_files *f, const char *dir)
{
    memset(f, 0, sizeof *f);
    DIR *d = dir ? opendir(dir) : NULL;
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && f->count < LPAPP_FILES_MAX / 2) {
        size_t n = strlen(e->d_name);
        if (n < 4 || strcmp(e->d_name + n - 3, ".py") != 0 || strcmp(e->d_name, "sim.py") == 0 ||
            e->d_name[0] == '.' || e->d_name[0] == '_')
            continue;
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        char *p = strdup(path);
        if (p)
            f->paths[f->count++] = p;
    }
    closedir(d);
    qsort(f->paths, f->count, sizeof f->paths[0], cmp_str);
    f->lessons = f->count;
    for (size_t i = 0; i < f->count; i++) { /* the titles, for the lesson list */
        lpl_lesson lesson;
        lpl_error err;
        if (lpl_load(&lesson, f->paths[i], NULL, &err) != LP_OK)
            continue; /* a broken narration says so when the lesson is opened */
        if (lesson.title)
            f->titles[i] = strdup(lesson.title);
        lpl_lesson_free(&lesson);
    }
}

size_t lpapp_files_find(const lpapp_files *f, const char *path)
{
    for (size_t i = 0; i < f->count; i++)
        if (strcmp(f->paths[i], path) == 0)
            return i;
    return SIZE_MAX;
}

size_t lpapp_files_add(lpapp_files *f, const char *path)
{
    size_t i = lpapp_files_find(f, path);
    if (i != SIZE_MAX)
        return i;
    if (f->count == LPAPP_FILES_MAX) { /* forget the oldest recent file */
        free(f->paths[f->lessons]);
        free(f->titles[f->lessons]);
        memmove(f->paths + f->lessons, f->paths + f->lessons + 1,
                (f->count - f->lessons - 1) * sizeof f->paths[0]);
        memmove(f->titles + f->lessons, f->titles + f->lessons + 1,
                (f->count - f->lessons - 1) * sizeof f->titles[0]);
        f->count--;
    }
    char *p = strdup(path);
    if (!p)
        return SIZE_MAX;
    f->paths[f->count] = p;
    f->titles[f->count] = NULL;
    return f->count++;
}

void lpapp_files_free(lpapp_files *f)
{
    for (size_t i = 0; i < f->count; i++) {
        free(f->paths[i]);
        free(f->titles[i]);
    }
    memset(f, 0, sizeof *f);
}

long long lpapp_file_stamp(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec + (long long)st.st_size * 7;
}
