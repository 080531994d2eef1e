"""lanes.py - thread pools whose workers are lockstep lanes.

Shared by looplab (embedded from src/py/shim) and the reference runner
(tests/reference/refloop), so both model executors identically; each runner
plugs in its own lockstep scheduler with install(); the lockstep thread and
condition classes here work on either.

The model (DESIGN.md, "Lanes"): an executor made with max_workers=N has N
lanes, held across all its calls; asyncio's default executor has 8 (see
loop.py); a ThreadPoolExecutor() made without max_workers has CPython's
min(32, cpu_count + 4) = 12 on the simulated 8-CPU machine. A job takes
the LOWEST free lane, or waits in a first-come-first-served backlog.

A lane is a thread (in lockstep, vthreads.py) named as CPython names pool threads
(`<prefix>_<index>`: asyncio_0, ThreadPoolExecutor-0_1, ...), started
the first time the lane gets a job; its code first runs when the loop
thread next waits (lockstep.py). A job runs through CPython's own
concurrent.futures.thread._WorkItem, so results, exceptions and their
tracebacks are CPython's; a job's result reaches an asyncio loop through
asyncio's future chaining, i.e. call_soon_threadsafe.

A lane that finishes a job takes the next backlog job at once, in the same
run (no new event), as a real worker thread would loop to its queue; with
no job it parks (an idle, "quiet" wait) until a submit or a shutdown wakes
it with an event at that time. After shutdown, lanes finish the backlog
(unless cancel_futures) and then end; shutdown(wait=True) blocks until they
have ended. At program exit every pool is shut down and the program waits
for its lanes, as concurrent.futures does at interpreter exit.

Also here: concurrent.futures.Future gets a LockstepCondition, so that
future.result() blocks in lockstep (executor.submit(f).result(), or
run_coroutine_threadsafe(...).result() from a job).

TODO (later issue): ProcessPoolExecutor on lanes (job thread reads as
MainThread, one GIL per lane); concurrent.futures.wait/as_completed.
"""

import collections
import sys
import threading
import concurrent.futures
import functools
import concurrent.futures.thread as _cf_thread
import weakref
from concurrent.futures import _base
from concurrent.futures.thread import BrokenThreadPool, _WorkItem

_vthreads = sys.modules["_looplab_vthreads"]
WaitList = _vthreads.WaitList


class LockstepCondition:
    """A stand-in for the threading.Condition in concurrent.futures.Future.

    Only the baton holder runs, so the lock part is empty; wait() blocks in
    lockstep and notify() wakes in the order threads began to wait. This
    makes Future.result() work from any lockstep thread, with no frame of
    the runner in its tracebacks.
    """

    def __init__(self, scheduler, what):
        self._scheduler = scheduler
        self._what = what
        self._waiters = WaitList()

    def __enter__(self):
        return True

    def __exit__(self, *exc_info):
        return None

    def acquire(self, blocking=True, timeout=-1):
        return True

    def release(self):
        pass

    def wait(self, timeout=None):
        sched = self._scheduler
        deadline = None
        if timeout is not None:
            deadline = sched.clock.now + max(timeout, 0.0)
        return sched.block(self._waiters, self._what, deadline)

    def notify(self, n=1):
        for _ in range(n):
            if not self._scheduler.wake_one(self._waiters):
                break

    def notify_all(self):
        self._scheduler.wake_all(self._waiters)


RealThreadPoolExecutor = _cf_thread.ThreadPoolExecutor

_live_pools = weakref.WeakSet()
_exiting = False                        # set at program exit


class _Lane:
    """One worker slot of a pool: a lazily started thread and its job."""

    def __init__(self, name):
        self.name = name
        self.thread = None              # its Thread, once started
        self.job = None                 # _WorkItem handed to it
        self.busy = False               # has a job, or is running one
        self.ended = False
        self.parking = WaitList()       # where it idles


