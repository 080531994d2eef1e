/*
** files.h: the programs the window offers (the .py files of scenarios/, then files
** opened before) and the check for a file changed on disk.
*/
#ifndef LOOPLAB_APP_FILES_H
#define LOOPLAB_APP_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define LPAPP_FILES_MAX 256

typedef struct lpapp_files {
    char  *paths[LPAPP_FILES_MAX]; /* owned */
    char  *titles[LPAPP_FILES_MAX];/* a lesson's title (its "#: title"), NULL = none; owned */
    size_t count;
    size_t lessons;                /* the first `lessons` entries are scenarios/ */
} lpapp_files;

/* Lists the .py files of dir (sorted; sim.py, the helper module, left out),
** with the title of each that is a lesson. */
void lpapp_files_scan(lpapp_files *f, const char *dir);
/* Adds a file opened by hand (recent files), once. Returns its index. */
size_t lpapp_files_add(lpapp_files *f, const char *path);
/* The index of path, or SIZE_MAX. */
size_t lpapp_files_find(const lpapp_files *f, const char *path);
void lpapp_files_free(lpapp_files *f);

/* The file's modification time and size as one stamp (0 if it cannot be read). */
long long lpapp_file_stamp(const char *path);

#endif
