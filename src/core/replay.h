/* replay.h - looplab core: seeking in a trace through periodic snapshots.
**
** The window moves its cursor anywhere in a recorded run. Rebuilding the
** state by applying every record from the start would cost O(events) per
** seek, so lp_replay keeps copies of the state taken along the trace. A copy
** is taken once at least max(min_interval, size of the state) records have
** passed since the last one, so snapshots never take more memory than the
** records themselves, and a seek copies one snapshot and applies fewer than
** that many records.
**
** A record the state refuses (LP_E_INVAL: it contradicts what came before;
** looplab's loop never writes one, a forged or damaged trace may hold some)
** is skipped, not the end of the replay: the state is rebuilt without it and
** every later reader (lp_replay_state_at, lp_replay_apply_next) skips it too.
** Past LP_REPLAY_MAX_REFUSED refusals the index stops there (LP_E_INVAL).
*/
#ifndef LP_REPLAY_H
#define LP_REPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/state.h"
#include "core/trace.h"

typedef struct lp_replay_snapshot {
    size_t   index;   /* records applied when it was taken */
    lp_state state;   /* owned */
} lp_replay_snapshot;

typedef struct lp_replay {
    const lp_trace     *trace;        /* borrowed */
    lp_state            live;         /* state after every indexed record */
    lp_replay_snapshot *snaps;        /* snaps[0] is the empty state; owned */
    size_t              snap_count, snap_cap;
    size_t              min_interval; /* records between snapshots, at least */
    size_t              since_snap;   /* records applied since the last one */
    size_t             *refused;      /* indexes of refused records, ascending; owned */
    size_t              refused_count, refused_cap;
    lp_allocator        alloc;
} lp_replay;

#define LP_REPLAY_MAX_REFUSED 1000

/* min_interval 0 means the default (4096). The states follow loop 0. */
int lp_replay_init(lp_replay *replay, const lp_trace *trace, size_t min_interval,
                   lp_allocator alloc);

/* The same, following the loops in `loops` (lp_state_follow_loops). */
int lp_replay_init_loops(lp_replay *replay, const lp_trace *trace, size_t min_interval,
                         const uint64_t loops[4], lp_allocator alloc);
void lp_replay_free(lp_replay *replay);

/* Indexes the records appended to the trace since the last call. Returns
** LP_OK, LP_E_NOMEM, or LP_E_INVAL if a record does not fit the state. */
int lp_replay_update(lp_replay *replay);

/* Indexes the next record only (live.applied is then its index + 1), so a
** reader can look at the live state before and after each record while the
** index is built: one replay at load. Returns LP_OK, LP_E_RANGE when every
** record is indexed, LP_E_NOMEM, or LP_E_INVAL as lp_replay_update. */
int lp_replay_step(lp_replay *replay);

/* Was record `index` refused (skipped by every reader)? */
bool lp_replay_refused(const lp_replay *replay, size_t index);

/* Applies record s->applied (of the replay's trace) to s, or skips it when it
** was refused. For readers that step a state of their own (the window's
** player). Returns as lp_state_apply. */
int lp_replay_apply_next(const lp_replay *replay, lp_state *s);

/* Builds in *out (uninitialised; free it with lp_state_free) the state after
** `index` records, index <= records indexed so far. */
int lp_replay_state_at(const lp_replay *replay, size_t index, lp_state *out);

#endif
