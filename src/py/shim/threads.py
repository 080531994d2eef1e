"""threads.py - every thread but the loop thread, in lockstep, in virtual time.

Threads run in lockstep with the loop thread (DESIGN.md): real OS threads,
so names, thread-locals and tracebacks are real, but only one Python thread
runs at a time, and a thread runs until it waits or ends. When each waiting
thread runs again is decided by the C lanes (src/core/lanes.c): its
wake-ups are events ordered by (time, order set), run during the loop's
poll, before timers due at the same time, or while the loop thread blocks.

The scheduler below is what the thread-pool model (lanes.py) runs on:

  * Every lockstep thread has a private `gate` lock, closed while it may not
    run. The baton holder (`Scheduler.current`) opens another's gate and
    closes itself on its own. The main thread (the loop thread) is the
    driver: it starts each run of events (through the C lanes, whose job
    callback is SimThread._lp_resume). A worker that waits hands its turn
    straight to the thread of the run's next event when the run goes on
    (lp_lanes_next_turn), else back to the driver; one that ends hands it
    back to the driver, which tidies it up.
  * A worker's wait sets its next wake-up in C (a sleep: at its end; a
    block: at its deadline, or none); waking it sets a wake-up now. Waking
    the main thread marks it woken and stops the run it waits in.
  * The main thread's waits drive: a sleep runs every event due within it
    (lp_lanes_block); a block runs events until it is woken or its deadline.

time.sleep and sim.cpu go through here; CPU work follows the GIL model of
the shared vcpu.py (vthreads.BatonScheduler.compute).
"""
import sys
import threading
import types

import _looplab

_now = _looplab.now
lanes = _shim["lanes"]
vthreads = _shim["vthreads"]

# Lockstep threads are C jobs in one pool with a lane each.
_THREAD_LANES = 65535

_trace = _looplab.trace
_intern = _looplab.intern
EV_THREAD_NEW = _looplab.EV_THREAD_NEW
EV_THREAD_WAIT = _looplab.EV_THREAD_WAIT
EV_THREAD_AT = _looplab.EV_THREAD_AT
EV_THREAD_WAKE = _looplab.EV_THREAD_WAKE
EV_THREAD_RESUME = _looplab.EV_THREAD_RESUME
EV_CPU_WORK = _looplab.EV_CPU_WORK
EV_CPU_RATE = _looplab.EV_CPU_RATE
EV_WORK_TAKEN = _looplab.EV_WORK_TAKEN

# lp_wait_kind (src/core/trace.h), by the call a thread waits in
WAIT_FUTURE, WAIT_QUEUE, WAIT_LOCK, WAIT_SEMAPHORE = 0, 4, 5, 6
WAIT_EVENT, WAIT_CONDITION, WAIT_BARRIER, WAIT_JOIN, WAIT_IDLE = 7, 8, 10, 11, 12
_WAIT_KINDS = {
    'Lock.acquire()': WAIT_LOCK, 'RLock.acquire()': WAIT_LOCK,
    'Queue.get()': WAIT_QUEUE, 'Queue.put()': WAIT_QUEUE, 'Queue.join()': WAIT_QUEUE,
    'PySimpleQueue.get()': WAIT_QUEUE,
    'Semaphore.acquire()': WAIT_SEMAPHORE, 'BoundedSemaphore.acquire()': WAIT_SEMAPHORE,
    'Event.wait()': WAIT_EVENT,
    'Condition.wait()': WAIT_CONDITION, 'Condition.wait_for()': WAIT_CONDITION,
    'Barrier.wait()': WAIT_BARRIER,
    'ThreadPoolExecutor.shutdown()': WAIT_JOIN,
}


class SimThread(vthreads.SimThread):
    """The scheduler's record of one lockstep thread: a C job."""

    new_gate = _looplab.Gate            # handed over without a GIL round trip

    def __init__(self, thread):
        super().__init__(thread)
        self.job = 0                    # its C job, once launched
        self.serial = 0                 # its trace number (0: the main thread)

    def _lp_resume(self):
        """The C lanes run this thread's wake-up (on the main thread)."""
        scheduler.run_thread(self)


class _EngineClock:
    __slots__ = ()

    @property
    def now(self):
        return _now()


