/* trace_json.h - looplab core: a trace written as Chrome trace-event JSON.
**
** `looplab run --trace OUT.json` writes the trace in the JSON Object Format
** of the Trace Event Format ({"traceEvents":[...], "displayTimeUnit":"ms",
** "otherData":{...}}), which ui.perfetto.dev and chrome://tracing open:
**
**   pid 1 "event loop"
**     tid 0 "loop"          the loop thread: a slice per task step it runs
**                           (named after the task), "blocked" spans
**                           (BLOCK_BEGIN..BLOCK_END) nested in them, instants
**                           "timer fires" (TIMER_DUE), output printed outside
**                           any task, and MARKs (global instants)
**     tid 1000+N "Task-N coro()"   one track per task: "ready", "step" and
**                           "waiting: <what>" slices in turn, and instants
**                           for output, "timeout", "cancel" and "done: ..."
**   pid 2 "threads"
**     one tid per (pool, lane) that ran a job, named "pool P lane L":
**                           "job J" slices with "sleeping" / "waiting"
**                           slices nested in them
**
** ts and dur are virtual microseconds with three decimals (the clock is
** rounded to whole nanoseconds once, so nested slices stay nested), events
** are sorted by time, and the same trace always gives the same bytes.
** Slices still open where the trace ends close at its last time and say
** "unfinished": true. Records the exporter does not draw (ITER, POLL, RUN...)
** or cannot match are skipped; otherData counts the ones it did not expect.
** The exporter only reads the trace; it allocates with the allocator it is given.
*/
#ifndef LP_TRACE_JSON_H
#define LP_TRACE_JSON_H

#include <stdio.h>

#include "core/trace.h"

/* Writes the whole trace to `out` (which stays open) and flushes it.
** Returns LP_OK, LP_E_NOMEM (nothing was written; also for a trace of 4 G
** records or more), or LP_E_INVAL when the stream reported an error (errno,
** as the failing call left it, says why). Its working memory (at most 88
** bytes per JSON event, whose text is about 140 bytes, plus the trace's
** strings escaped and a 1 MiB output block) comes from the trace's
** allocator. */
int lp_trace_json_write(const lp_trace *trace, FILE *out);

/* The same with the working memory from `scratch` (a trace in a region that
** never frees, as the sandbox's shared memory, is written with malloc). */
int lp_trace_json_write_with(const lp_trace *trace, lp_allocator scratch, FILE *out);

/* Writes the trace to the file at `path`, created or truncated, working in
** `scratch`. Returns as lp_trace_json_write; LP_E_INVAL also when the file
** cannot be opened or closed (errno says why). */
int lp_trace_json_write_path(const lp_trace *trace, lp_allocator scratch, const char *path);

#endif
