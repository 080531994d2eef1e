/*
** render.h: the window's frame drawn off screen (for `looplab shot`).
*/
#ifndef LOOPLAB_APP_RENDER_H
#define LOOPLAB_APP_RENDER_H

#include "ui/ui.h"

/* Draws ui's frame at w x h with SDL's software renderer and saves it as a
** PNG at out_path; report_path (or NULL) receives lpui_report's lines.
** fonts: the directory of the DejaVu fonts. Returns 0, or -1 after saying
** why on stderr. */
int lpapp_render_png(lpui_ctx *ui, int w, int h, const char *fonts, const char *out_path,
                     const char *report_path);

/* Finds assets/fonts (app/paths.h) into out. Returns 0 or -1 (said on stderr). */
int lpapp_fonts_dir(char *out, size_t n);

/* Runs `file` in a child looplab and waits for it: a model, or NULL (said on stderr). */
lpui_model *lpapp_run_blocking(const char *file, bool trust);

#endif
