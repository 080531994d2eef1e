"""stops.py - how a run ends early: deadlock, virtual-time limit, busy loop,
real-time budget. These messages are looplab's observable contract (the
formats its README and `looplab run` print); this is an implementation of
their rules of its own.

Each stop flushes stdout, writes one message to stderr and ends the process
at once (os._exit): status 1 for a deadlock, 124 for a limit.

Who a report names. "Library" code is the standard library (its directory,
and <frozen ...> names) and this runner. A task is named at the innermost
frame of its await chain outside the library (else the outermost) and
awaits the innermost public standard-library coroutine below it ("Event.
wait()"), else what its _fut_waiter is ("task 'NAME'", "gather()", "a
Future", "nothing"). A thread is named at its innermost frame outside the
library (else outside the runner) and waits for the outermost public
standard-library call inside it ("Queue.get()"), else the runner's words
("Lock.acquire()", "its event loop", ...). Listed: the waiting tasks of
running loops (not a loop's current task) in creation order, then the main
thread unless it polls its loop, then the other threads in start order,
except idle pool lanes.
"""

import _thread
import os
import sys
import sysconfig
import threading

from . import clock as _clock

DEADLOCK_STATUS = 1
LIMIT_STATUS = 124
REALTIME_BUDGET = 10.0
STEP_BUDGET = 1_000_000

_STDLIB = os.path.join(sysconfig.get_paths()['stdlib'], '')
_RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '')
_ENTRIES = ('Thread.run', '_WorkItem.run')
_JOIN = threading.Thread.join.__code__


def _runner(filename):
    return filename.startswith(_RUNNER)


def _library(filename):
    return filename.startswith(_STDLIB) or filename.startswith('<') or _runner(filename)


def _private(name):
    return name.startswith('_') and not name.startswith('__')


def _where(frame):
    return f'{frame.f_code.co_filename}:{frame.f_lineno} in {frame.f_code.co_name}'


def _user_frame(frame):
    """Innermost frame outside the library, else outside the runner."""
    outside_runner = None
    while frame is not None:
        name = frame.f_code.co_filename
        if not _library(name):
            return frame
        if outside_runner is None and not _runner(name):
            outside_runner = frame
        frame = frame.f_back
    return outside_runner


def _task_line(task):
    chain, obj = [], task.get_coro()
    while obj is not None:
        frame = (getattr(obj, 'cr_frame', None) or getattr(obj, 'gi_frame', None)
                 or getattr(obj, 'ag_frame', None))
        if frame is None:
            break
        chain.append((obj, frame))
        obj = next((getattr(obj, a) for a in ('cr_await', 'gi_yieldfrom', 'ag_await')
                    if hasattr(obj, a)), None)
    name = task.get_name()
    if not chain:
        return f"  task '{name}' awaits {_waiter(task)}"
    users = [i for i, (_, f) in enumerate(chain) if not _library(f.f_code.co_filename)]
    at = users[-1] if users else 0
    below = [o for o, f in chain[at + 1:] if not _private(f.f_code.co_name)]
    what = f'{below[-1].__qualname__}()' if below else _waiter(task)
    return f"  task '{name}' at {_where(chain[at][1])} awaits {what}"


def _waiter(task):
    import asyncio
    waiter = task._fut_waiter
    if waiter is None:
        return 'nothing'
    if isinstance(waiter, asyncio.Task):
        return f"task '{waiter.get_name()}'"
    if type(waiter).__name__ == '_GatheringFuture':
        return 'gather()'
    return f'a {type(waiter).__name__}'


def _thread_line(sim, frame):
    what = sim.waiting
    # Thread.join is the runner's wait "thread 'NAME' to finish", named
    # where it was called.
    f = frame
    while f is not None and _library(f.f_code.co_filename):
        if f.f_code is _JOIN:
            what = f"thread '{f.f_locals['self'].name}' to finish"
            frame = f.f_back
            break
        f = f.f_back
    call = None
    f = frame
    while f is not None:
        code = f.f_code
        if not _library(code.co_filename) or code.co_qualname in _ENTRIES:
            break
        if not _runner(code.co_filename) and not _private(code.co_name):
            call = code
        f = f.f_back
    if call is not None:
        what = call.co_qualname.lstrip('_') + '()'
    where = _user_frame(frame) if frame is not None else None
    at = f' at {_where(where)}' if where is not None else ''
    return f"  thread '{sim.name}'{at} waits for {what}"


