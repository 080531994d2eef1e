"""pools.py - thread and process pools as lanes of lockstep threads.

DESIGN.md: an executor made with max_workers=N has N lanes (the default
executor: min(32, cpu_count + 4) = 12), held across all its calls; a job
takes the lowest free lane, or waits first come first served; a waiting
job's start, when a lane frees, is an event ordered by (time, order set).
Lanes are threads named as CPython names them (asyncio_0,
ThreadPoolExecutor-0_1). A ProcessPoolExecutor runs on lanes too: no
process starts, each lane is a simulated process of its own (for the CPU
model), its thread reads as MainThread, and the job, its arguments, its
result and its exception travel through pickle as they would.
"""

import collections
import concurrent.futures
import concurrent.futures.process as _cf_process
import concurrent.futures.thread as _cf_thread
import functools
import itertools
import os
import pickle
import threading
import traceback

_sched = None
_live = []                              # executors with lanes, for exit
_global_shutdown = False
_process_ids = itertools.count(1)


class _Lane:
    def __init__(self, index):
        self.index = index
        self.thread = None
        self.job = None
        self.idle = []                  # the lane's thread, while idle


class LaneExecutor(concurrent.futures.Executor):
    """concurrent.futures.ThreadPoolExecutor on lanes."""

    _counter = itertools.count().__next__
    _work_item = _cf_thread._WorkItem
    _broken_class = _cf_thread.BrokenThreadPool

    def __init__(self, max_workers=None, thread_name_prefix='',
                 initializer=None, initargs=()):
        if max_workers is None:
            max_workers = min(32, (os.cpu_count() or 1) + 4)
        if max_workers <= 0:
            raise ValueError('max_workers must be greater than 0')
        self._setup(max_workers, initializer, initargs)
        self._thread_name_prefix = (thread_name_prefix or
                                    ('ThreadPoolExecutor-%d' % self._counter()))

    def _setup(self, max_workers, initializer, initargs):
        if initializer is not None and not callable(initializer):
            raise TypeError('initializer must be a callable')
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._lanes = [_Lane(i) for i in range(max_workers)]
        self._pending = collections.deque()
        self._shutdown = False
        self._broken = False

    def _lane_name(self, lane):
        return '%s_%d' % (self._thread_name_prefix, lane.index)

    def _lane_process(self):
        return 0                        # the program's own process

    def submit(self, fn, /, *args, **kwargs):
        if self._broken:
            raise self._broken_class(self._broken)
        if self._shutdown:
            raise RuntimeError('cannot schedule new futures after shutdown')
        if _global_shutdown:
            raise RuntimeError('cannot schedule new futures after '
                               'interpreter shutdown')
        future = concurrent.futures.Future()
        item = self._work_item(future, fn, args, kwargs)
        for lane in self._lanes:
            if lane.job is None:
                self._assign(lane, item)
                break
        else:
            self._pending.append(item)
        return future

    submit.__doc__ = concurrent.futures.Executor.submit.__doc__

    def _assign(self, lane, item):
        lane.job = item
        if lane.thread is None:
            if self not in _live:
                _live.append(self)
            lane.thread = threading.Thread(target=self._lane_main, args=(lane,),
                                           name=self._lane_name(lane))
            lane.thread._lp_process = self._lane_process()
            lane.thread.start()
        else:
            _sched.wake_all(lane.idle)

    def _lane_main(self, lane):
        sim = lane.thread._lp_sim
        if self._initializer is not None:
            try:
                self._initializer(*self._initargs)
            except BaseException:
                concurrent.futures._base.LOGGER.critical('Exception in initializer:',
                                                         exc_info=True)
                self._fail_all('A thread initializer failed, the thread pool '
                               'is not usable anymore')
                return
        while True:
            item = lane.job
            if item is not None:
                item.run()
                lane.job = item = None
            if self._pending:
                lane.job = self._pending.popleft()
                _sched.sleep_until(_sched.clock.now, 'its turn')
                continue
            if self._shutdown or _global_shutdown:
                return
            sim.idle_lane = True
            _sched.block(lane.idle, None, 'a job')
            sim.idle_lane = False

    def _fail_all(self, message):
        self._broken = message
        items = list(self._pending) + [l.job for l in self._lanes if l.job is not None]
        self._pending.clear()
        for item in items:
            if item.future.set_running_or_notify_cancel():
                item.future.set_exception(self._broken_class(message))

    def shutdown(self, wait=True, *, cancel_futures=False):
        self._shutdown = True
        if cancel_futures:
            while self._pending:
                self._pending.popleft().future.cancel()
        for lane in self._lanes:
            _sched.wake_all(lane.idle)
        if wait:
            for lane in self._lanes:
                if lane.thread is not None:
                    lane.thread.join()
            if self in _live:
                _live.remove(self)

    shutdown.__doc__ = concurrent.futures.Executor.shutdown.__doc__


