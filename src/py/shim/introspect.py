"""introspect.py - what each task does, recorded into the trace.

The window and --trace need more than the scheduler's own records: which
task a callback belongs to, where each task stopped and what it waits on,
who made and who cancelled it, when a timeout fired, and every line of
output with its time and task. This module records that, cheaply: nothing
runs per line of Python: after each task step the C loop records where the
task stopped (looptype.c, after_step; in debug mode through StepHandle), and
asks describe() only for an await chain it has not seen.
"""
import atexit
import dis
import os
import traceback
import sys
import weakref
from asyncio import events, futures, tasks, timeouts

import _looplab

_trace = _looplab.trace
_intern = _looplab.intern

EV_TASK_NEW = _looplab.EV_TASK_NEW
EV_TASK_PARENT = _looplab.EV_TASK_PARENT
EV_TASK_STEP = _looplab.EV_TASK_STEP
EV_TASK_CANCEL = _looplab.EV_TASK_CANCEL
EV_TASK_NAME = _looplab.EV_TASK_NAME
EV_TIMEOUT = _looplab.EV_TIMEOUT
EV_OUTPUT = _looplab.EV_OUTPUT
EV_BLOCK_AT = _looplab.EV_BLOCK_AT
EV_TASK_DROPPED = _looplab.EV_TASK_DROPPED
EV_TASK_UNRETRIEVED = _looplab.EV_TASK_UNRETRIEVED

# lp_wait_kind (src/core/trace.h)
WAIT_FUTURE, WAIT_SLEEP, WAIT_TASK, WAIT_GATHER, WAIT_QUEUE = range(5)
WAIT_LOCK, WAIT_SEMAPHORE, WAIT_EVENT, WAIT_CONDITION, WAIT_EXECUTOR = range(5, 10)

# lp_timeout_kind (src/core/trace.h): whose timeout fired
TIMEOUT_WAIT_FOR, TIMEOUT_WAIT, TIMEOUT_BLOCK = 1, 2, 3

# Await-chain frames that say what a task waits on, by code name.
_WAIT_BY_CODE = {
    "sleep": WAIT_SLEEP,
    "get": WAIT_QUEUE, "put": WAIT_QUEUE, "join": WAIT_QUEUE,
    "acquire": WAIT_LOCK,
    "wait": WAIT_EVENT,
    "to_thread": WAIT_EXECUTOR,
}
_WAIT_BY_QUALNAME = {
    "Semaphore.acquire": WAIT_SEMAPHORE,
    "BoundedSemaphore.acquire": WAIT_SEMAPHORE,
    "Condition.wait": WAIT_CONDITION,
    "Condition.wait_for": WAIT_CONDITION,
    "Event.wait": WAIT_EVENT,
    "Lock.acquire": WAIT_LOCK,
}

# Futures returned by run_in_executor: id -> weak reference (loop.py adds
# them). A dict lookup by id is cheap on every step; the weak reference
# tells a recycled id from the real future.
_executor_futures = executor_futures_by_id = {}


def executor_future(future):
    key = id(future)
    _executor_futures[key] = weakref.ref(future, lambda _, key=key: _executor_futures.pop(key, None))


def is_executor_future(waiter):
    ref = _executor_futures.get(id(waiter))
    return ref is not None and ref() is waiter


def current_task_number():
    loop = events._get_running_loop()
    task = tasks._current_tasks.get(loop) if loop is not None else None
    return getattr(task, "_lp_order", 0)


def _loop_of(task):
    """The number of the loop a task belongs to (its records' flags)."""
    return getattr(task._loop, "_lp_number", 0)


def _location(code, line):
    return (_intern(code.co_filename) << 32) | (line & 0xFFFFFFFF)


def task_created(task):
    coro = task.get_coro()
    coro_name = getattr(coro, "__qualname__", type(coro).__name__) + "()"
    loop = _loop_of(task)
    _trace(EV_TASK_NEW, task._lp_order, 0,
           _intern(task.get_name()) | (_intern(coro_name) << 32), loop)
    _trace(EV_TASK_PARENT, task._lp_order, 0, current_task_number(), loop)
    dropped_at = _dropped_at()
    if dropped_at is not None:
        _trace(EV_TASK_DROPPED, task._lp_order, 0, dropped_at, loop)


_ASYNCIO_DIR = os.path.dirname(events.__file__) + os.sep
# asyncio's calls that make a task and hand it to their caller; a
# TaskGroup's create_task keeps the task itself, asyncio.run awaits it
_HANDS_OVER = frozenset(("create_task", "ensure_future", "gather", "BaseEventLoop.create_task"))
_CACHE = dis.opmap["CACHE"]
_POP_TOP = dis.opmap["POP_TOP"]


def _dropped_at():
    """Where the program threw away the task being made: the program frame
    that called create_task (or ensure_future, gather) goes straight on to
    POP_TOP, discarding the result. The loop keeps only a weak reference to
    a task, so such a task can be garbage-collected before it ends."""
    frame = sys._getframe(2)
    outermost = None
    while frame is not None and (frame.f_code.co_filename.startswith(_ASYNCIO_DIR)
                                 or frame.f_code.co_filename.startswith("<looplab>")):
        if frame.f_code.co_filename.startswith(_ASYNCIO_DIR):
            outermost = frame.f_code.co_qualname
        frame = frame.f_back
    if frame is None or outermost not in _HANDS_OVER:
        return None
    # the instruction after the call (f_lasti may point into its inline
    # caches): the result is discarded when it is POP_TOP
    code, after = frame.f_code.co_code, frame.f_lasti + 2
    while after < len(code) and code[after] == _CACHE:
        after += 2
    if after >= len(code) or code[after] != _POP_TOP:
        return None
    return _location(frame.f_code, frame.f_lineno)