def _at_exit(frame):
    """Is this the main thread waiting, at program exit, for the threads
    that have not ended (then they are the report)?"""
    while frame is not None:
        if frame.f_code is threading._shutdown.__code__:
            return True
        frame = frame.f_back
    return False


class Stops:
    def __init__(self, clock):
        self.clock = clock
        clock.on_limit = self.time_limit

    def deadlock(self, sched):
        import asyncio
        lines = [f'looplab: deadlock at t={self.clock.now:.3f}: no callback is ready, '
                 f'no timer is set and no thread can run']
        running = set(asyncio.tasks._current_tasks.values())
        tasks = [t for t in list(asyncio.tasks._all_tasks)
                 if not t.done() and t.get_loop().is_running() and t not in running]
        tasks.sort(key=lambda t: getattr(t, '_lp_order', 0))
        lines += [_task_line(t) for t in tasks]
        frames = sys._current_frames()
        main = sched.main
        here = sys._getframe(1)
        if (main.waiting is not None and main.waiting != 'its event loop'
                and not _at_exit(here)):
            lines.append(_thread_line(main, here))
        for sim in sched.threads:
            if sim.waiting is not None and not sim.done and not sim.idle_lane:
                lines.append(_thread_line(sim, frames.get(sim.ident)))
        if len(lines) == 1:
            lines.append('  nothing is waiting: the loop would sleep forever')
        self.abort(DEADLOCK_STATUS, lines)

    def time_limit(self, when):
        self.abort(LIMIT_STATUS, [
            f'looplab: stopped at t={self.clock.now:.3f}: the next wake-up, at '
            f't={when:.3f}, is past the virtual-time limit of {self.clock.until:g} s '
            f'(--until)'])

    def busy(self):
        self.abort(LIMIT_STATUS, [
            f'looplab: stopped at t={self.clock.now:.3f}: {STEP_BUDGET} loop '
            f'iterations and thread wake-ups in a row without virtual time moving '
            f'(a busy loop, such as "while True: await asyncio.sleep(0)")'])

    def realtime(self, sched):
        sim = sched.current
        subject = f"thread '{sim.name}'"
        if sim is sched.main:
            import asyncio
            for loop, task in list(asyncio.tasks._current_tasks.items()):
                if loop._thread_id == sim.ident:
                    subject = f"task '{task.get_name()}'"
        frame = sys._current_frames().get(sim.ident)
        where = _user_frame(frame) if frame is not None else None
        at = f', at {_where(where)}' if where is not None else ''
        self.abort(LIMIT_STATUS, [
            f'looplab: stopped at t={self.clock.now:.3f}: {subject} ran for '
            f'{REALTIME_BUDGET:g} s of real time without giving control back{at}'])

    def abort(self, status, lines):
        for stream in (sys.stdout, sys.__stdout__, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        text = ''.join(line + '\n' for line in lines)
        try:
            sys.__stderr__.write(text)
            sys.__stderr__.flush()
        except Exception:
            os.write(2, text.encode('utf-8', 'backslashreplace'))
        os._exit(status)


def start_watchdog(sched, stops, budget=REALTIME_BUDGET):
    """A plain OS thread, outside the model: stops the run when no step was
    made while the process computed for `budget` seconds of CPU time."""

    def watch():
        seen, since = sched.steps, _clock.real_process_time()
        while True:
            _clock.real_sleep(0.25)
            if sched.steps != seen:
                seen, since = sched.steps, _clock.real_process_time()
            elif _clock.real_process_time() - since >= budget:
                stops.realtime(sched)

    _thread.start_new_thread(watch, ())
