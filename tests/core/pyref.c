/* pyref.c - tests: runs asyncio_model.py on a program text. */
#include "pyref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LP_SOURCE_DIR
#error "LP_SOURCE_DIR must be defined by the build"
#endif

char *pyref_run(const char *program)
{
    char path[] = "/tmp/lp-pyref-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "w");
    fputs(program, f);
    fclose(f);

    const char *python = getenv("LP_PYTHON");
    if (!python || !*python)
        python = "/usr/bin/python3.11";
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' -I '%s/tests/core/asyncio_model.py' '%s'", python,
             LP_SOURCE_DIR, path);
    FILE *p = popen(cmd, "r");
    if (!p) {
        unlink(path);
        return NULL;
    }
    size_t len = 0, cap = 4096;
    char *out = malloc(cap);
    size_t n;
    while (out && (n = fread(out + len, 1, cap - len - 1, p)) > 0) {
        len += n;
        if (cap - len < 2) {
            char *bigger = realloc(out, cap * 2);
            if (!bigger) {
                free(out);
                out = NULL;
                break;
            }
            out = bigger;
            cap *= 2;
        }
    }
    int status = pclose(p);
    unlink(path);
    if (!out)
        return NULL;
    out[len] = '\0';
    if (status != 0) {
        fprintf(stderr, "asyncio_model.py failed (status %d)\n", status);
        free(out);
        return NULL;
    }
    return out;
}
