"""lanes.py - thread pools whose workers are lockstep lanes.

The lockstep scheduler (threads.py) is plugged in with install(). The
reference runner (tests/reference) models executors on its own, from
DESIGN.md, and shares none of this.

The model (DESIGN.md, "Lanes"): an executor made with max_workers=N has N
lanes, held across all its calls; asyncio's default executor (loop.py) and
a ThreadPoolExecutor() made without max_workers have CPython's
min(32, cpu_count + 4) = 12 on the simulated 8-CPU machine. A job takes
the LOWEST free lane, or waits in a first-come-first-served backlog.

A lane is a thread (in lockstep, vthreads.py) named as CPython names pool threads
(`<prefix>_<index>`: asyncio_0, ThreadPoolExecutor-0_1, ...), started
the first time the lane gets a job; its code first runs when the loop
thread next waits (lockstep.py). A job runs through CPython's own
concurrent.futures.thread._WorkItem, so results, exceptions and their
tracebacks are CPython's; a job's result reaches an asyncio loop through
asyncio's future chaining, i.e. call_soon_threadsafe.

A lane that finishes a job takes the next backlog job at an event set for
that time (DESIGN.md: a waiting job's start is an event ordered by (time,
order set)), so two jobs ending at one instant both end before the job
that waited begins; with no job it parks (an idle, "quiet" wait) until a submit or a shutdown wakes
it with an event at that time. After shutdown, lanes finish the backlog
(unless cancel_futures) and then end; shutdown(wait=True) blocks until they
have ended. At program exit every pool is shut down and the program waits
for its lanes, as concurrent.futures does at interpreter exit.

Also here: concurrent.futures.Future gets a LockstepCondition, so that
future.result() blocks in lockstep (executor.submit(f).result(), or
run_coroutine_threadsafe(...).result() from a job).

A ProcessPoolExecutor is simulated on lanes too (LaneProcessPoolExecutor):
max_workers defaults to cpu_count() = 8, calls and results cross through
pickle, an exception keeps its remote traceback, and a lane's thread is
named MainThread. It takes the place of concurrent.futures.process's
ProcessPoolExecutor when that module is imported (onimport.py), which is
how every way of reaching it goes (concurrent.futures' own __getattr__
imports it): a program that uses no process pool does not import
multiprocessing and pickle.
"""

import collections
import threading
import concurrent.futures
import functools
import concurrent.futures.thread as _cf_thread
import os
import time
import weakref
from concurrent.futures import _base
from concurrent.futures.thread import BrokenThreadPool, _WorkItem

# concurrent.futures.process imports _multiprocessing, which the guard
# will not let the program import: imported now, while the engine boots, as
# it was when the whole module was imported here.
import _multiprocessing  # noqa: F401

_vthreads = _shim["vthreads"]
_cf_process = None                      # concurrent.futures.process, once imported
_pickle = None                          # pickle, imported by it
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
            self._dispatch(self._work_item(future, fn, args, kwargs))
            return future
    submit.__doc__ = _base.Executor.submit.__doc__

    def _work_item(self, future, fn, args, kwargs):
        return _WorkItem(future, fn, args, kwargs)

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
        work.queued_at = self.scheduler.clock.now
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
                    # the waiting job starts at an event now
                    self.scheduler.wait_until(self.scheduler.clock.now)
                    work = self._backlog.popleft() if self._backlog else None
                    taken = getattr(self.scheduler, "work_taken", None)
                    if work is not None and taken is not None:  # how long it queued
                        taken(self._max_workers, self.scheduler.clock.now - work.queued_at)
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


