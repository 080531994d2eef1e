/*
** state.c: the window's remembered state (see state.h).
*/
#include "app/state.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int lpapp_state_dir(char *out, size_t n)
{
    const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
    int w;
    if (xdg && xdg[0] == '/')
        w = snprintf(out, n, "%s/looplab", xdg);
    else if (home && *home)
        w = snprintf(out, n, "%s/.local/state/looplab", home);
    else
        w = -1;
    if (w < 0 || (size_t)w >= n) {
        if (n)
            out[0] = '\0';
        return -1;
    }
    return 0;
}

/* mkdir -p of the state directory; 0 or -1. */
static int make_dir(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s", dir);
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(path, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

static FILE *open_state(const char *name, const char *mode)
{
    char dir[4096], path[4200];
    if (lpapp_state_dir(dir, sizeof dir) != 0)
        return NULL;
    if (mode[0] == 'w' && make_dir(dir) != 0)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return fopen(path, mode);
}

void lpapp_recent_load(lpapp_files *f)
{
    FILE *in = open_state("recent", "r");
    if (!in)
        return;
    char line[4200];
    while (fgets(line, sizeof line, in)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '/' && access(line, R_OK) == 0 && lpapp_files_find(f, line) == SIZE_MAX)
            lpapp_files_add(f, line);
    }
    fclose(in);
}

void lpapp_recent_save(const lpapp_files *f)
{
    FILE *out = open_state("recent", "w");
    if (!out)
        return;
    size_t first = f->lessons;
    if (f->count - first > LPAPP_RECENT_MAX)
        first = f->count - LPAPP_RECENT_MAX;
    for (size_t i = first; i < f->count; i++)
        fprintf(out, "%s\n", f->paths[i]);
    fclose(out);
}

float lpapp_state_ui_scale(void)
{
    FILE *in = open_state("ui-scale", "r");
    float s = 1;
    if (in) {
        if (fscanf(in, "%f", &s) != 1 || !(s >= 0.5f && s <= 3.0f))
            s = 1;
        fclose(in);
    }
    return s;
}

void lpapp_state_set_ui_scale(float scale)
{
    FILE *out = open_state("ui-scale", "w");
    if (out) {
        fprintf(out, "%.2f\n", (double)scale);
        fclose(out);
    }
}
