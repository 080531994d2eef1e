"""lockstep.py - threads in lockstep and in virtual time: one Python thread
runs at a time; the others wait for an event.

DESIGN.md: a thread runs until it waits (time.sleep, sim.cpu, a threading
primitive, its event loop's poll) or ends. Thread starts and wake-ups are
events ordered by (time, order set). The main thread drives: whenever it
waits, it runs the due events one at a time (each runs its thread until
that thread waits again) and moves the clock; a worker that waits or ends
hands control straight back to it.

Each thread is a real OS thread with a private `gate` (a real lock, held
while the thread may not run). A worker's wait with a deadline is an event
at the deadline; a wake-up is an event at the current time, and makes the
deadline event stale (each wait has a token; an event whose token is old
is dropped unseen). The main thread is never in the heap: waking it sets a
flag its driving loop reads after every event.

How the main thread waits (`Scheduler._drive`): events due at or before
its deadline run first (inclusive), in (time, order) order; it stops as
soon as it is woken; with `at_most_one` (a poll that began with callbacks
ready) it runs at most one due event. With no event before the deadline
the clock moves to the deadline; with no deadline and no event at all, it
is a deadlock.
"""

import _thread
import heapq
import itertools
import weakref

from . import cpu as _cpu
from .stops import STEP_BUDGET


class Sim:
    """The scheduler's record of one thread."""

    def __init__(self, thread, process):
        self._thread = weakref.ref(thread)  # an ended thread is not kept alive
        self._name = thread.name
        self.process = process          # which simulated process it is in
        self.gate = _thread.allocate_lock()
        self.gate.acquire()
        self.ident = None
        self.token = 0
        self.woken = False
        self.waiting = None             # what it waits for (runner's words)
        self.deadline = None            # float, a callable, or None
        self.idle_lane = False
        self.done = False
        self.os_gone = None             # real lock, released when the OS thread ends

    @property
    def thread(self):
        return self._thread()

    @property
    def name(self):
        thread = self._thread()
        return self._name if thread is None else thread.name


class Scheduler:
    def __init__(self, clock, stops, main_thread):
        self.clock = clock
        self.stops = stops
        self.main = Sim(main_thread, process=0)
        self.main.ident = _thread.get_ident()
        self.by_ident = {self.main.ident: self.main}
        self.threads = []               # other threads, in start order
        self.current = self.main
        self._heap = []
        self._order = itertools.count()
        self.steps = 0                  # progress, for the watchdog
        self._instant = None
        self._instant_steps = 0
        self.cpu = _cpu.CpuModel(self)

    # -- who is running ---------------------------------------------------

    def me(self):
        sim = self.by_ident.get(_thread.get_ident())
        if sim is None:
            raise RuntimeError('a thread started outside threading (with _thread) '
                               'cannot wait in virtual time')
        return sim

    def count_step(self):
        """A poll, an event or a main-thread sleep; too many at one instant
        in a row is a busy loop."""
        self.steps += 1
        if self._instant != self.clock.now:
            self._instant, self._instant_steps = self.clock.now, 0
        self._instant_steps += 1
        if self._instant_steps > STEP_BUDGET:
            self.stops.busy()

    # -- events -----------------------------------------------------------

    def push(self, when, sim):
        heapq.heappush(self._heap, (when, next(self._order), sim.token, sim))

    def _peek(self):
        heap = self._heap
        while heap and (heap[0][3].token != heap[0][2] or heap[0][3].done):
            heapq.heappop(heap)
        return heap[0] if heap else None

    def _run_next(self):
        when, _, _, sim = heapq.heappop(self._heap)
        self.clock.advance(when)
        self.count_step()
        sim.token += 1                  # its other events are stale now
        self.current = sim
        sim.gate.release()
        self.main.gate.acquire()        # until it waits again or ends
        self.current = self.main
        if sim.done and sim.os_gone is not None:
            sim.os_gone.acquire()       # real: its OS thread has really ended

    # -- threads ----------------------------------------------------------

    def new_thread(self, thread, process=0):
        return Sim(thread, process)

    def attach(self, sim, started, sentinels):
        """In the new OS thread: register, tell the starter, and wait for
        the start event."""
        sim.ident = _thread.get_ident()
        sim.os_gone = sentinels.pop(sim.ident, None)
        self.by_ident[sim.ident] = sim
        started.release()
        sim.gate.acquire()

    def launch(self, sim):
        """The starter's side: the thread first runs at an event now."""
        self.threads.append(sim)
        self.push(self.clock.now, sim)

    def finish(self, sim):
        """The thread ends: control goes back to the main thread."""
        sim.done = True
        sim.waiting = None
        self.by_ident.pop(sim.ident, None)
        self.threads.remove(sim)        # a thread that ended is not kept alive
        self.main.gate.release()

    # -- waits ------------------------------------------------------------

    def block(self, waitlist, deadline, what, first=False, at_most_one=False):
        """The calling thread waits until woken (True) or until `deadline`
        (a time, a callable giving one, or None: forever) passes (False)."""
        me = self.me()
        me.woken = False
        me.waiting = what
        me.deadline = deadline
        if waitlist is not None:
            if first:
                waitlist.insert(0, me)
            else:
                waitlist.append(me)
        try:
            if me is self.main:
                self._drive(at_most_one)
            else:
                me.token += 1
                if deadline is not None:
                    self.push(deadline() if callable(deadline) else deadline, me)
                self.main.gate.release()
                me.gate.acquire()
        finally:
            if waitlist is not None and me in waitlist:
                waitlist.remove(me)
            me.waiting = None
            me.deadline = None
        return me.woken

    def sleep_until(self, when, what='time.sleep()'):
        me = self.me()
        if me is self.main:
            self.count_step()
        self.block(None, when, what)

    def wake(self, sim):
        """Wake a waiting thread at the current time."""
        if sim.waiting is None or sim.woken:
            return
        sim.woken = True
        if sim is not self.main:
            sim.token += 1
            self.push(self.clock.now, sim)

    def wake_first(self, waitlist):
        for sim in waitlist:
            if not sim.woken:
                self.wake(sim)
                return

    def wake_all(self, waitlist):
        for sim in list(waitlist):
            self.wake(sim)

    def reschedule(self, sim):
        """A waiting worker's deadline moved (the CPU model)."""
        if sim is not self.main and sim.waiting is not None and not sim.woken:
            sim.token += 1
            self.push(sim.deadline(), sim)

    def _drive(self, at_most_one):
        main = self.main
        ran = 0
        while not main.woken:
            deadline = main.deadline() if callable(main.deadline) else main.deadline
            event = self._peek()
            if event is not None and (deadline is None or event[0] <= deadline):
                if at_most_one and ran:
                    return
                self._run_next()
                ran += 1
                continue
            if deadline is None:
                self.stops.deadlock(self)
            self.clock.advance(deadline)
            return
