/*
** child.h: a program run in a child process, for the window and `shot`.
**
** The window must survive any program, so the engine never runs inside it:
** looplab starts itself again as `looplab run --raw-trace FILE ...` with
** stderr to a file, and loads the trace once that child has ended. A child
** that runs too long (the engine stops runaway code itself; this is the
** last resort) is killed.
*/
#ifndef LOOPLAB_APP_CHILD_H
#define LOOPLAB_APP_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

#include "ui/model.h"

typedef struct lpapp_child {
    pid_t  pid;              /* 0 = nothing running */
    char   dir[256];         /* a private temporary directory (removed by close) */
    char   raw[320];         /* the child's trace */
    char   err[320];         /* the child's stderr */
    char   file[4096];       /* the program */
    double started;          /* seconds, monotonic */
    bool   trust;            /* run it with --trust (the safety layer lifted) */
} lpapp_child;

void lpapp_child_init(lpapp_child *c);

/* Starts running `file`. Returns 0, or -1 with a message in msg. */
int lpapp_child_start(lpapp_child *c, const char *file, char *msg, size_t msglen);

/* Whether the child has ended (wait: block until it has). Kills it after
** `limit` seconds. On the end, *status is its exit status (-1: killed). */
bool lpapp_child_done(lpapp_child *c, bool wait, double limit, int *status);

/* Loads what the ended child left: a model on the heap (caller frees with
** lpui_model_free + free), or NULL with a message. */
lpui_model *lpapp_child_result(lpapp_child *c, int status, char *msg, size_t msglen);

/* Kills a running child and removes the temporary files. */
void lpapp_child_close(lpapp_child *c);

#endif
