/* payload.c - the native code an attacker would have looplab load (tests/bad,
** compiled at test time by run_bad.py). Loading it is enough: its
** constructor leaves a file in the working folder and starts /bin/sh to
** leave another. A refused case leaves neither (run_bad.py looks). */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((constructor)) static void payload_run(void)
{
    int fd = open("looplab_bad_corpus_native.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0)
        close(fd);
    if (system("echo escaped > looplab_bad_corpus_shell.txt") != 0)
        return;
}

/* what the import system calls; no module comes back */
void *PyInit_audioop(void) { return NULL; }
void *PyInit_payload(void) { return NULL; }
