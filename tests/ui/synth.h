/* synth.h - a synthetic but consistent trace: N tasks that sleep in rounds.
**
** Used by the ui tests and bench/ui: each round every task runs a step,
** sets a timer (asyncio.sleep) due 0.1 to 0.4 s later and waits on it; the
** timers fire in deadline order and wake their tasks, whose steps run in the
** next round. The records are those src/py writes for the same program.
*/
#ifndef LP_TEST_SYNTH_H
#define LP_TEST_SYNTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/trace.h"

/* Appends `rounds` rounds of `tasks` tasks; finish: the tasks end after the
** last round. Returns LP_OK or an error. */
int synth_run(lp_trace *trace, uint32_t tasks, uint32_t rounds, bool finish);

#endif
