/*
** source.h: checks that a program file given on the command line can be read.
*/
#ifndef LOOPLAB_APP_SOURCE_H
#define LOOPLAB_APP_SOURCE_H

#include <stdio.h>

/*
** Opens path for reading and closes it again. Returns 0 if it is a readable
** regular file; otherwise writes "looplab: cannot read 'PATH': <reason>" (the
** strerror text, or "not a regular file ..." for a FIFO, a device, a socket)
** and a newline to err and returns LPAPP_EXIT_USAGE (2). Never blocks.
*/
int lpapp_source_check(const char *path, FILE *err);

#endif