class Scheduler(vthreads.BatonScheduler):
    """The blocking waits on the C lanes' events, on the shared baton
    (vthreads.BatonScheduler)."""

    sim_class = SimThread
    pass_baton = staticmethod(_looplab.pass_baton)

    def __init__(self):
        self.clock = _EngineClock()      # `.now`, as lanes.py reads it
        super().__init__()
        self._pool = None
        self._finished = []             # ended threads not yet tidied up

    # -- waits of the calling thread --------------------------------------

    def wait_until(self, when):
        """Block the calling thread until virtual time `when` (time.sleep)."""
        if not self.owns_baton():
            # a thread started with _thread, outside the model: it
            # sleeps in real time
            return _shim["vmodel"].real_sleep(max(0.0, when - _now()))
        if self.current is self.main:
            _stops().blocking_call_at(when)
            _looplab.block(when)
        else:
            me = self.current
            _looplab.job_sleep(me.job, when)
            self._suspend(me)

    def sleep(self, seconds):
        self.wait_until(_now() + seconds)

    def work_taken(self, pool_size, waited):
        """The calling lane took a job that queued `waited` s for a free worker."""
        _trace(EV_WORK_TAKEN, self.current.serial, min(pool_size, 0xffff), float(waited))


    # -- waits and wake-ups, into the trace --------------------------------

    def block(self, waitlist, what, deadline=None, quiet=False):
        me = self.current
        if quiet:
            kind, what_sid = WAIT_IDLE, _intern('work')
        else:
            call, where, line = _looplab.wait_site(*_wait_rules())
            kind, what_sid = _describe_wait(call, what)
            if where is not None:
                _trace(EV_THREAD_AT, me.serial, 0, (_file_sid(where) << 32) | line)
        _trace(EV_THREAD_WAIT, me.serial, kind, what_sid)
        woken = super().block(waitlist, what, deadline, quiet)
        _trace(EV_THREAD_RESUME, me.serial, 1 if woken else 0, 0)
        return woken

    def wake(self, sim):
        if not super().wake(sim):
            return False
        if sim is self.main:
            _looplab.wake_main()
        _trace(EV_THREAD_WAKE, sim.serial, 0, self.current.serial)
        return True

    # -- the events behind the shared baton (vthreads.BatonScheduler) ---

    def _worker_wait(self, me, deadline):
        if deadline is not None:
            _looplab.job_sleep(me.job, deadline)
        else:
            _looplab.job_park(me.job)

    def _wake_event(self, sim):
        _looplab.job_wake(sim.job)

    def _suspend(self, me):
        # When the loop thread would only run another thread's wake-up next
        # (or this one's), the turn goes there directly: one hand-over
        # instead of two, or none.
        turn = _looplab.job_next_turn(me.job)
        if turn is None:
            super()._suspend(me)
        elif turn is not me:
            self.current = turn
            self.pass_baton(turn.gate, me.gate)

    def leave(self, sim):
        self._finished.append(sim)      # the loop thread tidies up (run_thread)
        super().leave(sim)

    def _reschedule(self, sim, when):
        _looplab.job_wake_at(sim.job, when)

    def _cpu_changed(self, changed, sim, started):
        if started is not None:
            _trace(EV_CPU_WORK, sim.serial, sim.process, started)
            _trace(EV_CPU_RATE, sim.serial, sim.process, self.cpu.rate_of(sim))
        else:
            _trace(EV_CPU_RATE, sim.serial, sim.process, 0.0)
        for work in changed:
            _trace(EV_CPU_RATE, work.sim.serial, work.process, work.rate)
        super()._cpu_changed(changed, sim, started)

    def _compute_on_main(self, me):
        """sim.cpu on the loop thread: a blocking span (the loop is frozen)
        whose end is the GIL model's finishing time, which moves as other
        threads start or stop computing; every wake-up due by it runs."""
        stops = _stops()
        finish = self.cpu.finish_of(me)
        stops.blocking_call_at(finish)
        _looplab.block_begin(finish)
        while True:
            when = _looplab.next_wakeup()
            if when is None or when > finish:
                break
            stops.check_advance(when)
            self._run_next()
            if self.cpu.finish_of(me) != finish:
                finish = self.cpu.finish_of(me)
                stops.blocking_call_at(finish)
                _looplab.block_begin(finish)
        _looplab.block_end(finish)

    def _ended(self, sim):
        _looplab.job_finish(sim.job)

    # -- thread life ------------------------------------------------------

    def launch(self, sim):
        """`sim`'s OS thread is started: it first runs at an event now."""
        if self._pool is None:
            self._pool = _looplab.pool_new(_THREAD_LANES)
        self.threads.append(sim)
        sim.job = _looplab.submit(self._pool, sim)
        sim.serial = _looplab.job_serial(sim.job)
        _trace(EV_THREAD_NEW, sim.serial, getattr(sim.thread, '_lp_kind', 0),
               _intern(sim.name))

    def wait_for_threads(self):
        """At exit (driver): run events until no non-daemon thread is left."""
        while any(not sim.thread.daemon for sim in self.threads):
            if _looplab.next_wakeup() is None:
                _stops().deadlock(self)
            self._run_next()

    # -- the driver -------------------------------------------------------

    def run_thread(self, sim):
        """Hand the baton to `sim` until a thread hands it back (`sim`, or
        one it handed its turn to) when it waits or ends."""
        self.current = sim
        self.pass_baton(sim.gate, self.main.gate)
        while self._finished:
            done = self._finished.pop()
            self.threads.remove(done)
            done.thread.join()          # the OS thread is only tidying up
            done.thread = None          # the C job may outlive the thread

    def _drive_while_blocked(self, me, deadline):
        stops = _stops()
        limit = stops.run_limit() if deadline is None else min(deadline, stops.run_limit())
        while not me.woken:
            when = _looplab.next_wakeup()
            if when is None or (deadline is not None and when > deadline):
                if deadline is None:
                    stops.deadlock(self)
                stops.check_advance(deadline)
                _looplab.advance(deadline)
                return
            stops.check_advance(when)
            # every wake-up due by the limit, until one wakes this thread
            _looplab.run_until_woken(limit)

    def _run_next(self):
        _looplab.run_next_wakeup()



