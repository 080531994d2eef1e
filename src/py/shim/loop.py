"""loop.py - the asyncio event loop that runs on looplab's C scheduler.

LooplabEventLoop is asyncio's own BaseEventLoop with its scheduling core
replaced by _looplab.Loop (src/py/looptype.c, on src/core/loop.c): the
ready queue, the timer heap and _run_once are C, and time() reads the
virtual clock. Everything else (run_until_complete, exception handling,
async generator hooks, debug mode, tasks and futures) is CPython's code,
so programs behave and print as they do on CPython's loop.

Handles stay asyncio's Handle and TimerHandle, subclassed only to remember
their id in the C loop, so a cancel reaches the C loop at once.
"""
import asyncio
import dis
import errno
import itertools
import os
import signal
import sys
import threading
import types
from asyncio import base_events, coroutines, events, format_helpers, futures, tasks, unix_events

import _looplab

_trace = _looplab.trace  # bound now: the program may not call it (guard.c)
_EV_LOOP_RUN = _looplab.EV_LOOP_RUN

_threads = _shim["threads"]
_lanes = _shim["lanes"]
_introspect = _shim["introspect"]
_stops = _shim["stops"]

_now = _looplab.now


class Handle(events.Handle):
    __slots__ = ("_lp_id",)

    def cancel(self):
        if not self._cancelled:
            self._loop._cloop.cancel(self._lp_id)
        super().cancel()


class TimerHandle(events.TimerHandle):
    __slots__ = ("_lp_id",)


# Tasks hash by creation order, not by address: sets of tasks (TaskGroup's
# cancellations, asyncio.wait's results, all_tasks()) then iterate the same
# way on every run. As in the reference runner, asyncio.Task itself is
# replaced (not a task factory): get_task_factory() stays None, and a
# program's own factory calling asyncio.Task gets it too.
_task_order = itertools.count(1)
RealTask = tasks.Task


class Task(RealTask):
    """asyncio's C Task, hashed by creation order; it reads as _asyncio.Task."""

    __slots__ = ("_lp_order", "_lp_seen")

    def __new__(cls, *args, **kwargs):
        # __new__, not __init__: a Python __init__ frame would show in the
        # task's creation traceback in debug mode.
        self = super().__new__(cls)
        self._lp_order = next(_task_order)
        self._lp_seen = False
        return self

    def __hash__(self):
        return self._lp_order

    # The trace follows names and cancellations (asyncio.create_task names
    # a task only after making it).
    def set_name(self, value):
        super().set_name(value)
        _introspect.task_renamed(self)

    def cancel(self, msg=None):
        accepted = super().cancel(msg)
        _introspect.task_cancelled(self, accepted)
        return accepted


# -- Tracebacks read as under CPython. A callback's exception passes through
# asyncio's Handle._run and BaseEventLoop._run_once there, which are C here:
# a C handle adds a traceback entry of a real frame of Handle._run
# (handle.c), and _run_once's code is shown as the line of
# BaseEventLoop._run_once that runs a handle. No cost until an exception.

class _Probe(KeyboardInterrupt):
    pass


class _ProbeContext:
    def run(self, callback, *args):
        raise _Probe


def _handle_run_entry():
    """The traceback entry of asyncio's own Handle._run where it calls the
    callback (from one run on a stand-in handle); None if it cannot be had."""
    stand_in = types.SimpleNamespace(_context=_ProbeContext(), _callback=None, _args=())
    try:
        events.Handle._run(stand_in)
    except _Probe as probe:
        tb = probe.__traceback__
        while tb is not None and tb.tb_frame.f_code is not events.Handle._run.__code__:
            tb = tb.tb_next
        return tb
    except BaseException:
        return None
    return None


def _no_column_linetable(spans):
    """A code object's co_linetable (CPython 3.11's format) from `spans`,
    (code units, line) in order from the first instruction, the first line
    relative to co_firstlineno: every instruction on its line, without
    columns (a traceback then shows the line without carets)."""
    table, previous = bytearray(), 0
    for units, line in spans:
        while units > 0:
            n = min(8, units)
            table.append(0x80 | 13 << 3 | (n - 1))   # 13: a line, no columns
            delta, previous = line - previous, line
            value = (-delta << 1 | 1) if delta < 0 else delta << 1
            while value >= 0x40:
                table.append(0x40 | value & 0x3F)
                value >>= 6
            table.append(value)
            units -= n
    return bytes(table)


