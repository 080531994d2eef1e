/* embedded.h - looplab py: text files compiled into the binary.
**
** The engine's Python half lives in src/py/shim/ (*.py); the build turns them
** into lpy_shim_files (cmake/EmbedFiles.cmake), so the installed binary
** carries them and cannot run with a mismatched copy.
*/
#ifndef LPY_EMBEDDED_H
#define LPY_EMBEDDED_H

typedef struct lpy_embedded_file {
    const char *name;  /* file name without directory or ".py" */
    const char *text;  /* its bytes, NUL-terminated */
} lpy_embedded_file;

/* src/py/shim/ (*.py), ended by {NULL, NULL}. */
extern const lpy_embedded_file lpy_shim_files[];

#endif
