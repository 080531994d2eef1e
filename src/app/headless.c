/*
** headless.c: `looplab run`, a program run without a window.
*/
#include "app/headless.h"

#include <stdio.h>

#include "app/source.h"

int lpapp_headless_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;

    /* NOT BUILT YET: replaced when src/py lands. Start the interpreter, run
    ** cli->file on looplab's loop with sys.argv = [file, prog_argv...], apply
    ** --stamp, --trace, --seed, --until and --trust, return python's status. */
    fprintf(stderr, "looplab: the engine is not built yet (run needs src/py)\n");
    return LPAPP_EXIT_UNAVAILABLE;
}
