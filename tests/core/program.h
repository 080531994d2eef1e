/* program.h - tests: the timer/callback program language of asyncio_model.py,
** run on looplab's C scheduler, and a generator of random programs.
**
** The same text goes to the CPython model and to program_run; the tests
** require identical outputs (see asyncio_model.py for the language).
*/
#ifndef LP_TEST_PROGRAM_H
#define LP_TEST_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "core/trace.h"

/* Runs `program` on a fresh lp_loop; returns the malloc'd output text. If
** trace is not NULL, the loop records into it. *released counts the contexts
** the loop released (must equal the handles made). */
char *program_run(const char *program, lp_trace *trace, size_t *made, size_t *released);

/* A random program of about `ops` operations from a seed. Timer deadlines are
** drawn from a few values so that ties are frequent; `cancel_share` in [0,1]
** is the share of timers later cancelled. The result is malloc'd. */
char *program_random(uint32_t seed, size_t ops, double cancel_share);

/* Appends printf-style text to a growing malloc'd buffer. */
void text_append(char **buf, size_t *len, size_t *cap, const char *fmt, ...);

#endif
