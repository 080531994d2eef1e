/* textfile.c - looplab core: a text file read whole and split into lines. */
#include "core/textfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/status.h"

int lp_textfile_load(lp_textfile *tf, const char *path, size_t max_bytes)
{
    memset(tf, 0, sizeof *tf);
    FILE *f = fopen(path, "rb");
    if (!f)
        return LP_E_INVAL;
    size_t cap = 4096, len = 0, got;
    char *text = malloc(cap);
    while (text && (got = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += got;
        if (max_bytes && len > max_bytes)
            break;
        if (len + 1 == cap) {
            char *bigger = realloc(text, cap * 2);
            if (!bigger) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!text)
        return LP_E_NOMEM;
    if (max_bytes && len > max_bytes) {
        free(text);
        return LP_E_INVAL;
    }
    text[len] = '\0';
    size_t count = 1;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\n';
    const char **lines = malloc(count * sizeof *lines);
    if (!lines) {
        free(text);
        return LP_E_NOMEM;
    }
    size_t n = 0;
    for (char *p = text;;) {
        lines[n++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        if (nl > p && nl[-1] == '\r')
            nl[-1] = '\0';
        p = nl + 1;
    }
    if (n > 1 && lines[n - 1][0] == '\0')
        n--; /* the newline at the end of the file */
    tf->text = text;
    tf->lines = lines;
    tf->line_count = n;
    return LP_OK;
}

void lp_textfile_free(lp_textfile *tf)
{
    free(tf->text);
    free((void *)tf->lines);
    memset(tf, 0, sizeof *tf);
}