def task_cancelled(task, accepted):
    if accepted:
        _trace(EV_TASK_CANCEL, task._lp_order, 0, current_task_number(), _loop_of(task))


def task_renamed(task):
    _trace(EV_TASK_NAME, task._lp_order, 0, _intern(task.get_name()), _loop_of(task))


def await_chain(task):
    """The coroutines a task is suspended in, outermost first, with the line
    each one stopped at: [(qualname, code, line), ...]."""
    chain = []
    coro = task.get_coro()
    while coro is not None:
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        chain.append((getattr(coro, "__qualname__", "?"), frame.f_code, frame.f_lineno))
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return chain


def _wait_kind(task, chain):
    waiter = task._fut_waiter
    if isinstance(waiter, tasks.Task):
        return WAIT_TASK, "task " + waiter.get_name()
    if isinstance(waiter, tasks._GatheringFuture):
        return WAIT_GATHER, "gather"
    if is_executor_future(waiter):
        return WAIT_EXECUTOR, "executor job"
    for qualname, code, line in reversed(chain):
        kind = _WAIT_BY_QUALNAME.get(qualname)
        if kind is None and code.co_filename.startswith(_ASYNCIO_DIR):
            kind = _WAIT_BY_CODE.get(code.co_name)
        if kind is not None:
            return kind, qualname
    return WAIT_FUTURE, "future"


_ASYNCIO_DIR = tasks.__file__.rsplit("/", 1)[0] + "/"


def describe(task, waiter):
    """(suspend location or None, wait kind, wait text sid) of a task that
    stopped awaiting `waiter`; the C loop (looptype.c, after_step) asks once
    per distinct await chain and remembers the answer."""
    chain = await_chain(task)
    location = _location(chain[0][1], chain[0][2]) if chain else None
    kind, what = _wait_kind(task, chain)
    if kind == WAIT_TASK:
        what = "task"  # the name would make the key ambiguous; the window links tasks
    text = " > ".join(q for q, _, _ in chain) + " : " + what
    return location, kind, _intern(text)


class StepHandle(events.Handle):
    """The handle of a task's step outside the C handles (debug mode): the
    C loop records the step and its outcome around it (looptype.c)."""

    __slots__ = ("_lp_id", "_lp_task")

    def cancel(self):
        if not self._cancelled:
            self._loop._cloop.cancel(self._lp_id)
        super().cancel()


def output_line(stream, text):
    _trace(EV_OUTPUT, current_task_number(), stream, _intern(text))


def _caller_frame():
    """The program's frame that made a blocking call: the first one outside
    looplab's own code and the scenarios' sim helpers."""
    frame = sys._getframe(2)
    while frame.f_back is not None and (frame.f_code.co_filename.startswith("<looplab>")
                                        or frame.f_globals.get("__name__") == "sim"):
        frame = frame.f_back
    return frame


def blocking_call(is_cpu):
    frame = _caller_frame()
    _trace(EV_BLOCK_AT, current_task_number(), 1 if is_cpu else 0,
           _location(frame.f_code, frame.f_lineno))


def _patch_timeouts():
    """Record a timeout when it fires: asyncio.timeout's and wait_for's."""
    on_timeout = timeouts.Timeout._on_timeout

    def _on_timeout(self):
        _trace(EV_TIMEOUT, getattr(self._task, "_lp_order", 0), TIMEOUT_BLOCK, 0,
               getattr(getattr(self._task, "_loop", None), "_lp_number", 0))
        on_timeout(self)

    _on_timeout.__qualname__ = on_timeout.__qualname__  # the window names the timer by it
    _on_timeout.__name__ = on_timeout.__name__
    timeouts.Timeout._on_timeout = _on_timeout

    release_waiter = tasks._release_waiter

    def _release_waiter(fut, *args):
        if not fut.done() and not args:
            # called by wait_for's or wait's timer, not by the awaited future
            for task in tasks.all_tasks(fut.get_loop()):
                if task._fut_waiter is fut:
                    chain = await_chain(task)
                    inner = chain[-1][1].co_name if chain else ""
                    kind = TIMEOUT_WAIT_FOR if inner == "wait_for" else TIMEOUT_WAIT if inner == "_wait" else 0
                    _trace(EV_TIMEOUT, getattr(task, "_lp_order", 0), kind, 0, _loop_of(task))
        release_waiter(fut, *args)

    _release_waiter.__qualname__ = release_waiter.__qualname__
    _release_waiter.__name__ = release_waiter.__name__
    tasks._release_waiter = _release_waiter


def _unretrieved_at_exit():
    """Tasks that ended with an exception nobody retrieved and are still
    alive at exit: CPython reports each ("Task exception was never
    retrieved") once it is collected, after the program's last line, when
    nothing is traced any more. Recorded now: where it was raised, and what."""
    for task in list(tasks._all_tasks):
        if not (task.done() and getattr(task, "_log_traceback", False)):
            continue
        exc = task._exception
        frame = None
        for frame, line in traceback.walk_tb(exc.__traceback__):
            where = frame.f_code, line
        order = getattr(task, "_lp_order", 0)
        if frame is not None:
            _trace(EV_TASK_UNRETRIEVED, order, 0, _location(*where))
        try:
            text = repr(exc)
        except Exception:
            text = type(exc).__name__
        _trace(EV_TASK_UNRETRIEVED, order, 1, _intern(text[:200]))


def install(options):
    atexit.register(_unretrieved_at_exit)  # after the program's own exit handlers
    _patch_timeouts()
