/* fuzz_replay.c - libFuzzer target: reading a trace (src/core/state.c,
** replay.c, trace_json.c), as the window will read recorded runs.
**
** The input is a sequence of 24-byte records (lp_event) after a 1-byte
** snapshot interval. Records that contradict the state must be refused
** with LP_E_INVAL, never crash; seeking to the end must give the state
** that applying the records one by one gives; the JSON export must work
** on whatever was recorded. Then every record, refused ones too (a forged
** trace): the replay skips what the state refuses and goes on to the end
** (or stops at its cap of refusals), and a seek gives what stepping with
** lp_replay_apply_next from the start gives.
*/
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/replay.h"
#include "core/state.h"
#include "core/status.h"
#include "core/trace.h"
#include "core/trace_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t interval = (size_t)data[0] + 1;
    data++, size--;
    lp_trace trace;
    if (lp_trace_init(&trace, lp_allocator_default()) != LP_OK)
        return 0;
    uint32_t sid;
    lp_trace_intern(&trace, "fuzz", 4, &sid);
    lp_trace all; /* every record the filter lets through, refused or not */
    if (lp_trace_init(&all, lp_allocator_default()) != LP_OK) {
        lp_trace_free(&trace);
        return 0;
    }
    lp_trace_intern(&all, "fuzz", 4, &sid);
    double last = 0.0;
    lp_state model;
    lp_state_init(&model, lp_allocator_default());
    size_t accepted = 0;
    bool refused = false;
    for (; size >= sizeof(lp_event); data += sizeof(lp_event), size -= sizeof(lp_event)) {
        lp_event ev;
        memcpy(&ev, data, sizeof ev);
        ev.kind %= LP_EV__COUNT;
        /* the engine writes times in order and never a NaN deadline (a NaN
        ** would make equal states compare unequal) */
        if (!isfinite(ev.time) || ev.time < last || isnan(ev.arg.when))
            continue;
        last = ev.time;
        lp_trace_append(&all, &ev);
        if (refused)
            continue;
        if (lp_state_apply(&model, &ev) != LP_OK) {
            refused = true; /* the model refuses it: so must replay; stop here */
            continue;
        }
        lp_trace_append(&trace, &ev);
        accepted++;
    }
    lp_replay replay;
    if (lp_replay_init(&replay, &trace, interval, lp_allocator_default()) == LP_OK) {
        if (lp_replay_update(&replay) != LP_OK)
            abort(); /* records the state accepted one by one */
        lp_state at;
        if (lp_replay_state_at(&replay, accepted, &at) == LP_OK) {
            /* the same records applied one by one, from the start (the model
            ** may hold a half-applied refused record) */
            lp_state again;
            lp_state_init(&again, lp_allocator_default());
            for (size_t i = 0; i < accepted; i++)
                if (lp_state_apply(&again, lp_trace_at(&trace, i)) != LP_OK)
                    abort();
            if (!lp_state_equal(&at, &again))
                abort();
            lp_state_free(&again);
            lp_state_free(&at);
        }
        if (accepted && lp_replay_state_at(&replay, accepted / 2, &at) == LP_OK)
            lp_state_free(&at);
        lp_replay_free(&replay);
    }
    if (lp_replay_init(&replay, &all, interval, lp_allocator_default()) == LP_OK) {
        int rc = lp_replay_update(&replay);
        if (rc != LP_OK && !(rc == LP_E_INVAL && replay.refused_count == LP_REPLAY_MAX_REFUSED) &&
            rc != LP_E_NOMEM)
            abort(); /* a refused record is skipped, not the end */
        lp_state at, stepped;
        if (lp_replay_state_at(&replay, replay.live.applied, &at) == LP_OK) {
            lp_state_init(&stepped, lp_allocator_default());
            while (stepped.applied < replay.live.applied)
                if (lp_replay_apply_next(&replay, &stepped) != LP_OK)
                    abort(); /* the records the replay kept apply one by one */
            if (!lp_state_equal(&at, &stepped))
                abort();
            lp_state_free(&stepped);
            lp_state_free(&at);
        }
        lp_replay_free(&replay);
    }
    lp_trace_free(&all);
    FILE *out = fopen("/dev/null", "w");
    if (out) {
        lp_trace_json_write(&trace, out);
        fclose(out);
    }
    lp_state_free(&model);
    lp_trace_free(&trace);
    return 0;
}
