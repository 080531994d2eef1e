"""Lockstep threads: real OS threads, one Python thread running at a time.

The model (DESIGN.md): threads run in lockstep with the loop thread. A
thread runs until it waits or ends; waiting means time.sleep, sim.cpu or a
blocking primitive. Thread starts and wake-ups are EVENTS ordered by
(time, sequence number), the sequence number counting every event ever set.

How it is built
---------------
Every lockstep thread is a real OS thread with a private `gate` lock that
is held closed while the thread may not run. Exactly one thread holds the
BATON (`Scheduler.current`); it opens another thread's gate and then closes
itself on its own. The MAIN thread (the loop thread, the one running
`__main__`) is the DRIVER: only the driver pops events, moves the clock and
hands the baton to a worker; a worker that waits or ends always hands the
baton straight back to the driver. So the driver acts like a coroutine
scheduler, and workers like coroutines that happen to have OS stacks.

Events: a heap of (time, seq, token, thread). A thread's `token` grows each
time it starts a new wait, so an event from an earlier wait (a deadline
that lost to a wake-up) is stale and is dropped unseen when it reaches the
top: it neither moves the clock nor counts as a step.

Running one event (driver, `_run_next`): pop it, advance the clock to its
time, count a step, give the baton to its thread, and get it back when the
thread waits again or ends (a thread that ended is then joined).

Where the driver runs events:
  * poll(loop, timeout), from the loop's selector (see `poll`);
  * a blocking wait on the main thread (`wait_until`, `block`): every
    event due within it, inclusive of its end, in order; the clock then
    moves to the end (a sleep) or the wait ends when the thread is woken
    (a block; with a deadline and no event before it, the clock moves to
    the deadline);
  * program exit (`wait_for_threads`): events until no non-daemon thread
    is left.
A wait on a worker thread sets its own event (`wait_until(t)`: t; a block
with a deadline: the deadline) and gives the baton back; a wake-up
(`wake`) of a worker sets an event at the current time. Waking the main
thread only marks it woken: it is the driver, never in the heap.

Limits: `_count_step` counts polls, events and main-thread sleeps at one
virtual instant; too many in a row is a busy loop (stops.py). The total
count is also the real-time watchdog's sign of progress.

Every thread of the program and threading's primitives wait through this
scheduler (the shared vthreads.py); sim.cpu's CPU work follows the GIL
model of the shared vcpu.py.
"""

import heapq
import itertools

from . import clock as _clock
from .shared import load

# shared with looplab (src/py/shim/vcpu.py, vthreads.py)
load("vcpu")
_vthreads = load("vthreads")
WaitList = _vthreads.WaitList


class SimThread(_vthreads.SimThread):
    """The scheduler's record of one lockstep thread, with its event token."""

    def __init__(self, thread):
        super().__init__(thread)
        self.token = 0                  # events with an older token are stale


