/* replay.c - looplab core: snapshot index over a trace. */
#include "core/replay.h"

#include "core/status.h"

#define DEFAULT_MIN_INTERVAL 4096

static int take_snapshot(lp_replay *r)
{
    int rc = lp_grow(&r->alloc, (void **)&r->snaps, &r->snap_cap, r->snap_count + 1,
                     sizeof(lp_replay_snapshot));
    if (rc != LP_OK)
        return rc;
    lp_replay_snapshot *snap = &r->snaps[r->snap_count];
    rc = lp_state_copy(&snap->state, &r->live);
    if (rc != LP_OK)
        return rc;
    snap->index = r->live.applied;
    r->snap_count++;
    r->since_snap = 0;
    return LP_OK;
}

int lp_replay_init(lp_replay *r, const lp_trace *trace, size_t min_interval, lp_allocator alloc)
{
    const uint64_t loop0[4] = {1, 0, 0, 0};
    return lp_replay_init_loops(r, trace, min_interval, loop0, alloc);
}

int lp_replay_init_loops(lp_replay *r, const lp_trace *trace, size_t min_interval,
                         const uint64_t loops[4], lp_allocator alloc)
{
    r->trace = trace;
    r->alloc = lp_allocator_or_default(&alloc);
    r->snaps = NULL;
    r->snap_count = r->snap_cap = 0;
    r->min_interval = min_interval ? min_interval : DEFAULT_MIN_INTERVAL;
    r->since_snap = 0;
    r->refused = NULL;
    r->refused_count = r->refused_cap = 0;
    lp_state_init(&r->live, r->alloc);
    lp_state_follow_loops(&r->live, loops);
    int rc = take_snapshot(r);
    if (rc != LP_OK)
        lp_replay_free(r);
    return rc;
}

void lp_replay_free(lp_replay *r)
{
    for (size_t i = 0; i < r->snap_count; i++)
        lp_state_free(&r->snaps[i].state);
    lp_free(&r->alloc, r->snaps);
    r->snaps = NULL;
    r->snap_count = r->snap_cap = 0;
    lp_free(&r->alloc, r->refused);
    r->refused = NULL;
    r->refused_count = r->refused_cap = 0;
    lp_state_free(&r->live);
}

bool lp_replay_refused(const lp_replay *r, size_t index)
{
    size_t lo = 0, hi = r->refused_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->refused[mid] == index)
            return true;
        if (r->refused[mid] < index)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

int lp_replay_apply_next(const lp_replay *r, lp_state *s)
{
    if (s->applied >= lp_trace_count(r->trace))
        return LP_E_RANGE;
    if (lp_replay_refused(r, s->applied)) {
        s->applied++;
        return LP_OK;
    }
    return lp_state_apply(s, lp_trace_at(r->trace, s->applied));
}

/* The live state refused record `index` (and may hold half of it): notes the
** refusal and rebuilds the state from the last snapshot without it, then
** snapshots it (a run of refusals costs a copy each, not a replay each). */
static int refuse_record(lp_replay *r, size_t index)
{
    if (r->refused_count == LP_REPLAY_MAX_REFUSED)
        return LP_E_INVAL;
    int rc = lp_grow(&r->alloc, (void **)&r->refused, &r->refused_cap, r->refused_count + 1,
                     sizeof *r->refused);
    if (rc != LP_OK)
        return rc;
    r->refused[r->refused_count++] = index;
    const lp_replay_snapshot *snap = &r->snaps[r->snap_count - 1];
    lp_state rebuilt;
    rc = lp_state_copy(&rebuilt, &snap->state);
    while (rc == LP_OK && rebuilt.applied <= index)
        rc = lp_replay_apply_next(r, &rebuilt);
    if (rc != LP_OK) {
        lp_state_free(&rebuilt);
        return rc == LP_E_INVAL ? LP_E_INVAL : rc; /* an earlier record: cannot be */
    }
    lp_state_free(&r->live);
    r->live = rebuilt;
    return take_snapshot(r);
}

int lp_replay_step(lp_replay *r)
{
    if (r->live.applied >= lp_trace_count(r->trace))
        return LP_E_RANGE;
    size_t index = r->live.applied;
    int rc = lp_state_apply(&r->live, lp_trace_at(r->trace, index));
    if (rc == LP_E_INVAL)
        return refuse_record(r, index);
    if (rc != LP_OK)
        return rc;
    r->since_snap++;
    size_t size = lp_state_size(&r->live);
    size_t due = size > r->min_interval ? size : r->min_interval;
    return r->since_snap >= due ? take_snapshot(r) : LP_OK;
}

int lp_replay_update(lp_replay *r)
{
    size_t total = lp_trace_count(r->trace);
    while (r->live.applied < total) {
        int rc = lp_replay_step(r);
        if (rc != LP_OK)
            return rc;
    }
    return LP_OK;
}

int lp_replay_state_at(const lp_replay *r, size_t index, lp_state *out)
{
    if (index > r->live.applied)
        return LP_E_RANGE;
    /* The last snapshot at or before index (snaps are in index order). */
    size_t lo = 0, hi = r->snap_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->snaps[mid].index <= index)
            lo = mid;
        else
            hi = mid;
    }
    int rc = lp_state_copy(out, &r->snaps[lo].state);
    while (rc == LP_OK && out->applied < index)
        rc = lp_replay_apply_next(r, out);
    if (rc != LP_OK)
        lp_state_free(out);
    return rc;
}
