/*
** paths.c: finds looplab's data directory (rules in paths.h).
*/
#include "app/paths.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/status.h"
#include "lesson/catalog.h"

/* Writes "<dir>/<name>" into dst. Returns 0, or -ENAMETOOLONG. */
static int join(char *dst, size_t cap, const char *dir, const char *name)
{
    const char *sep = (dir[0] != '\0' && dir[strlen(dir) - 1] == '/') ? "" : "/";
    int n = snprintf(dst, cap, "%s%s%s", dir, sep, name);
    return (n < 0 || (size_t)n >= cap) ? -ENAMETOOLONG : 0;
}

/* Removes trailing slashes, keeping a lone "/". */
static void strip_slashes(char *path)
{
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        path[--len] = '\0';
}

/* Cuts the last component off an absolute path: "/a/b/" -> "/a", "/a" -> "/". */
static void cut_last(char *path)
{
    strip_slashes(path);
    char *slash = strrchr(path, '/');
    if (slash == path)
        path[1] = '\0';
    else if (slash != NULL)
        *slash = '\0';
    strip_slashes(path);
}

static int is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Accepts dir as the data directory if it holds the marker. Returns 1 if accepted. */
static int try_dir(lpapp_paths *out, const char *dir, lpapp_paths_origin origin)
{
    char marker[LPAPP_PATH_MAX];
    if (dir == NULL || dir[0] == '\0' || strlen(dir) >= sizeof out->data)
        return 0;
    strcpy(out->data, dir);
    strip_slashes(out->data);
    if (join(marker, sizeof marker, out->data, LPAPP_PATHS_MARKER) != 0 || !is_regular_file(marker))
        return 0;
    if (join(out->assets, sizeof out->assets, out->data, "assets") != 0 ||
        join(out->scenarios, sizeof out->scenarios, out->data, "scenarios") != 0)
        return 0;
    out->origin = origin;
    return 1;
}

/* Installed layout: <exe dir>/../share/looplab, computed without "..". */
static int try_installed(lpapp_paths *out, const char *exe_path)
{
    char prefix[LPAPP_PATH_MAX];
    char dir[LPAPP_PATH_MAX];
    if (exe_path == NULL || exe_path[0] != '/' || strlen(exe_path) >= sizeof prefix)
        return 0;
    strcpy(prefix, exe_path);
    cut_last(prefix); /* <prefix>/bin/looplab -> <prefix>/bin */
    cut_last(prefix); /* <prefix>/bin -> <prefix> */
    if (join(dir, sizeof dir, prefix, "share/looplab") != 0)
        return 0;
    return try_dir(out, dir, LPAPP_PATHS_INSTALLED);
}

int lpapp_paths_resolve(lpapp_paths *out, const char *exe_path, const char *env_data,
                        const char *source_dir)
{
    memset(out, 0, sizeof *out);
    if (try_dir(out, env_data, LPAPP_PATHS_ENV) || try_installed(out, exe_path) ||
        try_dir(out, source_dir, LPAPP_PATHS_SOURCE))
        return 0;
    memset(out, 0, sizeof *out);
    return -ENOENT;
}

int lpapp_paths_find(lpapp_paths *out)
{
#ifdef LPAPP_SOURCE_DATA_DIR
    const char *source_dir = LPAPP_SOURCE_DATA_DIR;
#else
    const char *source_dir = NULL;
#endif
    char exe[LPAPP_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        exe[n] = '\0';
    return lpapp_paths_resolve(out, n > 0 ? exe : NULL, getenv("LOOPLAB_DATA"), source_dir);
}

int lpapp_paths_first_lesson(const lpapp_paths *paths, char *out, size_t cap)
{
    lpl_catalog catalog;
    if (cap > 0)
        out[0] = '\0';
    if (paths->scenarios[0] == '\0' || lpl_catalog_scan(&catalog, paths->scenarios, NULL) != LP_OK)
        return -ENOENT;
    int rc = -ENOENT;
    if (catalog.count > 0) {
        size_t len = strlen(catalog.paths[0]);
        rc = len < cap ? 0 : -ENAMETOOLONG;
        if (rc == 0)
            memcpy(out, catalog.paths[0], len + 1);
    }
    lpl_catalog_free(&catalog);
    return rc;
}
