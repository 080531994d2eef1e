/* fuzz_source.c - libFuzzer target: the check of the program file given on
** the command line (src/app/source.c). The first byte picks the case:
**   even: the rest is a file's contents; the file must be accepted (0);
**   odd:  the rest is a path; the answer must be 0 or 2, with a message
**         for 2, and nothing may be created.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli.h"
#include "app/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_contents(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/looplab_fuzz_source_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return;
    }
    close(fd);
    FILE *err = fopen("/dev/null", "w");
    int rc = lpapp_source_check(path, err ? err : stderr);
    if (err)
        fclose(err);
    unlink(path);
    if (rc != 0)
        abort();
}

static void check_path(const uint8_t *data, size_t size)
{
    char *path = malloc(size + 1);
    if (!path)
        return;
    memcpy(path, data, size);
    path[size] = '\0';
    char message[8192];
    FILE *err = fmemopen(message, sizeof message, "w");
    if (!err) {
        free(path);
        return;
    }
    int rc = lpapp_source_check(path, err);
    long written = ftell(err);
    fclose(err);
    if (rc != 0 && rc != LPAPP_EXIT_USAGE)
        abort();
    if (rc == LPAPP_EXIT_USAGE && written <= 0)
        abort(); /* a refusal must say why */
    free(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] % 2 == 0)
        check_contents(data + 1, size - 1);
    else
        check_path(data + 1, size - 1);
    return 0;
}