scheduler = None


def _stops():
    return _shim["stops"]


def _report():
    return _shim["vreport"]


# -- what a thread waits in, for the trace: the same answer as
# vreport.thread_wait, from C (no frame objects), cached per code object.

_rules = None
_waits_by_call = {}                     # code -> (kind, sid)
_waits_by_text = {}                     # the runner's own words -> (kind, sid)
_files = {}                             # code -> sid of its file name


def _wait_rules():
    global _rules
    if _rules is None:
        report = _report()
        _rules = ((report._STDLIB, '<'), tuple(report.RUNNER_PREFIXES),
                  frozenset(report._THREAD_ENTRIES))
    return _rules


def _wait_kind(text):
    kind = _WAIT_KINDS.get(text)
    if kind is None:
        kind = WAIT_JOIN if text.endswith(' to finish') else WAIT_FUTURE
    return kind, _intern(text)


def _describe_wait(call, fallback):
    if call is None:
        known = _waits_by_text.get(fallback)
        if known is None:
            known = _waits_by_text[fallback] = _wait_kind(fallback)
        return known
    known = _waits_by_call.get(call)
    if known is None:
        known = _waits_by_call[call] = _wait_kind(f"{call.co_qualname.lstrip('_')}()")
    return known


def _file_sid(code):
    sid = _files.get(code)
    if sid is None:
        sid = _files[code] = _intern(code.co_filename)
    return sid


def sleep(seconds):
    """time.sleep (seconds already checked by vmodel)."""
    if scheduler.current is scheduler.main and scheduler.owns_baton():
        _shim["introspect"].blocking_call(False)
    scheduler.sleep(seconds)


def cpu(seconds):
    """sim.cpu: `seconds` of pure-Python computation, recorded as such."""
    seconds = _shim["vmodel"].sleep_seconds(seconds)
    if scheduler.current is scheduler.main and scheduler.owns_baton():
        _shim["introspect"].blocking_call(True)
    scheduler.compute(seconds)


def _install_lpsim():
    """`_lpsim` is what scenarios/sim.py delegates to when a runner provides it."""
    module = types.ModuleType("_lpsim")
    module.__doc__ = "looplab's simulation hooks for scenarios/sim.py"
    module.cpu = cpu
    sys.modules["_lpsim"] = module


def install(options):
    global scheduler
    scheduler = Scheduler()
    _install_lpsim()
    _looplab.configure_locks(vthreads.lock_wait, vthreads.lock_handoff, *_wait_rules())
    vthreads.install(scheduler, _looplab.Lock)
    lanes.install(scheduler)
    # Program exit waits for pool lanes where concurrent.futures would. A
    # closure, not (function, scheduler): threading keeps the arguments where
    # the program can read them, and the scheduler is the engine's.
    threading._register_atexit(lambda: lanes.shut_down_at_exit(scheduler))