class _WorkItem:
    """A process-pool job: everything crosses the process boundary by pickle."""

    def __init__(self, future, fn, args, kwargs):
        self.future = future
        self.call = (fn, args, kwargs)

    def run(self):
        if not self.future.set_running_or_notify_cancel():
            return
        try:
            fn, args, kwargs = pickle.loads(pickle.dumps(self.call))
        except BaseException as exc:
            text = ''.join(traceback.format_exception(type(exc), exc, exc.__traceback__))
            exc.__cause__ = _cf_process._RemoteTraceback(f'\n"""\n{text}"""')
            self.future.set_exception(exc)
            return
        try:
            result = pickle.loads(pickle.dumps(fn(*args, **kwargs)))
        except BaseException as exc:
            wrapped = _cf_process._ExceptionWithTraceback(exc, exc.__traceback__)
            self.future.set_exception(pickle.loads(pickle.dumps(wrapped)))
        else:
            self.future.set_result(result)


class ProcessLaneExecutor(LaneExecutor):
    """concurrent.futures.ProcessPoolExecutor on lanes."""

    _work_item = _WorkItem
    _broken_class = _cf_process.BrokenProcessPool

    def __init__(self, max_workers=None, mp_context=None, initializer=None,
                 initargs=(), *, max_tasks_per_child=None):
        if max_workers is None:
            max_workers = os.cpu_count() or 1
        elif max_workers <= 0:
            raise ValueError('max_workers must be greater than 0')
        self._setup(max_workers, initializer, initargs)

    def _lane_name(self, lane):
        return 'MainThread'

    def _lane_process(self):
        return next(_process_ids)

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        if chunksize < 1:
            raise ValueError('chunksize must be >= 1.')
        results = super().map(functools.partial(_cf_process._process_chunk, fn),
                              _cf_process._get_chunks(*iterables, chunksize=chunksize),
                              timeout=timeout)
        return _cf_process._chain_from_iterable_of_lists(results)


def _at_exit():
    """As concurrent.futures does at exit: queued jobs still run, then the
    lanes end and are joined."""
    global _global_shutdown
    _global_shutdown = True
    for executor in list(_live):
        executor.shutdown(wait=True)


def _as_completed_at_deadline():
    """concurrent.futures.as_completed gives up once the clock is past its
    deadline; in virtual time a wait that times out returns exactly at it,
    so CPython's own code would wait(0) for ever. Its source, compiled
    again with `< 0` made `<= 0`, gives up at the deadline instead."""
    import inspect
    lines, first = inspect.getsourcelines(concurrent.futures._base.as_completed)
    source = '\n' * (first - 1) + ''.join(lines)
    old = 'if wait_timeout < 0:'
    assert source.count(old) == 1, 'as_completed changed'
    code = compile(source.replace(old, 'if wait_timeout <= 0:'),
                   concurrent.futures._base.__file__, 'exec')
    namespace = {}
    exec(code, vars(concurrent.futures._base), namespace)
    concurrent.futures._base.as_completed = namespace['as_completed']
    concurrent.futures.as_completed = namespace['as_completed']


def install(sched):
    global _sched
    _sched = sched
    for cls, real in ((LaneExecutor, _cf_thread.ThreadPoolExecutor),
                      (ProcessLaneExecutor, _cf_process.ProcessPoolExecutor)):
        cls.__name__ = cls.__qualname__ = real.__name__
        cls.__module__ = real.__module__
    concurrent.futures.ThreadPoolExecutor = LaneExecutor
    _cf_thread.ThreadPoolExecutor = LaneExecutor
    concurrent.futures.ProcessPoolExecutor = ProcessLaneExecutor
    _cf_process.ProcessPoolExecutor = ProcessLaneExecutor
    threading._register_atexit(_at_exit)
    _as_completed_at_deadline()
