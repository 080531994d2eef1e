"""vreport.py - what looplab prints when it stops a program early.

The exact bytes of a deadlock or limit message (the reference runner,
tests/reference, writes the same texts from its own code). RUNNER_PREFIXES
names the engine's own files, which a report never names.

Each stop flushes stdout (a pending --stamp line is written with the
current time), writes ONE message to stderr and ends the process at once
(os._exit: no atexit handlers, no garbage-collection messages). The
formats below are exact; the C engine prints the same bytes. %.3f and %g
are printf's. Names are task.get_name() / Thread.name; FILE is the code's
co_filename (the script's path as given on the command line). "The
standard library" is the files under the folder of os.py (sysconfig's
stdlib directory, /usr/lib/python3.11/) and names like <frozen ...>; "the
runner" is this package (the C engine: its own shim modules).

Deadlock (exit status 1): a poll with no timer, no ready callback and no
pending event, or a blocking wait of the main thread with no pending event,
or program exit waiting for threads that can never run:

    looplab: deadlock at t=%.3f: no callback is ready, no timer is set and no thread can run
      task 'NAME' at FILE:LINE in FUNC awaits WHAT
      thread 'NAME' at FILE:LINE in FUNC waits for WHAT

  one line per waiting task, then per blocked thread (if none at all:
  "  nothing is waiting: the loop would sleep forever").
  Tasks: every not-done task whose loop is running, except a loop's
  current task, in creation order. Its await chain is followed from
  task.get_coro() through cr_await / gi_yieldfrom / ag_await while the
  object has a frame. FILE:LINE in FUNC is the innermost frame of the
  chain outside the standard library (else the outermost frame). WHAT is
  the innermost stdlib coroutine below that frame whose co_name is not
  private (one leading underscore; dunders count as public), as
  "QUALNAME()" (Event.wait(), Queue.get(), wait_for(), Lock.acquire(),
  TaskGroup.__aexit__()); if there is none, from task._fut_waiter: a
  Task -> "task 'NAME'", a _GatheringFuture -> "gather()", None ->
  "nothing", anything else -> "a TYPENAME" ("a Future").
  Threads: the main thread if it is blocked (not polling), then the other
  threads in start order, skipping idle pool lanes. FILE:LINE in FUNC is
  the innermost frame of the thread outside the standard library and the
  runner (else the innermost outside the runner); WHAT is the standard-
  library call it waits in: the outermost public library frame inside
  that user frame (or inside Thread.run or a pool's _WorkItem.run when the
  thread runs library code directly), as "QUALNAME()" without leading
  underscores ("Queue.get()", "Event.wait()", "Future.result()",
  "RLock.acquire()"); else what the runner's wait names:
  "Lock.acquire()", "thread 'NAME' to finish", "its event loop",
  "ThreadPoolExecutor.shutdown()".

Virtual-time limit (exit status 124): the clock would move to T > LIMIT
(--until, default 3600); it stays where it is:

    looplab: stopped at t=%.3f: the next wake-up, at t=%.3f, is past the virtual-time limit of %g s (--until)

Busy loop (exit status 124): more than 1000000 steps in a row at one
virtual instant; a step is one loop poll, one thread wake-up or one
blocking sleep of the main thread:

    looplab: stopped at t=%.3f: 1000000 loop iterations and thread wake-ups in a row without virtual time moving (a busy loop, such as "while True: await asyncio.sleep(0)")

Real-time budget (exit status 124): no step while the process computed
for 10 s (code that never gives control back, e.g. `while True: pass`).
The budget counts the process's CPU time, not the wall clock: time spent
waiting (for a child process, on a busy machine) is not running code:

    looplab: stopped at t=%.3f: SUBJECT ran for %g s of real time without giving control back, at FILE:LINE in FUNC

  SUBJECT is "task 'NAME'" (the main thread is running a task),
  "thread 'NAME'" otherwise (a lane, or the main thread outside a task);
  FILE:LINE in FUNC as for blocked threads, from the running frame
  (which line a spinning loop is on when the budget runs out is a matter
  of real timing: this message is the one output that may vary).
"""

import asyncio
import os

DEADLOCK_STATUS = 1
LIMIT_STATUS = 124
REALTIME_BUDGET = 10.0
STEP_BUDGET = 1_000_000

# the folder of os.py: sysconfig's 'stdlib' path without importing sysconfig
_STDLIB = os.path.join(os.path.dirname(os.__file__), '')
RUNNER_PREFIXES = ('<looplab>',)   # set by each runner


def _is_runner(filename):
    return filename.startswith(RUNNER_PREFIXES)


def _is_library(filename):
    return (filename.startswith(_STDLIB) or filename.startswith('<')
            or _is_runner(filename))


def where_text(frame):
    code = frame.f_code
    return f"{code.co_filename}:{frame.f_lineno} in {code.co_name}"


