"""Simulated work for looplab scenarios: CPU time and network requests.

Plain Python that also runs under python3. There, cpu(seconds) really
computes: pure-Python work until its thread has used `seconds` of CPU
time, and it holds the GIL the whole time like any pure-Python code.
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


def cpu(seconds):
    """Compute for `seconds` of one CPU: pure-Python work that holds the GIL.

    Called from a coroutine it blocks the whole event loop, like any
    CPU-heavy code. asyncio.to_thread keeps the loop responsive, but
    threads of one process take turns holding the GIL, so two of them take
    twice as long; a process pool runs each in its own interpreter.
    """
    if _lpsim is not None:
        _lpsim.cpu(seconds)
        return
    # Pure-Python work until this thread has used `seconds` of CPU. Its CPU
    # time only grows while it holds the GIL and a core, so threads of one
    # process share the GIL honestly (two take twice as long); a wall-clock
    # deadline would not. Counting rounds sized by a measured rate did not
    # hold on a shared machine whose speed changes from one second to the next.
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        _work(2000)


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