def _lines_calling(fn, name):
    """The lines of function `fn` that call (or load) attribute `name`, as
    its bytecode has them: the lines CPython shows for those calls."""
    return sorted({i.positions.lineno for i in dis.get_instructions(fn)
                   if i.argval == name and i.opname in ("LOAD_METHOD", "LOAD_ATTR")})


def _masquerade(fn, real, lines):
    """Gives function `fn` the file and name of function `real`: a traceback
    through fn, or a warning or log record made in it, names real's file and
    the line of real that `lines` gives for each of fn's lines (its "*" entry
    for the others). Left as it is where CPython's source is not 3.11's."""
    own = fn.__code__
    if sys.version_info[:2] != (3, 11):
        return
    spans = [((end - start) // 2, lines.get(line, lines["*"]) - own.co_firstlineno)
             for start, end, line in own.co_lines()]
    try:
        fn.__code__ = own.replace(
            co_filename=real.__code__.co_filename, co_name=real.__code__.co_name,
            co_qualname=real.__code__.co_qualname, co_linetable=_no_column_linetable(spans))
    except (TypeError, ValueError):
        pass


def _masquerade_run_once():
    """LooplabEventLoop._run_once shows as asyncio's: its debug call of the
    C loop as the debug branch's `handle._run()`, everything else as the
    other branch's; _warn_slow as the warning's line."""
    runs = _lines_calling(base_events.BaseEventLoop._run_once, "_run")
    warns = _lines_calling(base_events.BaseEventLoop._run_once, "warning")
    calls = _lines_calling(LooplabEventLoop._run_once, "run_once")
    if len(runs) == 2 and len(calls) == 2:
        _masquerade(LooplabEventLoop._run_once, base_events.BaseEventLoop._run_once,
                    {calls[0]: runs[0], "*": runs[1]})
    if warns:
        _masquerade(_warn_slow, base_events.BaseEventLoop._run_once, {"*": warns[0]})


def _warn_slow(handle, dt):
    """Debug mode: a handle ran for `dt` s, over slow_callback_duration (the
    C loop times it); asyncio's warning, made where _run_once makes it."""
    base_events.logger.warning('Executing %s took %.3f seconds',
                               base_events._format_handle(handle), dt)


def _report_callback_error(handle, exc):
    """What asyncio's Handle._run does when a callback raises (C handles
    call this: src/py/handle.c)."""
    cb = format_helpers._format_callback_source(handle._callback, handle._args)
    context = {
        "message": f"Exception in callback {cb}",
        "exception": exc,
        "handle": handle,
    }
    if handle._source_traceback:
        context["source_traceback"] = handle._source_traceback
    handle._loop.call_exception_handler(context)


def _dress_c_handles():
    """The C handles read and compare as asyncio's: repr, hashing, ordering."""
    CHandle, CTimerHandle = _looplab.Handle, _looplab.TimerHandle
    CHandle._repr_info = events.Handle._repr_info
    CHandle.__repr__ = events.Handle.__repr__

    def _repr_info(self):
        info = events.Handle._repr_info(self)
        info.insert(2 if self._cancelled else 1, f"when={self._when}")
        return info

    def compare(op):
        def method(self, other):
            if isinstance(other, CTimerHandle):
                return op(self._when, other._when)
            return NotImplemented
        return method

    def __eq__(self, other):
        if isinstance(other, CTimerHandle):
            return (self._when == other._when and self._callback == other._callback
                    and self._args == other._args and self._cancelled == other._cancelled)
        return NotImplemented

    CTimerHandle._repr_info = _repr_info
    CTimerHandle.__hash__ = lambda self: hash(self._when)
    CTimerHandle.__eq__ = __eq__
    CTimerHandle.__lt__ = compare(lambda a, b: a < b)
    CTimerHandle.__le__ = compare(lambda a, b: a < b or a == b)
    CTimerHandle.__gt__ = compare(lambda a, b: a > b)
    CTimerHandle.__ge__ = compare(lambda a, b: a > b or a == b)


class _Scheduled:
    """Stands in for BaseEventLoop._scheduled: the heap lives in C."""

    __slots__ = ("_cloop",)

    def __init__(self, cloop):
        self._cloop = cloop

    def __len__(self):
        return self._cloop.timer_count()

    def clear(self):
        self._cloop.clear()


class LooplabEventLoop(base_events.BaseEventLoop):
    """asyncio's event loop on looplab's C scheduler, in virtual time."""

    def __init__(self):
        super().__init__()
        self._cloop = _looplab.Loop()
        self._cloop.bind(self)
        self._lp_number = self._cloop.number()    # its records' flags in the trace
        self._lp_thread = None                    # the thread it last iterated in
        self._use_c_handles(not self._debug)
        self._ready = self._cloop                 # append / len / clear
        self._scheduled = _Scheduled(self._cloop)
        self._clock_resolution = 1e-9
        self._lp_pollers = _threads.vthreads.WaitList()  # its thread, in its poll
        self._signal_handlers = {}                # signal number -> Handle
        self._lp_signals = []                     # signals not yet polled

    def time(self):
        return _now()

    # Cancelled timers still in the heap: the C loop counts them (its heap is
    # rebuilt on the count, as _run_once does); asyncio's __init__ sets 0.
    @property
    def _timer_cancelled_count(self):
        # (never self.__dict__: reading it turns the instance's attributes
        # into a real dict, and every attribute access of the loop slower)
        cloop = getattr(self, "_cloop", None)
        return cloop.timer_cancelled_count() if cloop is not None else 0

    @_timer_cancelled_count.setter
    def _timer_cancelled_count(self, value):
        pass

    def set_debug(self, enabled):
        super().set_debug(enabled)
        if getattr(self, "_cloop", None) is not None:  # BaseEventLoop.__init__ calls this first
            self._use_c_handles(not enabled)

    def _use_c_handles(self, fast):
        """Outside debug mode (`fast`), call_soon, call_at, call_later and
        create_future are the C loop's own (C handles, no Python frame); in
        debug mode they are asyncio's, which check threads and keep creation
        tracebacks (a future's names create_future's line). Only where the
        program left asyncio's method as it is: a subclass's or a patched
        method, or one the program put on the instance, is called as under
        CPython (call_later too when call_at is not asyncio's: it calls
        call_at). A class with its own get_debug() gets asyncio's handles
        always: a handle asks it when made and when cancelled."""
        cls = type(self)
        plain = {name: getattr(cls, name, None) is _PLAIN_METHODS[name] for name in _PLAIN_METHODS}
        plain["call_later"] = plain["call_later"] and plain["call_at"]
        c_handles = fast and plain["get_debug"]
        for name in _FAST_METHODS:
            # the instance's own attribute, read without self.__dict__ (which
            # would make every attribute access of the loop slower): a bound
            # method of the class is what getattr gives without one
            current = getattr(self, name)
            ours = getattr(current, "__self__", None) is self._cloop
            if not ours and getattr(current, "__self__", None) is not self:
                continue  # the program's own
            if c_handles and plain[name]:
                setattr(self, name, getattr(self._cloop, name))
            elif ours:
                delattr(self, name)
        self._cloop.set_debug_off(c_handles)  # a C handle's cancel() need not ask get_debug()
        self._cloop.set_debug_runs(None if fast else _warn_slow)

    # Calls the C fast path leaves to asyncio (unusual arguments): the
    # instance attributes call_soon/call_at/call_later/create_future shadow
    # these methods.
    def _lp_py_call_soon(self, *args, **kwargs):
        return base_events.BaseEventLoop.call_soon(self, *args, **kwargs)

    def _lp_py_call_at(self, *args, **kwargs):
        return LooplabEventLoop.call_at(self, *args, **kwargs)

    def _lp_py_call_later(self, *args, **kwargs):
        return base_events.BaseEventLoop.call_later(self, *args, **kwargs)

    def _lp_py_create_future(self, *args, **kwargs):
        return base_events.BaseEventLoop.create_future(self, *args, **kwargs)

    def _call_soon(self, callback, args, context):
        task = getattr(callback, "__self__", None)
        if isinstance(task, Task):
            if not task._lp_seen:
                # a task's first step is scheduled by its constructor, once
                # its name and coroutine are set
                task._lp_seen = True
                _introspect.task_created(task)
            handle = _introspect.StepHandle(callback, args, self, context)
            handle._lp_task = task
        else:
            handle = Handle(callback, args, self, context)
        if handle._source_traceback:
            del handle._source_traceback[-1]
        handle._lp_id = self._cloop.push_ready(handle)
        return handle

    def call_at(self, when, callback, *args, context=None):
        if when is None:
            raise TypeError("when cannot be None")
        self._check_closed()
        if self._debug:
            self._check_thread()
            self._check_callback(callback, "call_at")
        timer = TimerHandle(when, callback, args, self, context)
        if timer._source_traceback:
            del timer._source_traceback[-1]
        timer._lp_id = self._cloop.push_timer(when, timer)
        timer._scheduled = True
        return timer

    def _timer_handle_cancelled(self, handle):
        # The C loop counts the cancel only while the timer is in its heap,
        # as asyncio does with handle._scheduled.
        self._cloop.cancel(handle._lp_id)

    # -- signal handlers, as _UnixSelectorEventLoop has them: the handler
    # is a loop callback, added at the poll that follows the signal (CPython
    # learns of it from its wake-up fd there).

    def add_signal_handler(self, sig, callback, *args):
        if coroutines.iscoroutine(callback) or coroutines.iscoroutinefunction(callback):
            raise TypeError("coroutines cannot be used with add_signal_handler()")
        self._check_signal(sig)
        self._check_closed()
        if threading.current_thread() is not threading.main_thread():
            # what signal.set_wakeup_fd says there
            raise RuntimeError("set_wakeup_fd only works in main thread of the main interpreter")
        handle = events.Handle(callback, args, self, None)
        self._signal_handlers[sig] = handle
        try:
            signal.signal(sig, self._lp_on_signal)
            signal.siginterrupt(sig, False)
        except OSError as exc:
            del self._signal_handlers[sig]
            if exc.errno == errno.EINVAL:
                raise RuntimeError(f"sig {sig:d} cannot be caught")
            raise

    def remove_signal_handler(self, sig):
        self._check_signal(sig)
        try:
            del self._signal_handlers[sig]
        except KeyError:
            return False
        handler = signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL
        try:
            signal.signal(sig, handler)
        except OSError as exc:
            if exc.errno == errno.EINVAL:
                raise RuntimeError(f"sig {sig:d} cannot be caught")
            raise
        return True

    def _check_signal(self, sig):
        if not isinstance(sig, int):
            raise TypeError(f"sig must be an int, not {sig!r}")
        if sig not in signal.valid_signals():
            raise ValueError(f"invalid signal number {sig}")

    def _lp_on_signal(self, sig, frame):
        self._lp_signals.append(sig)
        if self._cloop.polling():
            # sent by another thread while the loop polls: CPython's poll
            # wakes on its wake-up fd
            self._lp_take_signals()
            self._cloop.wake()

    def _lp_take_signals(self):
        """The poll learns of the signals that came: their handlers become
        ready (unix_events._handle_signal)."""
        signals, self._lp_signals = self._lp_signals, []
        for sig in signals:
            handle = self._signal_handlers.get(sig)
            if handle is None:
                continue
            if handle._cancelled:
                self.remove_signal_handler(sig)
            else:
                self._add_callback(handle)

    def close(self):
        if not sys.is_finalizing():
            for sig in list(self._signal_handlers):
                self.remove_signal_handler(sig)
        super().close()
        self._cloop.set_closed(self._closed)

    def _run_once(self):
        if self._lp_signals:
            self._lp_take_signals()
        sched = _threads.scheduler
        if not sched.owns_baton():
            raise RuntimeError("looplab: a thread started outside threading (with _thread) "
                               "cannot run an event loop in virtual time")
        if self._lp_thread is not sched.current:
            # the trace says which thread runs this loop (the window shows
            # each loop apart): at its first iteration there
            self._lp_thread = sched.current
            _trace(_EV_LOOP_RUN, sched.current.serial, 0, 0, self._lp_number)
        # a loop in another thread: its poll blocks that thread
        wait = self._lp_poll_wait if sched.current is not sched.main else None
        # the two calls show as the two `handle._run()` lines of asyncio's
        # _run_once (_masquerade): its debug branch's, and the other
        if self._debug:
            result = self._cloop.run_once(self._stopping, wait)
        else:
            result = self._cloop.run_once(self._stopping, wait)
        if result is True:
            return
        if result is False:
            _stops.deadlock(_threads.scheduler)
        _stops.time_limit(result)

    def run_in_executor(self, executor, func, *args):
        if (executor is None and self._default_executor is None
                and not self._closed and not self._executor_shutdown_called):
            # CPython's default size, min(32, cpu_count + 4): 12 on the
            # simulated 8-CPU machine (DESIGN.md)
            self._default_executor = _lanes.LaneExecutor(
                max_workers=min(32, (os.cpu_count() or 1) + 4), thread_name_prefix="asyncio")
        future = super().run_in_executor(executor, func, *args)
        _introspect.executor_future(future)
        return future

    def _lp_poll_wait(self, deadline):
        """The poll of this loop, run in another thread than the loop
        thread: the thread blocks in virtual time until `deadline` (None:
        no timer) or until another thread calls in (_write_to_self)."""
        _threads.scheduler.block(self._lp_pollers, "BaseEventLoop.run_forever()", deadline)

    def _write_to_self(self):
        # No selector, no self-pipe: the C loop's poll ends (a loop in the
        # main thread), and a loop whose thread waits in its poll is woken
        # in lockstep (call_soon_threadsafe, a future set elsewhere). A plain
        # call_soon from another thread does not come here: its callback
        # waits for the poll's deadline, as in CPython.
        self._cloop.wake()
        if self._lp_pollers.threads:
            _threads.scheduler.wake_one(self._lp_pollers)

    def _process_events(self, event_list):
        pass


# Errors in calling call_at name it as asyncio does ("BaseEventLoop.call_at()
# missing ..."): the message comes from the function's qualified name.
LooplabEventLoop.call_at.__qualname__ = "BaseEventLoop.call_at"


def _unavailable(name, what):
    def method(self, *args, **kwargs):
        raise NotImplementedError(
            "looplab runs programs in virtual time, without %s: "
            "loop.%s() is not available" % (what, name))
    method.__name__ = name
    method.__qualname__ = "LooplabEventLoop." + name
    return method


for _name in ("create_connection", "create_server", "create_datagram_endpoint",
              "create_unix_connection", "create_unix_server", "connect_accepted_socket",
              "sock_recv", "sock_recv_into", "sock_recvfrom", "sock_recvfrom_into",
              "sock_sendall", "sock_sendto", "sock_connect", "sock_accept", "sock_sendfile",
              "sendfile", "start_tls", "getaddrinfo", "getnameinfo", "add_reader",
              "remove_reader", "add_writer", "remove_writer", "connect_read_pipe",
              "connect_write_pipe"):
    setattr(LooplabEventLoop, _name, _unavailable(_name, "sockets, pipes or file descriptors"))
for _name in ("subprocess_exec", "subprocess_shell"):
    setattr(LooplabEventLoop, _name, _unavailable(_name, "subprocesses"))
del _name


RealPolicy = unix_events._UnixDefaultEventLoopPolicy


class LooplabEventLoopPolicy(RealPolicy):
    _loop_factory = LooplabEventLoop


def _pass_for(cls, real):
    """Names a stand-in like the class it replaces, so reprs read as under
    python3 (<_UnixSelectorEventLoop running=True ...>)."""
    cls.__name__ = real.__name__
    cls.__qualname__ = real.__qualname__
    cls.__module__ = real.__module__


# The methods the C loop may stand in for, and what asyncio's are (taken at
# install, before the program can patch them): _use_c_handles.
_FAST_METHODS = ("call_soon", "call_at", "call_later", "create_future")
_PLAIN_METHODS = {}


def _is_debug_mode():
    # asyncio's coroutines._is_debug_mode, which reads PYTHONASYNCIODEBUG
    # only when the interpreter reads the environment (this one is isolated,
    # src/py/run.c): read as python3 reads it
    return sys.flags.dev_mode or bool(os.environ.get("PYTHONASYNCIODEBUG"))


def install(options):
    coroutines._is_debug_mode = _is_debug_mode
    _PLAIN_METHODS.update((name, getattr(LooplabEventLoop, name))
                          for name in _FAST_METHODS + ("get_debug",))
    _dress_c_handles()
    _looplab.configure(_report_callback_error, Task, _introspect.task_created,
                       _introspect.describe, _introspect.executor_futures_by_id,
                       futures.__dict__, _handle_run_entry())
    _masquerade_run_once()
    _pass_for(LooplabEventLoop, unix_events._UnixSelectorEventLoop)
    _pass_for(LooplabEventLoopPolicy, RealPolicy)
    _pass_for(Task, RealTask)
    tasks.Task = asyncio.Task = Task
    # Every way of getting a loop gives ours: the policy's factory,
    # asyncio.SelectorEventLoop, and set_event_loop_policy(None), which
    # builds asyncio.DefaultEventLoopPolicy on demand.
    for module in (asyncio, unix_events):
        module.SelectorEventLoop = LooplabEventLoop
        module.DefaultEventLoopPolicy = LooplabEventLoopPolicy
    asyncio.set_event_loop_policy(None)
