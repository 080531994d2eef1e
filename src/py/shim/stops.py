"""stops.py - ends a run that cannot go on: a deadlock, a limit, a spin.

Each stop finishes stdout (a pending --stamp line is written with the time),
writes one message to stderr and ends the process at once, with no atexit
handler (as the reference runner does; _looplab.stop saves the trace
first). The messages are vreport.py's, shared with the reference runner:

  deadlock (status 1)      nothing is ready, no timer is set, no thread can run
  time limit (status 124)  the next wake-up is past --until
  busy loop (status 124)   a million steps in a row at one virtual instant
  real time (status 124)   no step for 10 s of real time (code that never
                           yields): a watchdog thread outside the model
"""
import _thread
import sys

import _looplab

_report = sys.modules["_looplab_vreport"]
_vmodel = sys.modules["_looplab_vmodel"]
_now = _looplab.now

# Writers to finish before a stop message (output.py registers them).
flushers = []
_until = None


def _stop(status, lines):
    for finish in flushers:
        try:
            finish()
        except Exception:
            pass
    for stream in (sys.stdout, sys.__stdout__, sys.stderr, sys.__stderr__):
        try:
            stream.flush()
        except Exception:
            pass
    _looplab.stop(status, "".join(line + "\n" for line in lines))


class _Blocked:
    """What vreport.describe_thread needs to know of a waiting thread."""

    def __init__(self, name, waiting_for):
        self.name = name
        self.waiting_for = waiting_for


def deadlock(main_waits_for=None):
    """Nothing can ever run again. `main_waits_for` names what the loop
    thread is blocked on, when it is blocked outside a loop's poll."""
    lines = [_report.deadlock_header(_now())]
    lines += [_report.describe_task(task) for task in _report.waiting_tasks()]
    if main_waits_for is not None:
        lines.append(_report.describe_thread(_Blocked("MainThread", main_waits_for),
                                             sys._getframe(1)))
    if len(lines) == 1:
        lines.append(_report.NOTHING_WAITS)
    _stop(_report.DEADLOCK_STATUS, lines)


def time_limit(when):
    _stop(_report.LIMIT_STATUS, [_report.time_limit_message(_now(), when, _until)])


def _on_engine_stop(kind):
    if kind == "busy":
        _stop(_report.LIMIT_STATUS, [_report.busy_message(_now())])
    raise RuntimeError("looplab: unknown stop %r" % (kind,))


def _running_subject():
    """Who runs now, and its innermost frame: a pool thread, or the main
    thread (naming the task it runs, if any)."""
    threads = sys.modules["_looplab_threads"]
    frames = sys._current_frames()
    job = threads.current_job()
    if job is not None and job.thread is not None:
        return "thread '%s'" % job.thread.name, frames.get(job.thread.ident)
    import asyncio.tasks
    main = _thread_main_ident
    for loop, task in list(asyncio.tasks._current_tasks.items()):
        if loop._thread_id == main:
            return "task '%s'" % task.get_name(), frames.get(main)
    return "thread 'MainThread'", frames.get(main)


_thread_main_ident = _thread.get_ident()


def _watchdog(budget):
    """A plain OS thread, never in lockstep: stops the run when the engine's
    step count has not moved for `budget` seconds of real time."""
    tick = min(0.25, budget / 4)
    seen, since = _looplab.steps()[0], _vmodel.real_monotonic()
    while True:
        _vmodel.real_sleep(tick)
        steps = _looplab.steps()[0]
        if steps != seen:
            seen, since = steps, _vmodel.real_monotonic()
        elif _vmodel.real_monotonic() - since >= budget:
            subject, frame = _running_subject()
            _stop(_report.LIMIT_STATUS,
                  [_report.realtime_message(_now(), subject, budget, frame)])


def install(options):
    global _until
    _until = options["until"]
    _report.RUNNER_PREFIXES = ("<looplab>",)
    _looplab.set_stop_handler(_on_engine_stop)
    _thread.start_new_thread(_watchdog, (_report.REALTIME_BUDGET,))