class LaneExecutor(RealThreadPoolExecutor):
    """concurrent.futures.ThreadPoolExecutor on lockstep lanes."""

    scheduler = None                    # set by install()
    _lane_kind = 1                      # lp_thread_kind: a thread-pool lane

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        # CPython's constructor checks the arguments, sizes the pool and
        # picks the name prefix; its queue and thread set stay unused.
        super().__init__(max_workers, thread_name_prefix, initializer,
                         initargs)
        self._lanes = [_Lane('%s_%d' % (self._thread_name_prefix, i))
                       for i in range(self._max_workers)]
        self._backlog = collections.deque()
        self._lanes_ended = WaitList()
        _live_pools.add(self)

    def submit(self, fn, /, *args, **kwargs):
        with self._shutdown_lock, _cf_thread._global_shutdown_lock:
            if self._broken:
                raise BrokenThreadPool(self._broken)
            if self._shutdown:
                raise RuntimeError('cannot schedule new futures after shutdown')
            if _cf_thread._shutdown or _exiting:
                raise RuntimeError('cannot schedule new futures after '
                                   'interpreter shutdown')
            future = _base.Future()
            self._dispatch(_WorkItem(future, fn, args, kwargs))
            return future
    submit.__doc__ = _base.Executor.submit.__doc__

    def _dispatch(self, work):
        for lane in self._lanes:
            if not lane.busy and not lane.ended:
                lane.busy = True
                lane.job = work
                if lane.thread is None:
                    lane.thread = threading.Thread(
                        name=lane.name, target=self._lane_main, args=(lane,))
                    lane.thread._lp_kind = self._lane_kind
                    lane.thread.start()
                else:
                    self.scheduler.wake_all(lane.parking)
                return
        self._backlog.append(work)

    def _lane_main(self, lane):
        """The body of a lane's thread."""
        try:
            if self._initializer is not None and not self._run_initializer(lane):
                return
            while True:
                work = lane.job
                lane.job = None
                if work is None and self._backlog:
                    work = self._backlog.popleft()
                if work is not None:
                    work.run()
                    del work
                    continue
                lane.busy = False
                if self._shutdown or _exiting:
                    return
                self.scheduler.block(lane.parking, 'work', quiet=True)
        finally:
            lane.ended = True
            lane.busy = False
            self.scheduler.wake_all(self._lanes_ended)

    def _run_initializer(self, lane):
        try:
            self._initializer(*self._initargs)
            return True
        except BaseException:
            _base.LOGGER.critical('Exception in initializer:', exc_info=True)
            self._broken = ('A thread initializer failed, the thread pool '
                            'is not usable anymore')
            failed = [lane.job] + list(self._backlog)
            lane.job = None
            self._backlog.clear()
            for work in failed:
                if work is not None:
                    work.future.set_exception(BrokenThreadPool(self._broken))
            return False

    def shutdown(self, wait=True, *, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            if cancel_futures:
                while self._backlog:
                    self._backlog.popleft().future.cancel()
            self._wake_idle_lanes()
        if wait:
            while any(lane.thread is not None and not lane.ended
                      for lane in self._lanes):
                self.scheduler.block(self._lanes_ended,
                                     'ThreadPoolExecutor.shutdown()')
    shutdown.__doc__ = _base.Executor.shutdown.__doc__

    def _wake_idle_lanes(self):
        for lane in self._lanes:
            self.scheduler.wake_all(lane.parking)


_real_future_init = _base.Future.__init__


@functools.wraps(_real_future_init)
def _future_init(self):
    _real_future_init(self)
    self._condition = LockstepCondition(LaneExecutor.scheduler,
                                        'a concurrent.futures.Future')


def install(scheduler):
    """Make every thread pool a LaneExecutor and every concurrent Future
    block in lockstep, on the runner's scheduler."""
    LaneExecutor.scheduler = scheduler
    for name in ('__name__', '__qualname__', '__module__'):
        setattr(LaneExecutor, name, getattr(RealThreadPoolExecutor, name))
    concurrent.futures.ThreadPoolExecutor = LaneExecutor
    _cf_thread.ThreadPoolExecutor = LaneExecutor
    _base.Future.__init__ = _future_init


def shut_down_at_exit(scheduler):
    """Program exit: end every pool's lanes and wait for running jobs.

    Runs where concurrent.futures' own exit hook runs (threading's atexit
    list, before non-daemon threads are joined).
    """
    global _exiting
    _exiting = True
    for pool in list(_live_pools):
        pool._wake_idle_lanes()
    scheduler.wait_for_threads()
