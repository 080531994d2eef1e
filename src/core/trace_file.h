/* trace_file.h - looplab core: a trace saved to a file and loaded back.
**
** The window runs each program in a child process (so no program can take
** the window down) and the child hands its trace over in this raw format:
** the records exactly as in memory, then the string table. Loading checks
** every count and length, so a truncated or foreign file is an error, never
** a crash.
**
**   "LPTRACE1"  8 bytes
**   u64 record count, u64 string count (id 0, "", included)
**   records     24 bytes each (lp_event, host byte order)
**   strings     for ids 1..count-1: u32 length, then the bytes
*/
#ifndef LP_TRACE_FILE_H
#define LP_TRACE_FILE_H

#include <stdio.h>

#include "core/trace.h"

/* Writes the trace to `out`. Returns LP_OK or LP_E_INVAL (a write failed). */
int lp_trace_save(const lp_trace *trace, FILE *out);

/* Reads a saved trace into `trace` (initialised and empty). Returns LP_OK,
** LP_E_NOMEM, or LP_E_INVAL for a file that is not a whole saved trace.
** A regular file read from its start is mapped, not copied: the records stay
** in the file's pages (trace->map), which must then not be truncated or
** rewritten until lp_trace_free; such a trace takes no more records. Any
** other stream (a pipe, a file read from the middle) is read record by record. */
int lp_trace_load(lp_trace *trace, FILE *in);

/* lp_trace_load that never maps: every record is read and copied. */
int lp_trace_read(lp_trace *trace, FILE *in);

#endif
