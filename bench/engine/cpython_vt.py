"""cpython_vt.py - CPython's own asyncio loop in virtual time, to time against.

Runs a single-threaded asyncio program on asyncio's own event loop
(_UnixSelectorEventLoop, its _run_once, heapq timers, C Task and Future)
under looplab's clock model: loop.time() reads a virtual clock, and the
selector's select(timeout) moves that clock by the timeout instead of
waiting. Nothing from src/ is used: this is the yardstick bench/engine/
speed.py measures looplab's engine against (no threads, no trace).
Usage: cpython_vt.py FILE.py [ARGS...]
"""
import asyncio
import runpy
import selectors
import sys


class VirtualClock:
    now = 0.0


class VirtualSelector(selectors.DefaultSelector):
    """select(timeout) returns at once, the clock moved by the timeout."""

    def select(self, timeout=None):
        if timeout is None:
            raise RuntimeError("the program would wait forever (a deadlock)")
        if timeout > 0:
            VirtualClock.now += timeout
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(VirtualSelector())
        self._clock_resolution = 1e-9

    def time(self):
        return VirtualClock.now


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = VirtualLoop


def main(argv):
    asyncio.set_event_loop_policy(VirtualPolicy())
    sys.argv = argv[1:]
    runpy.run_path(argv[1], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv)
