/* engine.h - looplab py: one program run on looplab's loop, in virtual time.
**
** The engine owns what outlives any single asyncio loop of the program: the
** virtual clock, the lanes of its other threads, and the trace. The Python
** side reaches it through the `_looplab` module (module.c); asyncio loop
** objects (looptype.c) point at its clock, lanes and trace.
*/
#ifndef LPY_ENGINE_H
#define LPY_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/lanes.h"
#include "core/trace.h"

typedef struct lpy_options {
    bool        stamp;       /* prefix stdout lines with "[%8.3f] " */
    uint64_t    seed;        /* random.seed and os.urandom's generator */
    double      until;       /* virtual-time limit, seconds (> 0) */
    bool        trust;       /* the safety layer is lifted */
} lpy_options;

typedef struct lpy_engine lpy_engine;

struct lpy_engine {
    lp_clock    clock;       /* the program's one virtual clock */
    lp_lanes    lanes;       /* every thread but the loop thread */
    lp_trace    trace;       /* everything scheduled, for the window and --trace */
    lpy_options options;
    /* Called when the engine stops a run early (deadlock, a limit), just
    ** before the process ends: the caller's last chance to save the trace. */
    void (*at_stop)(lpy_engine *engine, int status, void *user);
    void       *at_stop_user;
};


/* Default virtual-time limit (DESIGN.md: generous; --until changes it). */
#define LPY_DEFAULT_UNTIL 3600.0
/* The trace's own limit: a run whose trace grows past it stops (status 124)
** rather than fill the memory (a 1 ms ticker to the default --until would
** record about a gigabyte). */
#define LPY_TRACE_LIMIT_BYTES ((size_t)256 << 20)

int lpy_engine_init(lpy_engine *engine, const lpy_options *options);
void lpy_engine_close(lpy_engine *engine);

#endif
