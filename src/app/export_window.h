/*
** export_window.h: "Export" in the window (Ctrl+E): the run on screen,
** over the timeline's range, at the window's speed and size, to an MP4 in
** the current directory.
**
** The export is a child `looplab export` (the same command, so the same
** frames), which runs the program again (virtual time: the same run) and
** reports its progress on a pipe; the window stays usable and shows the
** progress in its banner. Esc cancels it (SIGINT: the child leaves no
** file); quitting the window cancels it too.
*/
#ifndef LOOPLAB_APP_EXPORT_WINDOW_H
#define LOOPLAB_APP_EXPORT_WINDOW_H

#include <stdbool.h>
#include <sys/types.h>

#include "ui/ui.h"

typedef struct lpapp_exporter {
    pid_t pid;            /* the running export, 0 = none */
    int   progress;       /* read end of its progress pipe, -1 = none */
    int   errors;         /* read end of its stderr, -1 = none */
    long  done, total;    /* frames */
    char  out[4096];      /* the file it writes */
    char  line[128];      /* a progress line being read */
    char  err[512];       /* the end of what it wrote to stderr */
    bool  cancelled;
} lpapp_exporter;

void lpapp_exporter_init(lpapp_exporter *x);

/* Starts exporting `program` as ui shows it (range, speed), at w x h
** device pixels; trust as the run's. Says what happens in ui's banner. */
void lpapp_exporter_start(lpapp_exporter *x, lpui_ctx *ui, const char *program, bool trust, int w, int h);

/* Once a frame: reads the progress, updates the banner, notices the end. */
void lpapp_exporter_poll(lpapp_exporter *x, lpui_ctx *ui);

/* A key while an export runs: Esc cancels it. Returns whether it took the key. */
bool lpapp_exporter_key(lpapp_exporter *x, lpui_ctx *ui, lpui_action a);

static inline bool lpapp_exporter_busy(const lpapp_exporter *x) { return x->pid != 0; }

/* Cancels a running export and waits for it (the window is closing). */
void lpapp_exporter_close(lpapp_exporter *x);

#endif
