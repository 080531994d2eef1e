/* trace_file.c - looplab core: the raw trace file (see trace_file.h), saved and
** loaded (mapped when it can be). */
#define _DEFAULT_SOURCE /* fileno, mmap, MAP_POPULATE */
#include "core/trace_file.h"

#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

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

/* Where the loader reads: the stream, or a mapped file from `at` to `end`. */
typedef struct source {
    FILE *in;
    const unsigned char *at, *end; /* NULL: read the stream */
} source;

static int take(source *src, void *p, size_t n)
{
    if (!src->at)
        return get(src->in, p, n);
    if ((size_t)(src->end - src->at) < n)
        return LP_E_INVAL; /* truncated */
    memcpy(p, src->at, n);
    src->at += n;
    return LP_OK;
}

/* Reads `len` bytes into *buf (its capacity *cap; `small` is the caller's
** stack buffer, never freed). From a stream the buffer grows only as bytes
** arrive, so a corrupt length cannot make it allocate much more than the
** file holds; from a mapping the length was checked against the file. */
static int take_text(lp_trace *trace, source *src, uint32_t len, char **buf, size_t *cap, char *small)
{
    size_t got = 0;
    while (got < len) {
        size_t piece = len - got;
        if (!src->at && piece > ((size_t)1 << 16))
            piece = (size_t)1 << 16;
        if (got + piece > *cap) {
            size_t want = got + piece;
            char *grown = trace->alloc.realloc(trace->alloc.user, *buf == small ? NULL : *buf, want);
            if (!grown)
                return LP_E_NOMEM;
            if (*buf == small)
                memcpy(grown, small, got);
            *buf = grown;
            *cap = want;
        }
        int rc = take(src, *buf + got, piece);
        if (rc != LP_OK)
            return rc;
        got += piece;
    }
    return LP_OK;
}

/* Strings are interned in id order, so each gets back its own id. */
static int load_strings(lp_trace *trace, source *src, uint64_t count)
{
    char small[256];
    char *buf = small;
    size_t cap = sizeof small;
    int rc = LP_OK;
    for (uint64_t id = 1; rc == LP_OK && id < count; id++) {
        uint32_t len;
        rc = take(src, &len, sizeof len);
        if (rc == LP_OK && src->at && len > (size_t)(src->end - src->at))
            rc = LP_E_INVAL; /* longer than the file: never allocate for it */
        if (rc == LP_OK)
            rc = take_text(trace, src, len, &buf, &cap, small);
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

#define HEADER_BYTES (sizeof MAGIC + 2 * sizeof(uint64_t))
_Static_assert(HEADER_BYTES % _Alignof(lp_event) == 0 && sizeof(lp_event) % _Alignof(lp_event) == 0,
               "mapped records must be aligned in the file as in memory");

/* The header's counts, checked; src is just past it. */
static int read_header(source *src, uint64_t counts[2])
{
    char magic[sizeof MAGIC];
    int rc = take(src, magic, sizeof magic);
    if (rc == LP_OK && memcmp(magic, MAGIC, sizeof MAGIC) != 0)
        rc = LP_E_INVAL;
    if (rc == LP_OK)
        rc = take(src, counts, 2 * sizeof counts[0]);
    if (rc == LP_OK && (counts[0] > ((uint64_t)1 << 40) || counts[1] == 0 ||
                        counts[1] > UINT32_MAX))
        rc = LP_E_INVAL;
    return rc;
}

/* Maps a whole trace file: the records stay in the file's pages (page-
** aligned, so every record is aligned too), only the string table and the
** chunk array are allocated. *mapped false: the file cannot be mapped (not
** a regular file, read from elsewhere than its start, mmap refused), and
** nothing was done: the caller reads it instead. */
static int load_mapped(lp_trace *trace, FILE *in, bool *mapped)
{
    *mapped = false;
    struct stat st;
    int fd = fileno(in);
    if (fd < 0 || trace->count != 0 || trace->chunk_count != 0 || ftell(in) != 0 ||
        fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)HEADER_BYTES ||
        (uint64_t)st.st_size > SIZE_MAX)
        return LP_OK;
    size_t len = (size_t)st.st_size;
    /* populated: the model reads every record at once; one fault per page would
    ** cost more than the copy it saves */
    void *base = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (base == MAP_FAILED)
        return LP_OK;
    *mapped = true;
    trace->map = base; /* from here lp_trace_free unmaps it, whatever happens */
    trace->map_len = len;
    source src = {in, base, (const unsigned char *)base + len};
    uint64_t counts[2];
    int rc = read_header(&src, counts);
    if (rc == LP_OK && counts[0] > (uint64_t)(src.end - src.at) / sizeof(lp_event))
        rc = LP_E_INVAL; /* fewer records in the file than it says */
    size_t chunks = rc == LP_OK ? (size_t)((counts[0] + LP_TRACE_CHUNK_EVENTS - 1) >> LP_TRACE_CHUNK_BITS) : 0;
    if (rc == LP_OK && chunks > 0)
        rc = lp_grow(&trace->alloc, (void **)&trace->chunks, &trace->chunk_cap, chunks,
                     sizeof(lp_event *));
    if (rc != LP_OK)
        return rc;
    lp_event *records = (lp_event *)(void *)src.at;
    for (size_t i = 0; i < chunks; i++)
        trace->chunks[i] = records + i * LP_TRACE_CHUNK_EVENTS;
    trace->chunk_count = chunks;
    trace->count = (size_t)counts[0];
    src.at += trace->count * sizeof(lp_event);
    return load_strings(trace, &src, counts[1]);
}

int lp_trace_load(lp_trace *trace, FILE *in)
{
    bool mapped;
    int rc = load_mapped(trace, in, &mapped);
    return mapped ? rc : lp_trace_read(trace, in);
}

int lp_trace_read(lp_trace *trace, FILE *in)
{
    source src = {in, NULL, NULL};
    uint64_t counts[2];
    int rc = read_header(&src, counts);
    for (uint64_t i = 0; rc == LP_OK && i < counts[0]; i++) {
        lp_event ev;
        rc = get(in, &ev, sizeof ev);
        if (rc == LP_OK)
            rc = lp_trace_append(trace, &ev);
    }
    if (rc == LP_OK)
        rc = load_strings(trace, &src, counts[1]);
    return rc;
}
