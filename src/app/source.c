/*
** source.c: checks that a program file given on the command line can be read.
*/
#include "app/source.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/cli.h"

int lpapp_source_check(const char *path, FILE *err)
{
    const char *reason = NULL;
    struct stat st;
    /* O_NONBLOCK: a FIFO with no writer must not hang looplab here */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        reason = strerror(errno);
    } else {
        if (fstat(fd, &st) != 0)
            reason = strerror(errno);
        else if (S_ISDIR(st.st_mode))
            reason = strerror(EISDIR);
        else if (!S_ISREG(st.st_mode))
            reason = "not a regular file (a program is read from a file)";
        close(fd);
    }
    if (reason == NULL)
        return 0;
    fprintf(err, "looplab: cannot read '%s': %s\n", path, reason);
    return LPAPP_EXIT_USAGE;
}
