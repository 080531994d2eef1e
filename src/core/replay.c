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
    lp_state_free(&r->live);
}

int lp_replay_step(lp_replay *r)
{
    if (r->live.applied >= lp_trace_count(r->trace))
        return LP_E_RANGE;
    int rc = lp_state_apply(&r->live, lp_trace_at(r->trace, r->live.applied));
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
    for (size_t i = r->snaps[lo].index; rc == LP_OK && i < index; i++)
        rc = lp_state_apply(out, lp_trace_at(r->trace, i));
    if (rc != LP_OK)
        lp_state_free(out);
    return rc;
}
