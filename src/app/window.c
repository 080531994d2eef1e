/*
** window.c: `looplab [FILE.py]`, the interactive window.
*/
#include "app/window.h"

#include <stdio.h>

#include "app/source.h"

int lpapp_window_run(const lpapp_cli *cli)
{
    if (cli->file != NULL) {
        int status = lpapp_source_check(cli->file, stderr);
        if (status != 0)
            return status;
    }

    /* NOT BUILT YET: replaced when src/py and src/ui land. Find the data
    ** directory (app/paths.h), open the window on cli->file or on the first
    ** lesson in <data>/scenarios, and run until the user quits. */
    fprintf(stderr, "looplab: the window is not built yet (it needs src/py and src/ui)\n");
    return LPAPP_EXIT_UNAVAILABLE;
}
