"""threads.py - thread-pool work in lockstep with the loop, in virtual time.

A job submitted to an executor (loop.run_in_executor, asyncio.to_thread)
runs in a real OS thread, so thread names, thread-locals and tracebacks are
real, but never at the same time as any other Python code: the C lanes
(src/core/lanes.c) decide when it runs. A job's code first runs when the
loop thread next waits (the loop's poll, or a blocking call on the loop
thread), and runs until it waits (time.sleep, CPU work) or ends. Its result
reaches the loop through call_soon_threadsafe, as in CPython.

The handover is a pair of locks per job: the loop thread releases `turn`
and waits on `back`; the job's thread runs, and to wait it tells the lanes
when it wants to run again, releases `back` and waits on `turn`.

An executor is a pool of lanes: asyncio's default executor has 8, one made
with max_workers=N has N. A job takes the lowest free lane or waits, first
come first served. Its thread is named as CPython would name the lane's
thread: asyncio_0, ThreadPoolExecutor-0_1, ...
"""
import _thread
import concurrent.futures
import concurrent.futures.thread as _cf_thread
import itertools
import os
import sys
import threading
import types
from concurrent.futures import _base

import _looplab

_now = _looplab.now

# job id -> the _Job running it; the worker side looks itself up here.
_jobs = {}

# The real Thread class, before any later patching of threading.
_RealThread = threading.Thread


class _Job:
    """One submitted call, run by its own OS thread in lockstep."""

    __slots__ = ("executor", "work", "job", "thread", "turn", "back")

    def __init__(self, executor, work):
        self.executor = executor
        self.work = work
        self.job = 0
        self.thread = None
        self.turn = _thread.allocate_lock()
        self.turn.acquire()
        self.back = _thread.allocate_lock()
        self.back.acquire()

    def _lp_resume(self):
        """Called by the lanes on the loop thread at each of the job's wake-ups:
        runs the job's thread until it waits or ends."""
        if self.thread is None:
            lane = _looplab.job_lane(self.job)
            name = "%s_%d" % (self.executor._thread_name_prefix, lane)
            self.thread = _RealThread(target=self._main, name=name, daemon=True)
            self.thread.start()
        else:
            self.turn.release()
        self.back.acquire()

    def _main(self):
        try:
            self.work.run()
        finally:
            del _jobs[self.job]
            self.executor._job_done(self)
            _looplab.job_finish(self.job)
            self.back.release()

    def wait_until(self, until):
        """On the job's own thread: wait until the virtual time `until`."""
        _looplab.job_sleep(self.job, until)
        self.back.release()
        self.turn.acquire()


def current_job():
    """The _Job whose code runs now, or None on the loop thread."""
    job = _looplab.current_job()
    return _jobs.get(job) if job else None


def sleep(seconds):
    """time.sleep (seconds already checked by vmodel): a job waits in virtual
    time; the loop thread blocks, and only other threads' wake-ups run."""
    job = current_job()
    if job is not None:
        job.wait_until(_now() + seconds)
    else:
        sys.modules["_looplab_introspect"].blocking_call(False)
        _block_main(_now() + seconds)


def _block_main(until):
    """The loop thread blocks until `until`; past --until, it runs what is
    due by the limit and the run stops."""
    stops = sys.modules["_looplab_stops"]
    if until > stops._until:
        next_wakeup = _looplab.run_due(stops._until)
        stops.time_limit(until if next_wakeup is None else min(next_wakeup, until))
    _looplab.block(until)


def cpu(seconds):
    """sim.cpu: `seconds` of pure-Python computation. It blocks like time.sleep
    (the GIL-sharing model of DESIGN.md comes with the CPU-work issue) and is
    recorded as computing."""
    seconds = sys.modules["_looplab_vmodel"].sleep_seconds(seconds)
    job = current_job()
    if job is not None:
        job.wait_until(_now() + seconds)
    else:
        sys.modules["_looplab_introspect"].blocking_call(True)
        _block_main(_now() + seconds)


class ThreadPoolExecutor(_base.Executor):
    """concurrent.futures.ThreadPoolExecutor on looplab's lanes."""

    _counter = itertools.count().__next__

    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        if initializer is not None and not callable(initializer):
            raise TypeError("initializer must be a callable")
        self._max_workers = max_workers
        self._thread_name_prefix = thread_name_prefix or (
            "ThreadPoolExecutor-%d" % self._counter())
        self._initializer = initializer
        self._initargs = initargs
        self._pool = None
        self._pending = 0
        self._idle_waiters = []
        self._shutdown = False
        self._broken = False

    def submit(self, fn, /, *args, **kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        if _cf_thread._shutdown:
            raise RuntimeError("cannot schedule new futures after interpreter shutdown")
        if self._pool is None:
            self._pool = _looplab.pool_new(self._max_workers)
        future = _base.Future()
        job = _Job(self, _cf_thread._WorkItem(future, fn, args, kwargs))
        job.job = _looplab.submit(self._pool, job)
        _jobs[job.job] = job
        self._pending += 1
        return future

    submit.__doc__ = _base.Executor.submit.__doc__

    def _job_done(self, job):
        self._pending -= 1
        if self._pending == 0:
            waiters, self._idle_waiters = self._idle_waiters, []
            for notify in waiters:
                notify()

    def _when_idle(self, notify):
        """Calls notify() (on the thread that ends the last job) once no job
        of this executor is pending; at once if none is."""
        if self._pending == 0:
            notify()
        else:
            self._idle_waiters.append(notify)

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True
        if wait and current_job() is None:
            # The loop thread waits: other threads' wake-ups run meanwhile.
            while self._pending:
                if not _looplab.run_next_wakeup():
                    sys.modules["_looplab_stops"].deadlock("ThreadPoolExecutor.shutdown()")

    shutdown.__doc__ = _base.Executor.shutdown.__doc__


ThreadPoolExecutor.__module__ = "concurrent.futures.thread"


def _install_lpsim():
    """`_lpsim` is what scenarios/sim.py delegates to when a runner provides it."""
    module = types.ModuleType("_lpsim")
    module.__doc__ = "looplab's simulation hooks for scenarios/sim.py"
    module.cpu = cpu
    sys.modules["_lpsim"] = module


def install(options):
    _install_lpsim()
    concurrent.futures.ThreadPoolExecutor = ThreadPoolExecutor
    _cf_thread.ThreadPoolExecutor = ThreadPoolExecutor
