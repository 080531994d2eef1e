"""Simulated work for looplab scenarios: CPU time and network requests.

Plain Python that also runs under python3, where it really waits (CPU work
is a time.sleep there, so plain runs stay fast). Under looplab, and under
its reference runner, a module named `_lpsim` is importable and CPU work
goes through it, so the runner can show it as computation rather than as
a sleep (and, later, share the GIL between threads that compute).

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


def cpu(seconds):
    """Compute for `seconds`: pure-Python work that holds the GIL.

    Called from a coroutine it blocks the whole event loop, like any
    CPU-heavy code; run it with asyncio.to_thread or in a process pool to
    keep the loop responsive.
    """
    if _lpsim is not None:
        _lpsim.cpu(seconds)
    else:
        time.sleep(seconds)


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
