/* trace_file.c - looplab core: the raw trace file (see trace_file.h). */
#include "core/trace_file.h"

#include <string.h>

#include "core/status.h"

static const char MAGIC[8] = {'L', 'P', 'T', 'R', 'A', 'C', 'E', '1'};

static int put(FILE *out, const void *p, size_t n)
{
    return n == 0 || fwrite(p, n, 1, out) == 1 ? LP_OK : LP_E_INVAL;
}

static int get(FILE *in, void *p, size_t n)
{
    return n == 0 || fread(p, n, 1, in) == 1 ? LP_OK : LP_E_INVAL;
}

int lp_trace_save(const lp_trace *trace, FILE *out)
{
    uint64_t counts[2] = {lp_trace_count(trace), trace->strings.count};
    int rc = put(out, MAGIC, sizeof MAGIC);
    if (rc == LP_OK)
        rc = put(out, counts, sizeof counts);
    /* whole chunks at a time: records are contiguous within a chunk */
    for (size_t done = 0; rc == LP_OK && done < counts[0];) {
        size_t n = counts[0] - done;
        if (n > LP_TRACE_CHUNK_EVENTS)
            n = LP_TRACE_CHUNK_EVENTS;
        rc = put(out, lp_trace_at(trace, done), n * sizeof(lp_event));
        done += n;
    }
    for (size_t id = 1; rc == LP_OK && id < counts[1]; id++) {
        size_t len = 0;
        const char *s = lp_strtab_get(&trace->strings, (uint32_t)id, &len);
        uint32_t len32 = (uint32_t)len;
        rc = put(out, &len32, sizeof len32);
        if (rc == LP_OK)
            rc = put(out, s, len);
    }
    if (rc == LP_OK && fflush(out) != 0)
        rc = LP_E_INVAL;
    return rc;
}

/* Strings are interned in id order, so each gets back its own id. */
static int load_strings(lp_trace *trace, FILE *in, uint64_t count)
{
    char small[256];
    char *buf = small;
    size_t cap = sizeof small;
    int rc = LP_OK;
    for (uint64_t id = 1; rc == LP_OK && id < count; id++) {
        uint32_t len;
        rc = get(in, &len, sizeof len);
        if (rc == LP_OK && len > cap) {
            size_t want = len;
            char *grown = buf == small ? NULL : buf;
            grown = trace->alloc.realloc(trace->alloc.user, grown, want);
            if (!grown) {
                rc = LP_E_NOMEM;
                break;
            }
            buf = grown;
            cap = want;
        }
        if (rc == LP_OK)
            rc = get(in, buf, len);
        uint32_t got = 0;
        if (rc == LP_OK)
            rc = lp_trace_intern(trace, buf, len, &got);
        if (rc == LP_OK && got != id)
            rc = LP_E_INVAL; /* a duplicate: not a table we wrote */
    }
    if (buf != small)
        lp_free(&trace->alloc, buf);
    return rc;
}

int lp_trace_load(lp_trace *trace, FILE *in)
{
    char magic[sizeof MAGIC];
    uint64_t counts[2];
    int rc = get(in, magic, sizeof magic);
    if (rc == LP_OK && memcmp(magic, MAGIC, sizeof MAGIC) != 0)
        rc = LP_E_INVAL;
    if (rc == LP_OK)
        rc = get(in, counts, sizeof counts);
    if (rc == LP_OK && (counts[0] > ((uint64_t)1 << 40) || counts[1] == 0 ||
                        counts[1] > UINT32_MAX))
        rc = LP_E_INVAL;
    for (uint64_t i = 0; rc == LP_OK && i < counts[0]; i++) {
        lp_event ev;
        rc = get(in, &ev, sizeof ev);
        if (rc == LP_OK)
            rc = lp_trace_append(trace, &ev);
    }
    if (rc == LP_OK)
        rc = load_strings(trace, in, counts[1]);
    return rc;
}
