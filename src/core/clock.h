/* clock.h - looplab core: the virtual clock of one simulated program.
**
** One program has one clock, however many event loops it makes and however
** many threads it runs: every lp_loop and the lp_lanes of a run point at the
** same lp_clock. It also hands out the serial numbers of handles and jobs, so
** that trace records from every loop and lane name distinct things.
**
** The clock is a double, as CPython's loop.time() is, and it never moves back.
*/
#ifndef LP_CLOCK_H
#define LP_CLOCK_H

#include <stdint.h>

typedef struct lp_clock {
    double   now;                /* virtual seconds since the program started */
    uint32_t next_handle_serial; /* last serial given to a handle (callback, timer) */
    uint32_t next_job_serial;    /* last serial given to a job (a thread's work) */
} lp_clock;

/* Moves the clock forward to `when`; earlier times leave it where it is.
** Returns the time it had before. */
static inline double lp_clock_advance(lp_clock *clock, double when)
{
    double before = clock->now;
    if (when > clock->now)
        clock->now = when;
    return before;
}

#endif