def thread_frame(frame):
    """The frame to name for a thread whose innermost frame is `frame`."""
    fallback = None
    while frame is not None:
        filename = frame.f_code.co_filename
        if not _is_library(filename):
            return frame
        if fallback is None and not _is_runner(filename):
            fallback = frame
        frame = frame.f_back
    return fallback


def _await_chain(coro):
    """[(awaitable, frame)] from a task's coroutine down to what it awaits."""
    chain = []
    obj = coro
    while obj is not None:
        frame = (getattr(obj, 'cr_frame', None) or getattr(obj, 'gi_frame', None)
                 or getattr(obj, 'ag_frame', None))
        if frame is None:
            break
        chain.append((obj, frame))
        for attr in ('cr_await', 'gi_yieldfrom', 'ag_await'):
            if hasattr(obj, attr):
                obj = getattr(obj, attr)
                break
        else:
            obj = None
    return chain


def _is_private(name):
    return name.startswith('_') and not name.startswith('__')


def describe_task(task):
    chain = _await_chain(task.get_coro())
    if not chain:
        return f"  task '{task.get_name()}' awaits {_describe_waiter(task)}"
    users = [i for i, (_, frame) in enumerate(chain)
             if not _is_library(frame.f_code.co_filename)]
    at = users[-1] if users else 0
    public = [obj for obj, frame in chain[at + 1:]
              if not _is_private(frame.f_code.co_name)]
    what = f"{public[-1].__qualname__}()" if public else _describe_waiter(task)
    return f"  task '{task.get_name()}' at {where_text(chain[at][1])} awaits {what}"


def _describe_waiter(task):
    waiter = task._fut_waiter
    if waiter is None:
        return 'nothing'
    if isinstance(waiter, asyncio.Task):
        return f"task '{waiter.get_name()}'"
    if type(waiter).__name__ == '_GatheringFuture':
        return 'gather()'
    return f"a {type(waiter).__name__}"


# The frames a thread's own code starts from, inside threading and pools.
_THREAD_ENTRIES = ('Thread.run', '_WorkItem.run')


def _wait_call(frame):
    """The standard-library call a blocked thread waits in: the outermost
    public library frame inside its innermost frame of user code (or inside
    the thread's entry, when it runs library code directly)."""
    call = None
    while frame is not None:
        code = frame.f_code
        if not _is_library(code.co_filename) or code.co_qualname in _THREAD_ENTRIES:
            break
        if not _is_runner(code.co_filename) and not _is_private(code.co_name):
            call = code
        frame = frame.f_back
    return call


def thread_wait(frame, fallback):
    """(what, where) of a thread blocked with innermost frame `frame`: the
    call it waits in ("Queue.get()", else `fallback`, the runner's words)
    and the frame to name for it (or None)."""
    if frame is None:
        return fallback, None
    call = _wait_call(frame)
    what = f"{call.co_qualname.lstrip('_')}()" if call is not None else fallback
    return what, thread_frame(frame)


def describe_thread(sim, frame):
    what, where = thread_wait(frame, sim.waiting_for)
    at = f" at {where_text(where)}" if where is not None else ''
    return f"  thread '{sim.name}'{at} waits for {what}"


def waiting_tasks():
    """Not-done tasks of running loops, minus the running ones, in order."""
    current = set(asyncio.tasks._current_tasks.values())
    tasks = [task for task in list(asyncio.tasks._all_tasks)
             if not task.done() and task.get_loop().is_running()
             and task not in current]
    tasks.sort(key=lambda task: getattr(task, '_lp_order', 0))
    return tasks



def deadlock_header(now):
    return (f"looplab: deadlock at t={now:.3f}: no callback is ready, "
            f"no timer is set and no thread can run")


NOTHING_WAITS = "  nothing is waiting: the loop would sleep forever"


def time_limit_message(now, when, until):
    return (f"looplab: stopped at t={now:.3f}: the next wake-up, at t={when:.3f}, "
            f"is past the virtual-time limit of {until:g} s (--until)")


def trace_limit_message(now, limit):
    return (f"looplab: stopped at t={now:.3f}: the trace reached its limit of "
            f"{limit >> 20} MiB; run the program for less virtual time (--until SECONDS)")


def busy_message(now):
    return (f"looplab: stopped at t={now:.3f}: {STEP_BUDGET} loop iterations and "
            f"thread wake-ups in a row without virtual time moving (a busy loop, "
            f"such as \"while True: await asyncio.sleep(0)\")")


def realtime_message(now, subject, budget, frame):
    where = thread_frame(frame) if frame is not None else None
    at = f", at {where_text(where)}" if where is not None else ''
    return (f"looplab: stopped at t={now:.3f}: {subject} ran for {budget:g} s of "
            f"real time without giving control back{at}")