class _ProcessWorkItem(_WorkItem):
    """A process-pool job: what crosses to a real worker process (the
    call, its result) goes through pickle, and an exception comes back
    with its traceback as text, the way concurrent.futures.process does."""

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            fn, args, kwargs = _pickle.loads(_pickle.dumps((self.fn, self.args, self.kwargs)))
        except BaseException as exc:
            self.future.set_exception(exc)
            return
        try:
            result = fn(*args, **kwargs)
            result = _pickle.loads(_pickle.dumps(result))
        except BaseException as exc:
            # the text starts at the job's own frame, as in a worker process
            remote = _cf_process._ExceptionWithTraceback(exc, exc.__traceback__.tb_next)
            self.future.set_exception(_cf_process._rebuild_exc(remote.exc, remote.tb))
            del exc, remote
        else:
            self.future.set_result(result)
        finally:
            self = None


class LaneProcessPoolExecutor(LaneExecutor):
    """concurrent.futures.ProcessPoolExecutor, simulated on lanes: no
    process starts; a lane is a process with its own GIL (DESIGN.md), and
    its thread reads as MainThread, as a worker process's main thread."""

    _lane_kind = 2                      # lp_thread_kind: a process-pool lane

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), *, max_tasks_per_child=None):
        if max_workers is None:
            max_workers = os.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if max_tasks_per_child is not None:
            if not isinstance(max_tasks_per_child, int):
                raise TypeError("max_tasks_per_child must be an integer")
            if max_tasks_per_child <= 0:
                raise ValueError("max_tasks_per_child must be >= 1")
        super().__init__(max_workers, '', initializer, initargs)
        for lane in self._lanes:
            lane.name = 'MainThread'

    def _work_item(self, future, fn, args, kwargs):
        return _ProcessWorkItem(future, fn, args, kwargs)


def as_completed(fs, timeout=None):
    """concurrent.futures.as_completed, for virtual time.

    CPython's gives up once the clock is PAST its deadline; in virtual time
    a wait that times out returns exactly AT it, so it would wait(0) for
    ever. This one gives up at the deadline. Futures come out as they
    finish: those already finished first (in the order given), then in
    finishing order.
    """
    deadline = None if timeout is None else timeout + time.monotonic()
    futures = set(fs)
    total = len(futures)
    finished_states = (_base.CANCELLED_AND_NOTIFIED, _base.FINISHED)
    with _base._AcquireFutures(futures):
        done = list(dict.fromkeys(f for f in fs if f._state in finished_states))
        waiter = _base._create_and_install_waiters(futures, _base._AS_COMPLETED)
    pending = futures.difference(done)
    done.reverse()                      # the helper below yields from the end
    try:
        yield from _base._yield_finished_futures(done, waiter, ref_collect=(futures,))
        while pending:
            left = None
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 and not waiter.event.is_set():
                    raise TimeoutError('%d (of %d) futures unfinished'
                                       % (len(pending), total))
            waiter.event.wait(left)
            with waiter.lock:
                batch = waiter.finished_futures[::-1]
                waiter.finished_futures = []
                waiter.event.clear()
            yield from _base._yield_finished_futures(batch, waiter,
                                                     ref_collect=(futures, pending))
    finally:
        for future in futures:
            with future._condition:
                future._waiters.remove(waiter)


as_completed.__doc__ = _base.as_completed.__doc__
as_completed.__module__ = _base.as_completed.__module__


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
    concurrent.futures.as_completed = _base.as_completed = as_completed
    _base.Future.__init__ = _future_init
    _shim["onimport"].when_imported('concurrent.futures.process', _process_pools)


def _process_pools(process):
    """concurrent.futures.process has just run: its ProcessPoolExecutor
    becomes the lanes' one (and concurrent.futures' __getattr__ hands that
    out)."""
    global _cf_process, _pickle
    import pickle                       # already imported by the module
    real = process.ProcessPoolExecutor
    if real is not LaneProcessPoolExecutor:
        for name in ('__name__', '__qualname__', '__module__'):
            setattr(LaneProcessPoolExecutor, name, getattr(real, name))
    process.ProcessPoolExecutor = LaneProcessPoolExecutor
    _cf_process, _pickle = process, pickle


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
