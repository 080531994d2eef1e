/*
** source.h: checks that a program file given on the command line can be read.
*/
#ifndef LOOPLAB_APP_SOURCE_H
#define LOOPLAB_APP_SOURCE_H

#include <stdio.h>

/*
** Opens path for reading and closes it again. Returns 0 if it is a readable
** file; otherwise writes "looplab: cannot read 'PATH': <strerror>" and a
** newline to err and returns LPAPP_EXIT_USAGE (2).
*/
int lpapp_source_check(const char *path, FILE *err);

#endif
