"""CPython's asyncio event loop, waiting in virtual time.

VirtualLoop is asyncio's own SelectorEventLoop with as little changed as
possible. BaseEventLoop._run_once is untouched: it purges cancelled timers,
computes the poll timeout, calls self._selector.select(timeout), moves the
timers due before now + _clock_resolution to the ready queue and runs a
snapshot of the ready queue. The selector is a VirtualSelector, whose
select() is Scheduler.poll (lockstep.py): that is where the virtual clock
moves and where worker threads run. Changed on the loop:

  time()                 the virtual clock
  _clock_resolution      1e-9: timers due within 1e-9 s of now run together
  _write_to_self         no self-pipe byte: nothing real ever waits; a loop
                         polling on a worker thread is woken in lockstep
  run_in_executor        the default executor has 8 lanes (DESIGN.md; CPython
                         would make min(32, cpu_count + 4) = 12), named asyncio_N
  shutdown_default_executor  CPython's, with the helper thread in lockstep

The class is called _UnixSelectorEventLoop, like the loop it stands for,
so that repr(loop) reads as it does under python3.

Every way of getting a loop makes this one: the default policy's loop
factory, asyncio.SelectorEventLoop, and set_event_loop_policy(None)
(which falls back to asyncio.DefaultEventLoopPolicy, replaced here).

Tasks hash by creation order: asyncio.Task (and asyncio.tasks.Task, which
loop.create_task uses) is replaced by a subclass of the C Task whose
__hash__ is 1 + the number of tasks created before it in the process.
Sets of tasks (TaskGroup, asyncio.wait, all_tasks) then iterate the same
way every run. The subclass reads as _asyncio.Task, its repr is the C
Task's (<Task pending name='Task-1' coro=<...>>), and since it is the class
itself rather than a task factory, loop.get_task_factory() stays None and a
program's own factory that calls asyncio.Task still gets it.
"""

import asyncio
import asyncio.tasks
import asyncio.unix_events
import itertools
import selectors
import weakref

from .shared import load
from .lockstep import WaitList

DEFAULT_EXECUTOR_LANES = 8

RealSelectorEventLoop = asyncio.unix_events._UnixSelectorEventLoop
RealPolicy = asyncio.unix_events._UnixDefaultEventLoopPolicy
RealTask = asyncio.tasks.Task           # the C Task


class VirtualSelector(selectors._BaseSelectorImpl):
    """A selector that never reports I/O; select() is the scheduler's poll."""

    scheduler = None                    # set by install()

    def __init__(self, loop):
        super().__init__()
        self._loop_ref = weakref.ref(loop)

    def select(self, timeout=None):
        self.scheduler.poll(self._loop_ref(), timeout)
        return []


class VirtualLoop(RealSelectorEventLoop):
    """asyncio's selector loop, polling in virtual time (see module doc)."""

    scheduler = None                    # set by install()

    def __init__(self):
        self._lp_pollers = WaitList()   # a worker thread polling this loop
        super().__init__(VirtualSelector(self))
        self._clock_resolution = 1e-9

    def time(self):
        return self.scheduler.clock.now

    def _write_to_self(self):
        self.scheduler.wake_all(self._lp_pollers)

    def run_in_executor(self, executor, func, *args):
        if (executor is None and self._default_executor is None
                and not self._closed and not self._executor_shutdown_called):
            self._default_executor = load("lanes").LaneExecutor(
                max_workers=DEFAULT_EXECUTOR_LANES, thread_name_prefix='asyncio')
        return super().run_in_executor(executor, func, *args)


class VirtualLoopPolicy(RealPolicy):
    _loop_factory = VirtualLoop


_task_order = itertools.count(1)


class Task(RealTask):
    """asyncio's C Task, hashed by creation order (see module doc)."""

    __slots__ = ('_lp_order',)

    def __new__(cls, *args, **kwargs):
        # __new__, not __init__: a Python __init__ frame would show in the
        # task's creation traceback in debug mode.
        self = super().__new__(cls)
        self._lp_order = next(_task_order)
        return self

    def __hash__(self):
        return self._lp_order


def _pass_for(cls, real):
    cls.__name__ = real.__name__
    cls.__qualname__ = real.__qualname__
    cls.__module__ = real.__module__


def install(scheduler):
    VirtualSelector.scheduler = scheduler
    VirtualLoop.scheduler = scheduler
    _pass_for(VirtualLoop, RealSelectorEventLoop)
    _pass_for(VirtualLoopPolicy, RealPolicy)
    _pass_for(Task, RealTask)

    asyncio.tasks.Task = asyncio.Task = Task
    for module in (asyncio, asyncio.unix_events):
        module.SelectorEventLoop = VirtualLoop
        module.DefaultEventLoopPolicy = VirtualLoopPolicy
    asyncio.set_event_loop_policy(None)
