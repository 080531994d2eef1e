/* run.h - looplab py: run one Python program on looplab's loop.
**
** `looplab run` and, later, the window's engine thread call lpy_run: it starts
** an isolated embedded CPython (the system's, from python3-embed), installs
** the engine (virtual clocks, the C-backed event loop), runs FILE as
** `python3 FILE ARGS...` would, and returns python's exit status.
*/
#ifndef LPY_RUN_H
#define LPY_RUN_H

#include "py/engine.h"

typedef struct lpy_run_desc {
    const char  *file;         /* the program, as given on the command line */
    int          argc;         /* its arguments, sys.argv[1:] */
    char *const *argv;
    lpy_options  options;
    const char  *scenarios_dir; /* appended to sys.path (import sim); may be NULL */
    /* Unless trusted: called once the interpreter has started and before
    ** the engine imports anything or the program runs, with the folders
    ** the program may read (its own, scenarios_dir, the standard library).
    ** The kernel's confinement (app/sandbox.h) goes here. Returns 0, or -1
    ** after saying why on stderr: the run is refused. May be NULL. */
    int        (*confine)(void *user, const char *const *roots, int nroots);
    void        *confine_user;
} lpy_run_desc;

/* Runs the program to its end. Returns its exit status (0, 1 for an uncaught
** exception or a SyntaxError, n for sys.exit(n)). The engine receives the
** trace; it must have been initialised with the same options. */
int lpy_run(const lpy_run_desc *desc, lpy_engine *engine);

#endif
