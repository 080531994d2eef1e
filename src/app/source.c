/*
** source.c: checks that a program file given on the command line can be read.
*/
#include "app/source.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cli.h"

int lpapp_source_check(const char *path, FILE *err)
{
    int error = 0;
    struct stat st;
    FILE *file = fopen(path, "rb");
    if (file == NULL) {
        error = errno;
    } else {
        if (fstat(fileno(file), &st) != 0)
            error = errno;
        else if (S_ISDIR(st.st_mode))
            error = EISDIR;
        fclose(file);
    }
    if (error == 0)
        return 0;
    fprintf(err, "looplab: cannot read '%s': %s\n", path, strerror(error));
    return LPAPP_EXIT_USAGE;
}
