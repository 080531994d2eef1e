/* input.h - the fuzz targets' shared helper: a fuzzer input as strings. */
#ifndef LP_FUZZ_INPUT_H
#define LP_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Copies the input, NUL-terminated, and points parts[0..max-1] at its
** NUL-separated pieces (the rest NULL). Returns the count, or -1 when out of
** memory. *text receives the copy; the caller frees it. */
static inline int fuzz_split(const uint8_t *data, size_t size, char **text, char **parts,
                             int max)
{
    *text = malloc(size + 1);
    if (!*text)
        return -1;
    memcpy(*text, data, size);
    (*text)[size] = '\0';
    int n = 0;
    for (char *p = *text; n < max && p <= *text + size; p += strlen(p) + 1)
        parts[n++] = p;
    for (int i = n; i < max; i++)
        parts[i] = NULL;
    return n;
}

#endif