class Scheduler(_vthreads.BatonScheduler):
    """The event heap and the blocking waits, on the shared baton
    (vthreads.BatonScheduler). See module doc."""

    STEP_BUDGET = load("vreport").STEP_BUDGET
    sim_class = SimThread

    def __init__(self, clock, stops):
        self.clock = clock
        self.stops = stops              # stops.Stops: reports and exits
        super().__init__()
        self.steps = 0                  # progress, for the watchdog
        self._events = []
        self._seq = itertools.count()
        self._instant = clock.now
        self._instant_steps = 0

    # -- waits of the calling thread --------------------------------------

    def wait_until(self, when):
        """Block the calling thread until virtual time `when` (time.sleep)."""
        if not self.owns_baton():
            # A thread started with _thread, outside the model.
            return _clock.real_sleep(max(0.0, when - self.clock.now))
        if self.current is self.main:
            self._count_step()
            self._run_events_until(when)
            self.clock.advance(when)
        else:
            me = self.current
            self._push(when, me)
            self._suspend(me)

    def sleep(self, seconds):
        self.wait_until(self.clock.now + seconds)


    # -- the events behind the shared baton (vthreads.BatonScheduler) ---

    def _worker_wait(self, me, deadline):
        if deadline is not None:
            self._push(deadline, me)
        else:
            me.token += 1               # no stale event may resume it

    def _wake_event(self, sim):
        self._push(self.clock.now, sim)

    def _reschedule(self, sim, when):
        self._push(when, sim)           # the earlier event goes stale

    def _compute_on_main(self, me):
        """sim.cpu on the main thread: a blocking wait whose end is the
        GIL model's finishing time, which moves as other threads start or
        stop computing: every event due by it runs, inclusive."""
        self._count_step()
        while True:
            finish = self.cpu.finish_of(me)
            event = self._peek()
            if event is None or event[0] > finish:
                self.clock.advance(finish)
                return
            self._run_next()

    def launch(self, sim):
        """`sim`'s OS thread is started: it first runs at an event now."""
        self.threads.append(sim)
        self._push(self.clock.now, sim)

    def wait_for_threads(self):
        """At exit (driver): run events until no non-daemon thread is left."""
        while any(not sim.thread.daemon for sim in self.threads):
            if self._peek() is None:
                self.stops.deadlock(self)
            self._run_next()

    # -- the loop's poll --------------------------------------------------

    def poll(self, loop, timeout):
        """The selector's select(timeout) for `loop`: where time moves.

        On the main thread:
          timeout 0 (callbacks ready, stopping, or a timer already due):
            run at most one event, and only one due now;
          timeout > 0 (nothing ready; the earliest timer is at `when`):
            run the events due by `when` one at a time, stopping as soon
            as the loop has a callback ready (a thread called
            call_soon_threadsafe); if none did, set the clock to exactly
            `when`;
          timeout None (nothing ready, no timer): the same without a
            bound; with no event left that is a deadlock.
        On a worker thread (a loop run inside a thread) the poll is a
        block, woken by call_soon_threadsafe or the earliest timer.
        """
        self._count_step()
        if self.current is not self.main:
            if timeout is None or timeout > 0:
                deadline = None if timeout is None else loop._scheduled[0]._when
                self.block(loop._lp_pollers, 'its event loop', deadline)
            return
        if timeout is not None and timeout <= 0:
            event = self._peek()
            if event is not None and event[0] <= self.clock.now:
                self._run_next()
            return
        limit = None if timeout is None else loop._scheduled[0]._when
        while not loop._ready:
            event = self._peek()
            if event is None or (limit is not None and event[0] > limit):
                if limit is None:
                    self.stops.deadlock(self)
                self.clock.advance(limit)
                return
            self._run_next()

    # -- the driver -------------------------------------------------------

    def _drive_while_blocked(self, me, deadline):
        while not me.woken:
            event = self._peek()
            if event is None or (deadline is not None and event[0] > deadline):
                if deadline is None:
                    self.stops.deadlock(self)
                self.clock.advance(deadline)
                return
            self._run_next()

    def _run_events_until(self, target):
        while True:
            event = self._peek()
            if event is None or event[0] > target:
                return
            self._run_next()

    def _push(self, when, sim):
        sim.token += 1
        heapq.heappush(self._events, (when, next(self._seq), sim.token, sim))

    def _peek(self):
        """The next live event, dropping stale ones; None if there is none."""
        events = self._events
        while events:
            event = events[0]
            sim = event[3]
            if event[2] == sim.token and not sim.finished:
                return event
            heapq.heappop(events)
        return None

    def _run_next(self):
        when, _seq, _token, sim = heapq.heappop(self._events)
        self.clock.advance(when)
        self._count_step()
        sim.token += 1                  # this wake-up is used up
        self.current = sim
        self.pass_baton(sim.gate, self.main.gate)
        # The baton is back: `sim` waits again or has ended.
        if sim.finished:
            self.threads.remove(sim)
            sim.thread.join()           # the OS thread is only tidying up
            sim.thread = None           # stale events may keep the record


    def _count_step(self):
        self.steps += 1
        if self.clock.now != self._instant:
            self._instant = self.clock.now
            self._instant_steps = 0
        self._instant_steps += 1
        if self._instant_steps > self.STEP_BUDGET:
            self.stops.busy(self)
