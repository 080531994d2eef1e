/* srcview.c - looplab ui: another file shown in SOURCE (see srcview.h). */
#include "ui/srcview.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char *text = malloc(SRCVIEW_MAX_BYTES + 1);
    size_t len = text ? fread(text, 1, SRCVIEW_MAX_BYTES, f) : 0;
    fclose(f);
    if (!text)
        return false;
    text[len] = '\0';
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    const char **lines = malloc(count * sizeof *lines);
    if (!lines) {
        free(text);
        return false;
    }
    size_t k = 0;
    lines[k++] = text;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n') {
            text[i] = '\0';
            if (i + 1 < len)
                lines[k++] = text + i + 1;
        }
    lpui_srcview_close(v);
    v->text = text;
    v->lines = lines;
    v->line_count = k;
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
