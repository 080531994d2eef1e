/* embedded.h - looplab py: the shim's code, compiled into the binary.
**
** The engine's Python half lives in src/py/shim/ (*.py); the build compiles
** it with the interpreter looplab links against and stores each module as a
** marshalled code object (cmake/compile_shim.py), so the installed binary
** carries it, cannot run with a mismatched copy, and does not compile it at
** every start.
*/
#ifndef LPY_EMBEDDED_H
#define LPY_EMBEDDED_H

typedef struct lpy_embedded_file {
    const char          *name;  /* file name without directory or ".py" */
    const unsigned char *code;  /* marshal.dumps of its code object */
    long                 size;  /* bytes in code */
} lpy_embedded_file;

/* src/py/shim/ (*.py), ended by {NULL, NULL, 0}. */
extern const lpy_embedded_file lpy_shim_files[];

#endif
