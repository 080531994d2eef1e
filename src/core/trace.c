/* trace.c - looplab core: chunked append-only event log. */
#include "core/trace.h"

#include <string.h>
#include <sys/mman.h>

#include "core/status.h"

_Static_assert(sizeof(lp_event) == 24, "trace records are meant to stay 24 bytes");

int lp_trace_init(lp_trace *trace, lp_allocator alloc)
{
    memset(trace, 0, sizeof *trace);
    trace->alloc = alloc;
    return lp_strtab_init(&trace->strings, alloc);
}

void lp_trace_free(lp_trace *trace)
{
    if (trace->map)
        munmap(trace->map, trace->map_len);
    else
        for (size_t i = 0; i < trace->chunk_count; i++)
            lp_free(&trace->alloc, trace->chunks[i]);
    lp_free(&trace->alloc, trace->chunks);
    lp_strtab_free(&trace->strings);
    lp_allocator alloc = trace->alloc;
    memset(trace, 0, sizeof *trace);
    trace->alloc = alloc;
}

static int add_chunk(lp_trace *trace)
{
    int rc = lp_grow(&trace->alloc, (void **)&trace->chunks, &trace->chunk_cap,
                     trace->chunk_count + 1, sizeof(lp_event *));
    if (rc != LP_OK)
        return rc;
    lp_event *chunk =
        trace->alloc.realloc(trace->alloc.user, NULL, LP_TRACE_CHUNK_EVENTS * sizeof(lp_event));
    if (!chunk)
        return LP_E_NOMEM;
    trace->chunks[trace->chunk_count++] = chunk;
    return LP_OK;
}

int lp_trace_append(lp_trace *trace, const lp_event *ev)
{
    if (trace->map)
        return LP_E_INVAL; /* the mapped file is read-only and ends at its last record */
    size_t offset = trace->count & (LP_TRACE_CHUNK_EVENTS - 1);
    if (offset == 0 && (trace->count >> LP_TRACE_CHUNK_BITS) == trace->chunk_count) {
        int rc = add_chunk(trace);
        if (rc != LP_OK)
            return rc;
    }
    trace->chunks[trace->count >> LP_TRACE_CHUNK_BITS][offset] = *ev;
    trace->count++;
    return LP_OK;
}

bool lp_trace_complete_last(lp_trace *trace, lp_event_kind kind, uint32_t subject, uint16_t small)
{
    if (!trace->count)
        return false;
    size_t last = trace->count - 1;
    lp_event *ev = &trace->chunks[last >> LP_TRACE_CHUNK_BITS][last & (LP_TRACE_CHUNK_EVENTS - 1)];
    if (ev->kind != kind || ev->subject != subject)
        return false;
    ev->small = small;
    return true;
}

int lp_trace_task_step(lp_trace *trace, double time, uint8_t loop, uint32_t task, uint32_t serial)
{
    if (trace->count && task && !trace->map) {
        size_t last = trace->count - 1;
        lp_event *ev = &trace->chunks[last >> LP_TRACE_CHUNK_BITS][last & (LP_TRACE_CHUNK_EVENTS - 1)];
        if (ev->kind == LP_EV_RUN && ev->subject == serial && ev->flags == loop && ev->arg.u64 == 0 &&
            ev->time == time) {
            ev->arg.u64 = task;
            return LP_OK;
        }
    }
    lp_event ev = {time, task, LP_EV_TASK_STEP, loop, 0, {.u64 = serial}};
    return lp_trace_append(trace, &ev);
}

static const char *const KNOWN_CALLS[LP_CALL__COUNT] = {
    [LP_CALL_SLEEP_WAKEUP] = "_set_result_unless_cancelled",
    [LP_CALL_RELEASE_WAITER] = "_release_waiter",
    [LP_CALL_TIMEOUT] = "Timeout._on_timeout",
};

const char *lp_known_call_name(unsigned code)
{
    return code < LP_CALL__COUNT ? KNOWN_CALLS[code] : NULL;
}

lp_known_call lp_known_call_of(const char *qualname)
{
    for (unsigned code = 1; code < LP_CALL__COUNT; code++)
        if (strcmp(qualname, KNOWN_CALLS[code]) == 0)
            return (lp_known_call)code;
    return LP_CALL_OTHER;
}

int lp_trace_intern(lp_trace *trace, const char *s, size_t len, uint32_t *id)
{
    return lp_strtab_intern(&trace->strings, s, len, id);
}

const char *lp_event_kind_name(unsigned kind)
{
    static const char *const names[] = {
#define LP__EVENT_NAME(name, json, doc) json,
        LP_TRACE_EVENTS(LP__EVENT_NAME)
#undef LP__EVENT_NAME
    };
    return kind < LP_EV__COUNT ? names[kind] : "?";
}

size_t lp_trace_bytes_used(const lp_trace *trace)
{
    const lp_strtab *t = &trace->strings;
    return trace->count * sizeof(lp_event) + t->bytes_len + t->count * 2 * sizeof(uint32_t);
}

size_t lp_trace_bytes(const lp_trace *trace)
{
    if (trace->map) /* the records are the file's pages, not allocated */
        return trace->chunk_cap * sizeof(lp_event *) + lp_strtab_bytes(&trace->strings);
    return trace->chunk_count * LP_TRACE_CHUNK_EVENTS * sizeof(lp_event) +
           trace->chunk_cap * sizeof(lp_event *) + lp_strtab_bytes(&trace->strings);
}
