/* engine.c - looplab py: the engine's C state. */
#include "py/engine.h"

#include <string.h>

#include "core/status.h"

int lpy_engine_init(lpy_engine *engine, const lpy_options *options)
{
    memset(engine, 0, sizeof *engine);
    if (options)
        engine->options = *options;
    if (!(engine->options.until > 0.0))
        engine->options.until = LPY_DEFAULT_UNTIL;
    int rc = lp_trace_init(&engine->trace, lp_allocator_default());
    if (rc != LP_OK)
        return rc;
    lp_lanes_desc lanes = {.clock = &engine->clock, .trace = &engine->trace};
    rc = lp_lanes_init(&engine->lanes, &lanes);
    if (rc != LP_OK)
        lp_trace_free(&engine->trace);
    return rc;
}

void lpy_engine_close(lpy_engine *engine)
{
    lp_lanes_close(&engine->lanes);
    lp_trace_free(&engine->trace);
}
