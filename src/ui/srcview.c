/* srcview.c - looplab ui: another file shown in SOURCE (see srcview.h). */
#include "ui/srcview.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/status.h"
#include "core/textfile.h"
#include "insight/source.h"
#include "ui/sentences.h"

#define SRCVIEW_MAX_BYTES (4u << 20)

bool lpui_srcview_allowed(const char *path, const char *program)
{
    return lpin_source_allowed(path, program);
}

bool lpui_srcview_open(lpui_srcview *v, const char *path, unsigned line, const char *program)
{
    if (!lpui_srcview_allowed(path, program))
        return false;
    lp_textfile tf;
    if (lp_textfile_load(&tf, path, SRCVIEW_MAX_BYTES) != LP_OK)
        return false;
    lpui_srcview_close(v);
    v->text = tf.text;
    v->lines = tf.lines;
    v->line_count = tf.line_count;
    v->line = line;
    lpui_where(path, 0, 1, v->name, sizeof v->name);
    char *colon = strrchr(v->name, ':'); /* the name without the ":1" */
    if (colon)
        *colon = '\0';
    return true;
}

void lpui_srcview_close(lpui_srcview *v)
{
    free(v->text);
    free((void *)v->lines);
    memset(v, 0, sizeof *v);
}
