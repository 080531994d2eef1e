/* fuzz_trace_file.c - libFuzzer target: loading a raw trace file
** (src/core/trace_file.c), as the window loads its child's run.
**
** The input is the file. It is loaded both ways: mapped (a memory file, a
** regular file read from its start) and read record by record (a memory
** stream, which cannot be mapped). Neither may crash; both must agree on
** whether it is a trace, and on every record and string when it is.
*/
#define _GNU_SOURCE /* memfd_create, fmemopen */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/status.h"
#include "core/trace_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("trace", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    FILE *mapped_in = fdopen(fd, "rb");
    if (!mapped_in) {
        close(fd);
        return 0;
    }
    rewind(mapped_in);
    lp_trace mapped, copied;
    lp_trace_init(&mapped, lp_allocator_default());
    lp_trace_init(&copied, lp_allocator_default());
    int rc_mapped = lp_trace_load(&mapped, mapped_in);
    fclose(mapped_in);
    FILE *copied_in = size ? fmemopen((void *)data, size, "rb") : NULL;
    int rc_copied = copied_in ? lp_trace_load(&copied, copied_in) : LP_E_INVAL;
    if (copied_in)
        fclose(copied_in);
    if (copied.map)
        abort(); /* a memory stream has no file to map */
    if ((rc_mapped == LP_OK) != (rc_copied == LP_OK) && rc_mapped != LP_E_NOMEM && rc_copied != LP_E_NOMEM)
        abort();
    if (rc_mapped == LP_OK && rc_copied == LP_OK) {
        if (lp_trace_count(&mapped) != lp_trace_count(&copied) ||
            mapped.strings.count != copied.strings.count)
            abort();
        for (size_t i = 0; i < lp_trace_count(&mapped); i++)
            if (memcmp(lp_trace_at(&mapped, i), lp_trace_at(&copied, i), sizeof(lp_event)) != 0)
                abort();
        for (uint32_t id = 1; id < mapped.strings.count; id++) {
            size_t la, lb;
            const char *a = lp_strtab_get(&mapped.strings, id, &la);
            const char *b = lp_strtab_get(&copied.strings, id, &lb);
            if (la != lb || memcmp(a, b, la) != 0)
                abort();
        }
    }
    lp_trace_free(&mapped);
    lp_trace_free(&copied);
    return 0;
}
