"""How a run is stopped: deadlock, limits, the real-time watchdog.

Each stop flushes stdout (a pending --stamp line is written with the
current time), writes ONE message to stderr and ends the process at once
(os._exit: no atexit handlers, no garbage-collection messages). The exact
formats, and the rules for what a report names, are in vreport.py, which
looplab shares (src/py/shim/vreport.py).
"""

import _thread
import os
import sys

from . import clock as _clock
from .shared import load

report = load("vreport")
# The runner's code: this package, and the model files it shares with looplab.
report.RUNNER_PREFIXES = (os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))), ''), os.path.join(os.path.dirname(report.__file__), ''))
DEADLOCK_STATUS = report.DEADLOCK_STATUS
LIMIT_STATUS = report.LIMIT_STATUS
REALTIME_BUDGET = report.REALTIME_BUDGET


class Stops:
    """The ways a run ends early, each with its message and status."""

    def __init__(self, clock):
        self.clock = clock
        self.flushers = []          # called before the message (stdout)
        clock.on_limit = self.time_limit

    def deadlock(self, sched):
        lines = [report.deadlock_header(self.clock.now)]
        lines += [report.describe_task(task) for task in report.waiting_tasks()]
        frames = sys._current_frames()
        blocked = [sched.main] + sched.threads
        for sim in blocked:
            if sim.waiting_for is not None and not sim.quiet:
                frame = (sys._getframe() if sim is sched.main
                         else frames.get(sim.ident))
                lines.append(report.describe_thread(sim, frame))
        if len(lines) == 1:
            lines.append(report.NOTHING_WAITS)
        self._abort(DEADLOCK_STATUS, lines)

    def time_limit(self, when):
        self._abort(LIMIT_STATUS, [
            report.time_limit_message(self.clock.now, when, self.clock.until)])

    def busy(self, sched):
        self._abort(LIMIT_STATUS, [report.busy_message(self.clock.now)])

    def realtime(self, sched, budget):
        sim = sched.current
        frame = sys._current_frames().get(sim.ident)
        subject = f"thread '{sim.name}'"
        if sim is sched.main:
            import asyncio
            for loop, task in list(asyncio.tasks._current_tasks.items()):
                if loop._thread_id == sim.ident:
                    subject = f"task '{task.get_name()}'"
        self._abort(LIMIT_STATUS, [
            report.realtime_message(self.clock.now, subject, budget, frame)])

    def _abort(self, status, lines):
        for flush in self.flushers:
            try:
                flush()
            except Exception:
                pass
        for stream in (sys.stdout, sys.__stdout__, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        text = ''.join(line + '\n' for line in lines)
        err = sys.__stderr__
        try:
            err.write(text)
            err.flush()
        except Exception:
            os.write(2, text.encode('utf-8', 'backslashreplace'))
        os._exit(status)


def start_watchdog(sched, stops, budget=REALTIME_BUDGET):
    """A plain OS thread (not a threading.Thread, never in lockstep) that
    stops the run when `sched.steps` has not moved while the process
    computed for `budget` seconds (its CPU time, see vreport)."""
    busy_seconds = load("vmodel").busy_seconds

    def watch():
        tick = min(0.25, budget / 4)
        seen, since = sched.steps, busy_seconds()
        while True:
            _clock.real_sleep(tick)
            if sched.steps != seen:
                seen, since = sched.steps, busy_seconds()
            elif busy_seconds() - since >= budget:
                stops.realtime(sched, budget)

    _thread.start_new_thread(watch, ())
