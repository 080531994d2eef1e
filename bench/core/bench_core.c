/* bench_core.c - how fast the C scheduler is, with tracing on.
**
** Prints one "name value unit" line per figure, each phase timed apart:
**   timer_push_pop_ns   lp_heap push + pop alone (deadline-only heapq), with
**                       all N timers pending at once (the worst case)
**   timer_steady_10k_ns the same with 10,000 pending, each fired timer set
**                       again a varied delay later (10,000 sleeping tasks)
**   timer_ns            call_at + firing through lp_loop_run_once, traced
**   ready_ns            call_soon + running through lp_loop_run_once, traced
**   trace_bytes_per_event  bytes the trace holds per record (strings included)
** Usage: bench_core [N]   (N timers and N callbacks; default 1000000)
** bench/run.sh runs it beside the same work on CPython's asyncio loop.
*/
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/loop.h"
#include "core/status.h"

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void count_call(lp_loop *loop, void *ctx)
{
    (void)loop;
    (*(size_t *)ctx)++;
}

/* Deadlines spread over 100 s with many repeats, as sleeps of varied length. */
static double deadline(size_t i)
{
    return (double)((i * 2654435761u) % 100000u) * 0.001;
}

static double bench_heap(size_t n)
{
    lp_heap heap;
    lp_heap_init(&heap, lp_allocator_default());
    double t0 = seconds();
    for (size_t i = 0; i < n; i++) {
        lp_heap_entry e = {deadline(i), (uint32_t)i};
        if (lp_heap_push(&heap, e) != LP_OK)
            abort();
    }
    double sum = 0.0;
    while (heap.count)
        sum += lp_heap_pop(&heap).when;
    double t1 = seconds();
    lp_heap_free(&heap);
    if (sum < 0)
        puts("impossible");
    return (t1 - t0) * 1e9 / (double)n;
}

/* Steady state: `live` timers pending at any moment; each one that fires is
** replaced by a new one a varied delay later, as sleeping tasks do. */
static double bench_heap_steady(size_t n, size_t live)
{
    lp_heap heap;
    lp_heap_init(&heap, lp_allocator_default());
    for (size_t i = 0; i < live; i++) {
        /* spread like the delays below, so the run starts in steady state */
        lp_heap_entry e = {0.001 * (double)((i * 2654435761u) % 2000u), (uint32_t)i};
        if (lp_heap_push(&heap, e) != LP_OK)
            abort();
    }
    double t0 = seconds();
    for (size_t i = 0; i < n; i++) {
        lp_heap_entry e = lp_heap_pop(&heap);
        e.when += 0.001 * (double)((i * 2654435761u) % 2000u);
        if (lp_heap_push(&heap, e) != LP_OK)
            abort();
    }
    double t1 = seconds();
    lp_heap_free(&heap);
    return (t1 - t0) * 1e9 / (double)n;
}

static double bench_timers(size_t n, lp_trace *trace)
{
    lp_loop loop;
    lp_loop_desc desc = {.trace = trace};
    lp_loop_init(&loop, &desc);
    size_t fired = 0;
    double t0 = seconds();
    for (size_t i = 0; i < n; i++)
        if (lp_loop_call_at(&loop, deadline(i), count_call, &fired, NULL) != LP_OK)
            abort();
    while (lp_loop_run_once(&loop) == LP_OK)
        ;
    double t1 = seconds();
    lp_loop_close(&loop);
    if (fired != n)
        abort();
    return (t1 - t0) * 1e9 / (double)n;
}

static double bench_ready(size_t n, lp_trace *trace)
{
    lp_loop loop;
    lp_loop_desc desc = {.trace = trace};
    lp_loop_init(&loop, &desc);
    size_t ran = 0;
    double t0 = seconds();
    /* batches of 1000, as many tasks stepping each iteration */
    for (size_t done = 0; done < n; done += 1000) {
        for (size_t i = 0; i < 1000; i++)
            if (lp_loop_call_soon(&loop, count_call, &ran, NULL) != LP_OK)
                abort();
        if (lp_loop_run_once(&loop) != LP_OK)
            abort();
    }
    double t1 = seconds();
    lp_loop_close(&loop);
    if (ran < n)
        abort();
    return (t1 - t0) * 1e9 / (double)ran;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    if (n < 1000)
        n = 1000;
    lp_trace trace;
    if (lp_trace_init(&trace, lp_allocator_default()) != LP_OK)
        return 1;
    printf("timer_push_pop_ns %.1f ns\n", bench_heap(n));
    printf("timer_steady_10k_ns %.1f ns\n", bench_heap_steady(n, 10000));
    printf("timer_ns %.1f ns\n", bench_timers(n, &trace));
    printf("ready_ns %.1f ns\n", bench_ready(n, &trace));
    printf("trace_events %zu events\n", lp_trace_count(&trace));
    printf("trace_bytes_per_event %.1f bytes\n",
           (double)lp_trace_bytes(&trace) / (double)lp_trace_count(&trace));
    lp_trace_free(&trace);
    return 0;
}
