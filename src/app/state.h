/*
** state.h: what the window remembers between runs, under
** $XDG_STATE_HOME/looplab/ (default ~/.local/state/looplab/): the recent
** files ("recent", one path a line, oldest first) and the UI scale
** ("ui-scale", one number). A missing or unreadable file means nothing
** remembered; a write that fails is not an error for the window.
*/
#ifndef LOOPLAB_APP_STATE_H
#define LOOPLAB_APP_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/files.h"

#define LPAPP_RECENT_MAX 12

/* The state directory into out ("" and -1 when neither XDG_STATE_HOME nor HOME is set). */
int lpapp_state_dir(char *out, size_t n);

/* Adds the remembered recent files that still exist to f (after its lessons). */
void lpapp_recent_load(lpapp_files *f);

/* Remembers f's files after its lessons (the newest LPAPP_RECENT_MAX). */
void lpapp_recent_save(const lpapp_files *f);

/* The remembered UI scale (1 when none; kept within 0.5..3). */
float lpapp_state_ui_scale(void);
void lpapp_state_set_ui_scale(float scale);

#endif
