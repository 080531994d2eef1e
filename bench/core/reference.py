"""reference.py - the bench_core workload on CPython's own asyncio loop.

The same work as bench_core.c (N timers set with call_at and fired, N
callbacks run through call_soon in batches of 1000), on asyncio's
BaseEventLoop._run_once with a virtual clock, so bench/run.sh can print the
C scheduler's figures as ratios of CPython's, measured in the same run.
Prints "name value ns" lines with the same names as bench_core.
"""
import heapq
import os
import sys
import time


def _model_loop():
    """The core tests' model of asyncio's loop in virtual time."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "..", "tests", "core"))
    from asyncio_model import ModelLoop
    return ModelLoop


BenchLoop = _model_loop()


def deadline(i):
    return ((i * 2654435761) % (1 << 32) % 100000) * 0.001


def bench_heap(n):
    class Entry:
        __slots__ = ("when",)

        def __init__(self, when):
            self.when = when

        def __lt__(self, other):
            return self.when < other.when

    heap = []
    t0 = time.perf_counter()
    for i in range(n):
        heapq.heappush(heap, Entry(deadline(i)))
    while heap:
        heapq.heappop(heap)
    return (time.perf_counter() - t0) * 1e9 / n


def bench_heap_steady(n, live):
    class Entry:
        __slots__ = ("when",)

        def __init__(self, when):
            self.when = when

        def __lt__(self, other):
            return self.when < other.when

    heap = []
    for i in range(live):
        heapq.heappush(heap, Entry(0.001 * ((i * 2654435761) % (1 << 32) % 2000)))
    t0 = time.perf_counter()
    for i in range(n):
        e = heapq.heappop(heap)
        e.when += 0.001 * ((i * 2654435761) % (1 << 32) % 2000)
        heapq.heappush(heap, e)
    return (time.perf_counter() - t0) * 1e9 / n


def bench_timers(n):
    loop = BenchLoop()
    fired = [0]

    def cb():
        fired[0] += 1

    t0 = time.perf_counter()
    for i in range(n):
        loop.call_at(deadline(i), cb)
    while loop._scheduled or loop._ready:
        loop._run_once()
    elapsed = time.perf_counter() - t0
    assert fired[0] == n
    return elapsed * 1e9 / n


def bench_ready(n):
    loop = BenchLoop()
    ran = [0]

    def cb():
        ran[0] += 1

    t0 = time.perf_counter()
    for _ in range(0, n, 1000):
        for _ in range(1000):
            loop.call_soon(cb)
        loop._run_once()
    elapsed = time.perf_counter() - t0
    return elapsed * 1e9 / ran[0]


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200000
    print("timer_push_pop_ns %.1f ns" % bench_heap(n))
    print("timer_steady_10k_ns %.1f ns" % bench_heap_steady(n, 10000))
    print("timer_ns %.1f ns" % bench_timers(n))
    print("ready_ns %.1f ns" % bench_ready(n))


if __name__ == "__main__":
    main()
