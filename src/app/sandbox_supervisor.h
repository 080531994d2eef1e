/*
** sandbox_supervisor.h: running a function in a child process under limits
** the child cannot reach (see sandbox.h).
**
** The child's stdout and stderr are pipes (stdout a pseudo-terminal when
** ours is a terminal, so the program sees one, as under python3); the
** supervisor passes every byte on, in order (one channel for both when they
** go to the same file, so their interleaving is kept), and counts them. It watches the child's resident
** memory, its real time, and whether it makes progress; on any limit it
** kills the child and says so in one line (status 124). A child that dies
** of a signal is reported as such (status 128 + the signal).
*/
#ifndef LOOPLAB_APP_SANDBOX_SUPERVISOR_H
#define LOOPLAB_APP_SANDBOX_SUPERVISOR_H

#include <stddef.h>

#define LPAPP_STOP_STATUS 124

typedef struct lpapp_watch {
    double real_limit;    /* seconds of real time in all; 0: none */
    /* Without progress: seconds of real time the child's main thread spent
    ** blocked (stall), seconds of CPU time the child used (busy: CPU time,
    ** as the child's own watchdog counts, so that it speaks first); 0: none. */
    double stall_limit;
    double busy_limit;
    size_t output_limit;  /* bytes of stdout and stderr together; 0: none */
    size_t output_shown;  /* the limit as the message names it */
    size_t memory_limit;  /* bytes of resident private memory; 0: none */
    size_t memory_shown;
    /* What the child shows of itself (shared memory); each may be NULL. */
    size_t (*progress)(void *user);  /* moves while the program moves */
    size_t (*exempt)(void *user);    /* bytes of shared memory that are not the program's */
    double (*now)(void *user);       /* its virtual time */
    void   (*where)(void *user, char *buf, size_t size); /* "FILE:LINE", or "" */
    void   *user;
} lpapp_watch;

/* Runs child(child_user) in a child process and returns the status for
** main: the child's own exit status, 124 after a stop, 128 + signal. The
** child's return value is its exit status. */
int lpapp_supervise(const lpapp_watch *watch, int (*child)(void *), void *child_user);

#endif
