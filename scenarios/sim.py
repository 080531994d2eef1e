"""Simulated work for looplab scenarios: CPU time and network requests.

Plain Python that also runs under python3. There, cpu(seconds) really
computes: a fixed amount of pure-Python work, sized so that it takes
`seconds` of one CPU on this machine (measured when the module loads, in
CPU time), and it holds the GIL the whole time like any pure-Python code.
So two threads that each compute for a second take two seconds between
them, and two processes can take one. Under looplab, and under its
reference runner, a module named `_lpsim` is importable and cpu() goes
through it: the runner then shows the work as computation on its virtual
clock, with the threads of one process sharing the GIL.

    cpu(seconds)                         CPU-bound work; blocks its thread
    await fetch(url, latency=1.0)        an async HTTP-style GET
    fetch_blocking(url, latency=1.0)     the same with a blocking client
"""

import asyncio
import time

try:
    import _lpsim
except ImportError:
    _lpsim = None

__all__ = ['Response', 'cpu', 'fetch', 'fetch_blocking']


class Response:
    """A tiny stand-in for an HTTP response."""

    def __init__(self, url, status=200):
        self.url = url
        self.status = status
        self.text = f'hello from {url}'

    def __repr__(self):
        return f'<Response [{self.status}] {self.url}>'


def _work(rounds):
    """Pure-Python arithmetic: `rounds` turns of a loop that never waits."""
    x = 0
    for i in range(rounds):
        x = (x * 31 + i) % 1000003
    return x


_rate = None  # rounds of _work per CPU second on this machine


def _measure():
    """Rounds per second of this thread's CPU time (not of the wall clock,
    so a busy machine does not shrink the work)."""
    rounds = 10000
    while True:
        start = time.thread_time()
        _work(rounds)
        spent = time.thread_time() - start
        if spent >= 0.2:
            return rounds / spent
        rounds *= 2


def _rounds_per_second():
    # measured at every run, not cached: a rate measured while the machine
    # was busy (or idle) would give work of another length once it is not
    global _rate
    if _rate is None:
        _rate = _measure()
    return _rate


if _lpsim is None:
    _rounds_per_second()  # now, so that no cpu() call pays for the measuring


def cpu(seconds):
    """Compute for `seconds` of one CPU: pure-Python work that holds the GIL.

    Called from a coroutine it blocks the whole event loop, like any
    CPU-heavy code. asyncio.to_thread keeps the loop responsive, but
    threads of one process take turns holding the GIL, so two of them take
    twice as long; a process pool runs each in its own interpreter.
    """
    if _lpsim is not None:
        _lpsim.cpu(seconds)
    else:
        _work(round(seconds * _rounds_per_second()))


async def fetch(url, latency=1.0):
    """GET `url` with an async client: waits `latency` seconds, without
    blocking the loop, then returns a Response."""
    await asyncio.sleep(latency)
    return Response(url)


def fetch_blocking(url, latency=1.0):
    """GET `url` with a blocking client: the calling thread (the whole loop,
    if called from a coroutine) is stuck for `latency` seconds."""
    time.sleep(latency)
    return Response(url)
