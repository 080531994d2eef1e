"""stops.py - ends a run that cannot go on: a deadlock, a limit, a spin.

Each stop finishes stdout (a pending --stamp line is written with the time),
writes one message to stderr and ends the process at once, with no atexit
handler (_looplab.stop saves the trace first). The messages are
vreport.py's:

  deadlock (status 1)      nothing is ready, no timer is set, no thread can run
  time limit (status 124)  the next wake-up is past --until
  busy loop (status 124)   a million steps in a row at one virtual instant
  trace limit (status 124) the trace outgrew its own memory limit
  real time (status 124)   no step for 10 s of real time (code that never
                           yields): a watchdog thread outside the model
"""
import _thread
import asyncio.tasks
import sys

import _looplab

_report = _shim["vreport"]
_vmodel = _shim["vmodel"]
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


def deadlock(sched):
    """Nothing can ever run again: name every waiting task, then the main
    thread if it is blocked, then the other threads, as vreport.py says."""
    lines = [_report.deadlock_header(_now())]
    lines += [_report.describe_task(task) for task in _report.waiting_tasks()]
    frames = sys._current_frames()
    for sim in [sched.main] + sched.threads:
        if sim.waiting_for is not None and not sim.quiet:
            frame = sys._getframe() if sim is sched.main else frames.get(sim.ident)
            lines.append(_report.describe_thread(sim, frame))
    if len(lines) == 1:
        lines.append(_report.NOTHING_WAITS)
    _stop(_report.DEADLOCK_STATUS, lines)


def run_limit():
    """The latest time the clock may reach (--until)."""
    return _until


def check_advance(when):
    """The clock is about to move to `when`: past --until, the run stops."""
    if when > _until:
        time_limit(when)


def blocking_call_at(until):
    """The loop thread blocks until `until`: past --until, what is due by the
    limit runs, and the run stops at the first wake-up past it."""
    if until > _until:
        next_wakeup = _looplab.run_due(_until)
        time_limit(until if next_wakeup is None else min(next_wakeup, until))


def time_limit(when):
    _stop(_report.LIMIT_STATUS, [_report.time_limit_message(_now(), when, _until)])


def _on_engine_stop(kind):
    if kind == "busy":
        _stop(_report.LIMIT_STATUS, [_report.busy_message(_now())])
    if kind == "trace":
        _stop(_report.LIMIT_STATUS, [_report.trace_limit_message(_now(), _looplab.TRACE_LIMIT)])
    raise RuntimeError("looplab: unknown stop %r" % (kind,))


def _running_subject():
    """Who runs now, and its innermost frame: a pool thread, or the main
    thread (naming the task it runs, if any)."""
    sched = _shim["threads"].scheduler
    frames = sys._current_frames()
    if sched.current is not sched.main:
        return "thread '%s'" % sched.current.name, frames.get(sched.current.ident)
    main = _thread_main_ident
    for loop, task in list(asyncio.tasks._current_tasks.items()):
        if loop._thread_id == main:
            return "task '%s'" % task.get_name(), frames.get(main)
    return "thread 'MainThread'", frames.get(main)


_thread_main_ident = _thread.get_ident()


def _watchdog(budget):
    """A plain OS thread, never in lockstep: stops the run when the engine's
    step count has not moved while the process computed for `budget`
    seconds (its CPU time, see vreport)."""
    tick = min(0.25, budget / 4)
    seen, since = _looplab.steps()[0], _vmodel.busy_seconds()
    while True:
        _vmodel.real_sleep(tick)
        steps = _looplab.steps()[0]
        if steps != seen:
            seen, since = steps, _vmodel.busy_seconds()
        elif _vmodel.busy_seconds() - since >= budget:
            subject, frame = _running_subject()
            _stop(_report.LIMIT_STATUS,
                  [_report.realtime_message(_now(), subject, budget, frame)])


def install(options):
    global _until
    _until = options["until"]
    _report.RUNNER_PREFIXES = ("<looplab>",)
    _looplab.set_stop_handler(_on_engine_stop, _report.STEP_BUDGET)
    _thread.start_new_thread(_watchdog, (_report.REALTIME_BUDGET,))
