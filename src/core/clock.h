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

#include <stdbool.h>
#include <stdint.h>

typedef struct lp_clock {
    double   now;                /* virtual seconds since the program started */
    uint32_t next_handle_serial; /* last serial given to a handle (callback, timer) */
    uint32_t next_job_serial;    /* last serial given to a job (a thread's work) */
    uint32_t loops_made;         /* event loops made so far (the next one's trace number) */
    uint64_t steps;              /* polls, wake-ups and blocking waits so far */
    uint64_t instant_steps;      /* ... in a row while the clock stood at `instant` */
    double   instant;
    uint64_t step_budget;        /* most steps in a row at one instant; 0: no limit */
    bool     over_budget;        /* sticky: a step went over the budget */
} lp_clock;

/* Counts one step of progress: a loop poll, a thread's wake-up, or a
** blocking wait of the loop thread. Too many in a row at one instant is a
** busy loop ("while True: await asyncio.sleep(0)"), which the engine stops;
** a step count that stops moving in real time is code that never yields.
** Returns false, and sets over_budget, once the budget is exceeded: the
** caller then does nothing more and returns, so the engine can stop. */
static inline bool lp_clock_step(lp_clock *clock)
{
    clock->steps++;
    if (clock->now != clock->instant) {
        clock->instant = clock->now;
        clock->instant_steps = 0;
    }
    clock->instant_steps++;
    if (clock->step_budget && clock->instant_steps > clock->step_budget)
        clock->over_budget = true;
    return !clock->over_budget;
}

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
