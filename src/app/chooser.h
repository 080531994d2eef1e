/*
** chooser.h: the file chooser behind Ctrl+O and the Open button.
**
** The desktop's own chooser runs in the background (the window stays live):
** the XDG desktop portal's FileChooser over D-Bus (with gdbus) where a portal
** runs, else zenity, else kdialog. When none is there, the window shows its
** built-in panel, which lists a folder (lpapp_dir_list). LOOPLAB_CHOOSER
** (portal, zenity, kdialog or builtin) picks one.
*/
#ifndef LOOPLAB_APP_CHOOSER_H
#define LOOPLAB_APP_CHOOSER_H

#include <stddef.h>
#include <sys/types.h>

typedef struct lpapp_chooser {
    pid_t  pid;        /* the chooser's process (group), 0 = none running */
    int    fd;         /* its stdout, non-blocking; -1 = none */
    char   out[4200];  /* what it printed so far */
    size_t len;
} lpapp_chooser;

void lpapp_chooser_init(lpapp_chooser *c);

/* Starts the desktop's chooser on folder dir. Returns 0 when it runs, -1
** when the built-in panel should be used instead. */
int lpapp_chooser_start(lpapp_chooser *c, const char *dir);

typedef enum lpapp_chooser_state {
    LPAPP_CHOOSER_RUNNING = 0,
    LPAPP_CHOOSER_PICKED,    /* path holds the file chosen */
    LPAPP_CHOOSER_CANCELLED, /* closed without a choice */
    LPAPP_CHOOSER_NONE,      /* no desktop chooser after all: use the built-in panel */
} lpapp_chooser_state;

/* Checks on a running chooser (call each frame). */
lpapp_chooser_state lpapp_chooser_poll(lpapp_chooser *c, char *path, size_t n);

/* Stops a running chooser (the window closes). */
void lpapp_chooser_close(lpapp_chooser *c);

/* The built-in panel's entries for folder dir: "../" (unless dir is "/"),
** then its folders ("name/"), then its .py files, each sorted, hidden ones
** left out. *names (owned by the caller: lpapp_dir_free) gets *count
** strings. Returns 0, or -1 when the folder cannot be read. */
int lpapp_dir_list(const char *dir, char ***names, size_t *count);
void lpapp_dir_free(char **names, size_t count);

#endif
