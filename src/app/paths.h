/*
** paths.h: where looplab finds its data (assets/ and scenarios/).
**
** The data directory is the first valid one of:
**   1. $LOOPLAB_DATA, when set and not empty;
**   2. <dir of the executable>/../share/looplab   (installed layout);
**   3. the source tree compiled in at build time  (build-tree layout).
** A candidate is valid when it holds LPAPP_PATHS_MARKER, so a stale or
** mistyped directory is skipped rather than used.
*/
#ifndef LOOPLAB_APP_PATHS_H
#define LOOPLAB_APP_PATHS_H

#include <stddef.h>

#define LPAPP_PATH_MAX 4096

/* The file whose presence marks a data directory, relative to it. */
#define LPAPP_PATHS_MARKER "assets/fonts/DejaVuSansMono.ttf"

/* Where the data directory was found. */
typedef enum lpapp_paths_origin {
    LPAPP_PATHS_NONE = 0,
    LPAPP_PATHS_ENV,       /* $LOOPLAB_DATA */
    LPAPP_PATHS_INSTALLED, /* <exe dir>/../share/looplab */
    LPAPP_PATHS_SOURCE     /* source tree named at build time */
} lpapp_paths_origin;

typedef struct lpapp_paths {
    lpapp_paths_origin origin;      /* which rule matched */
    char data[LPAPP_PATH_MAX];      /* the data directory, no trailing '/' */
    char assets[LPAPP_PATH_MAX];    /* <data>/assets */
    char scenarios[LPAPP_PATH_MAX]; /* <data>/scenarios (may not exist) */
} lpapp_paths;

/*
** Resolves the data directory from explicit inputs; reads no environment.
**   exe_path:   absolute path of the running executable, or NULL;
**   env_data:   value of $LOOPLAB_DATA, or NULL;
**   source_dir: the build-tree fallback, or NULL.
** Returns 0 and fills *out, or -ENOENT when no candidate is valid (out->origin
** is then LPAPP_PATHS_NONE and the strings are empty).
*/
int lpapp_paths_resolve(lpapp_paths *out, const char *exe_path, const char *env_data,
                        const char *source_dir);

/* The first lesson of the course: the first lesson file (lesson/catalog.h)
** in paths->scenarios, written into out (cap bytes). Returns 0, -ENOENT when
** there is no lesson, or -ENAMETOOLONG. `looplab` with no file opens it. */
int lpapp_paths_first_lesson(const lpapp_paths *paths, char *out, size_t cap);

/* lpapp_paths_resolve with /proc/self/exe, $LOOPLAB_DATA and the source dir
** compiled into this build. */
int lpapp_paths_find(lpapp_paths *out);

#endif
