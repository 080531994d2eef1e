"""vclock.py - every clock a program can read is the virtual clock.

The patches themselves are vmodel.py's. This module hands them looplab's clock (the C engine's, read through
_looplab.now) and looplab's blocking sleep (threads.py: a thread-pool job
waits in lockstep; the loop thread blocks, letting only other threads run).
"""

import _looplab

_now = _looplab.now


class EngineClock:
    """vmodel's view of the clock: `.now` and `.now_ns()`."""

    __slots__ = ()

    @property
    def now(self):
        return _now()

    def now_ns(self):
        return round(_now() * 1e9)


def install(options):
    vmodel = _shim["vmodel"]
    threads = _shim["threads"]
    clock = EngineClock()
    vmodel.install_time(clock, threads.sleep)
    vmodel.install_datetime(clock)
    vmodel.install_entropy(options["seed"])
