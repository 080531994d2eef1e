/*
** shot.c: `looplab shot`, the window at one virtual time drawn into a PNG.
*/
#include "app/shot.h"

#include <stdio.h>

#include "app/source.h"

int lpapp_shot_run(const lpapp_cli *cli)
{
    int status = lpapp_source_check(cli->file, stderr);
    if (status != 0)
        return status;

    /* NOT BUILT YET: replaced when src/py and src/ui land. Run cli->file up
    ** to cli->at, lay the window out at cli->width x cli->height (0 = the
    ** default size), draw it to a surface and save it to cli->out_path. */
    fprintf(stderr, "looplab: the engine is not built yet (shot needs src/py and src/ui)\n");
    return LPAPP_EXIT_UNAVAILABLE;
}
