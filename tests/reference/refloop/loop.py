"""loop.py - CPython's own asyncio loop, polling in virtual time.

The loop is asyncio's _UnixSelectorEventLoop, unchanged but for three
seams: time() reads the virtual clock (and the clock resolution is 1e-9 s,
DESIGN.md); the selector's select() is a wait in virtual time of the
loop's thread (any thread: loops in several threads run side by side);
_write_to_self (call_soon_threadsafe) also wakes that wait. The self-pipe
stays real, so signals reach add_signal_handler's handlers as in CPython:
select() first looks, without waiting, at the real file descriptors, and a
signal the program sends itself (os.kill, signal.raise_signal,
pthread_kill) wakes every loop's wait, as the wake-up fd wakes CPython's.

Every way of getting a loop makes this one (the policy's factory,
asyncio.SelectorEventLoop, a policy reset to None). Tasks hash by creation
order: asyncio.Task is a subclass of the C Task whose hash is 1 + the
number of tasks created before it; it reads as Task.
"""

import asyncio
import asyncio.base_events
import os
import signal
import asyncio.tasks
import asyncio.unix_events
import itertools
import selectors
import weakref

_sched = None
RealLoop = asyncio.unix_events._UnixSelectorEventLoop
RealTask = asyncio.tasks.Task
MAXIMUM_SELECT_TIMEOUT = asyncio.base_events.MAXIMUM_SELECT_TIMEOUT


class VirtualSelector(selectors.SelectSelector):
    def __init__(self, loop):
        super().__init__()
        self._loop_ref = weakref.ref(loop)

    def select(self, timeout=None):
        if timeout is None or timeout > 0:
            ready = super().select(0)   # a signal came: no wait
            if ready:
                return ready
        loop = self._loop_ref()
        sched = _sched
        sched.count_step()
        now = sched.clock.now
        if timeout is None:
            deadline = None
        elif timeout <= 0:
            deadline = now
        else:
            deadline = now + timeout
            # The clock lands exactly on the earliest timer, never past it.
            scheduled = loop._scheduled
            if (timeout < MAXIMUM_SELECT_TIMEOUT and scheduled
                    and abs(scheduled[0]._when - deadline) < 1e-6):
                deadline = max(now, scheduled[0]._when)
        sched.block(loop._lp_pollers, deadline, 'its event loop',
                    at_most_one=(deadline == now))
        return super().select(0)


_loops = weakref.WeakSet()


def _wake_loops():
    """A signal came: every loop waiting in its poll looks at its fds."""
    for loop in list(_loops):
        _sched.wake_all(loop._lp_pollers)


def _waking(send):
    def sent(*args, **kwargs):
        result = send(*args, **kwargs)
        _wake_loops()
        return result
    sent.__name__, sent.__qualname__, sent.__doc__ = send.__name__, send.__qualname__, send.__doc__
    return sent


class VirtualLoop(RealLoop):
    def __init__(self, selector=None):
        self._lp_pollers = []
        super().__init__(VirtualSelector(self))
        self._clock_resolution = 1e-9
        _loops.add(self)

    def time(self):
        return _sched.clock.now

    def _write_to_self(self):
        super()._write_to_self()
        _sched.wake_all(self._lp_pollers)


_task_order = itertools.count(1)


class Task(RealTask):
    __slots__ = ('_lp_order',)

    def __new__(cls, *args, **kwargs):
        self = super().__new__(cls)
        self._lp_order = next(_task_order)
        return self

    def __hash__(self):
        return self._lp_order


def install(sched):
    global _sched
    _sched = sched
    for cls, real in ((VirtualLoop, RealLoop), (Task, RealTask)):
        cls.__name__ = real.__name__
        cls.__qualname__ = real.__qualname__
        cls.__module__ = real.__module__
    asyncio.tasks.Task = asyncio.Task = Task
    asyncio.SelectorEventLoop = asyncio.unix_events.SelectorEventLoop = VirtualLoop
    asyncio.unix_events._UnixDefaultEventLoopPolicy._loop_factory = VirtualLoop
    asyncio.set_event_loop_policy(None)
    os.kill = _waking(os.kill)
    signal.raise_signal = _waking(signal.raise_signal)
    signal.pthread_kill = _waking(signal.pthread_kill)
