/* fuzz_paths.c - libFuzzer target: finding the data directory
** (src/app/paths.c) from the executable's path, $LOOPLAB_DATA and the
** source directory, all three taken from the input (split at NUL bytes; a
** missing part is NULL). The result must be 0 or -ENOENT, and on 0 every
** path must be a NUL-terminated string that fits its buffer.
*/
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/paths.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    char *parts[3];
    if (fuzz_split(data, size, &text, parts, 3) < 0)
        return 0;

    lpapp_paths paths;
    int rc = lpapp_paths_resolve(&paths, parts[0], parts[1], parts[2]);
    if (rc != 0 && rc != -ENOENT)
        abort();
    if (rc == 0 && (memchr(paths.data, '\0', sizeof paths.data) == NULL ||
                    memchr(paths.assets, '\0', sizeof paths.assets) == NULL ||
                    memchr(paths.scenarios, '\0', sizeof paths.scenarios) == NULL))
        abort();
    free(text);
    return 0;
}
