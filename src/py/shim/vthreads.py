"""vthreads.py - every thread of the program in lockstep, with threading's
primitives waiting in virtual time.

The engine supplies the scheduler, a subclass of BatonScheduler below that
adds its events (threads.py: the C lanes). The reference runner models
threads from DESIGN.md on its own and shares none of this.

The model (DESIGN.md, the thread bullets of the virtual-time model):
threads run in lockstep with the loop thread, one Python thread at a time.
Every thread is a real OS thread (names, thread-locals, tracebacks and
threading.excepthook are CPython's), but it runs only while it holds the
BATON, and it holds it until it waits or ends. A release or notify wakes
its waiter at the current virtual time; a timeout wakes it at its deadline.

How threading is made to wait in lockstep (install()):
  * threading.Lock (and threading's own _allocate_lock) is Lock below: a
    lock that blocks in lockstep. Everything in threading, queue and
    concurrent.futures that waits is built on it: Condition (its waiter
    locks), RLock (threading's pure-Python _RLock), Event, Semaphore,
    BoundedSemaphore, Barrier, Timer, queue.Queue/LifoQueue/PriorityQueue,
    queue.SimpleQueue (the pure-Python one), concurrent.futures.wait and
    as_completed. So their return values, exceptions and timeouts are
    CPython's own code running on virtual time.
  * Thread.start hands the new thread to the scheduler: its first run is an
    event at the current time; Thread.join waits in lockstep.
  * A lock is handed over on release: the longest waiter gets it and wakes
    now (first come, first served, so no thread starves).

Locks made before install() (at import, inside the standard library) stay
real; they are only held for short moments, never across a wait.
"""

import _thread
import queue
import threading

_vcpu = _shim["vcpu"]

_real_start_new_thread = _thread.start_new_thread
_real_join = threading.Thread.join
_real_is_alive = threading.Thread.is_alive


class WaitList:
    """Threads blocked on one thing, in the order they blocked."""

    __slots__ = ('threads',)

    def __init__(self):
        self.threads = []


def closed_gate():
    """A lock held closed, where a thread waits for the baton."""
    gate = _thread.allocate_lock()
    gate.acquire()
    return gate


def pass_baton(open_gate, wait_gate):
    """Open another thread's gate, then wait at our own."""
    open_gate.release()
    wait_gate.acquire()


class SimThread:
    """A scheduler's record of one lockstep thread (runners add their own
    event bookkeeping in a subclass)."""

    new_gate = staticmethod(closed_gate)    # a runner may have faster gates

    def __init__(self, thread):
        self.thread = thread            # its threading.Thread
        self.gate = self.new_gate()     # closed: it may not run yet
        self.waiting_for = None         # what it blocks on, for reports
        self.quiet = False              # an idle pool lane: not a deadlock
        self.woken = False
        self.finished = False
        self.exited = WaitList()        # joiners
        self.ident = thread.ident       # main's; a new thread's at start
        self.process = 0                # whose GIL it needs (vcpu.py)

    @property
    def name(self):
        return self.thread.name


class BatonScheduler:
    """The part of a lockstep scheduler that both runners share: one baton,
    held by `current`; the main thread is the driver; waits on wait lists,
    wake-ups and the thread life cycle. A runner's subclass supplies the
    events (see the hooks at the end) and the driver's loops.
    """

    sim_class = SimThread               # the runner's SimThread subclass
    pass_baton = staticmethod(pass_baton)   # a runner may pass it faster

    def __init__(self):
        self.main = self.sim_class(threading.main_thread())
        self.current = self.main        # the baton holder
        self.threads = []               # started, not finished (not main)
        self.cpu = _vcpu.CpuModel(self.clock)
        self._processes = 0             # process-pool lanes made so far

    def owns_baton(self):
        """Is the calling OS thread the lockstep thread that may run?"""
        return _thread.get_ident() == self.current.ident

    def block(self, waitlist, what, deadline=None, quiet=False):
        """Block the calling thread on `waitlist` until woken or `deadline`.

        `what` says what it waits for (deadlock reports); `quiet` marks a
        wait that is not a deadlock if it lasts forever (an idle lane).
        Returns True if woken, False if the deadline came first.
        """
        if not self.owns_baton():
            raise RuntimeError('looplab: a thread started outside threading '
                               '(with _thread) cannot wait in virtual time')
        me = self.current
        me.waiting_for = what
        me.quiet = quiet
        me.woken = False
        waitlist.threads.append(me)
        if me is self.main:
            self._drive_while_blocked(me, deadline)
        else:
            self._worker_wait(me, deadline)
            self._suspend(me)
        woken = me.woken
        me.woken = False
        me.waiting_for = None
        me.quiet = False
        if not woken:
            waitlist.threads.remove(me)
        return woken

    def join(self, sim, timeout=None):
        """Block until lockstep thread `sim` has finished (or `timeout`)."""
        deadline = None if timeout is None else self.clock.now + max(timeout, 0.0)
        while not sim.finished:
            if not self.block(sim.exited, f"thread '{sim.name}' to finish", deadline):
                return

    def wake(self, sim):
        """Wake `sim` from `block` at the current virtual time.

        Returns False if it was not blocked or was already woken.
        """
        if sim.waiting_for is None or sim.woken:
            return False
        sim.woken = True
        if sim is not self.main:
            self._wake_event(sim)
        return True

    def wake_one(self, waitlist):
        while waitlist.threads:
            if self.wake(waitlist.threads.pop(0)):
                return True
        return False

    def wake_all(self, waitlist):
        threads, waitlist.threads = waitlist.threads, []
        for sim in threads:
            self.wake(sim)

    def adopt(self, thread):
        """Make a record for a threading.Thread about to start in lockstep.
        It belongs to its starter's process, unless it is a process-pool
        lane (lanes.py), a process of its own."""
        sim = self.sim_class(thread)
        if getattr(thread, '_lp_kind', 0) == PROCESS_LANE:
            self._processes += 1
            sim.process = self._processes
        else:
            sim.process = self.current.process
        return sim

    def compute(self, seconds):
        """sim.cpu: `seconds` of pure-Python work on the calling thread, at
        the share of a CPU the GIL model gives it (vcpu.py)."""
        me = self.current
        changed = self.cpu.start(me, me.process, seconds)
        mine = changed.pop()
        self._cpu_changed(changed, me, seconds)
        if me is self.main:
            self._compute_on_main(me)
        else:
            self._worker_wait(me, mine.finish)
            self._suspend(me)
        changed = self.cpu.stop(me)
        self._cpu_changed(changed, me, None)

    def _cpu_changed(self, changed, sim, started):
        """Move the wake-ups of the computations in `changed` to their new
        finishing times; `sim` started `started` seconds of work (None: it
        finished)."""
        for work in changed:
            if work.sim is not self.main:
                self._reschedule(work.sim, work.finish)

    def enter(self, sim):
        """First thing on a lockstep thread: wait for the baton."""
        sim.gate.acquire()

    def leave(self, sim):
        """Last thing on a lockstep thread: give the baton back for good."""
        sim.finished = True
        sim.thread.__dict__.pop('_lp_sim', None)    # no cycle to outlive it
        self.wake_all(sim.exited)
        self._ended(sim)
        self.current = self.main
        self.main.gate.release()

    def _suspend(self, me):
        """A worker gives the baton back to the driver and waits for it."""
        self.current = self.main
        self.pass_baton(self.main.gate, me.gate)

    # -- hooks: the runner's events --------------------------------------
    # clock                          an object with `.now`
    # launch(sim)                    the thread's first event, now
    # _worker_wait(me, deadline)     a worker's next event: at deadline, or none
    # _wake_event(sim)               an event now for a woken worker
    # _reschedule(sim, when)         a computing worker's wake-up moves to when
    # _ended(sim)                    the thread's events end
    # _drive_while_blocked(me, deadline)  the main thread waits, running events
    # _compute_on_main(me)           the main thread computes, running events,
    #                                until self.cpu.finish_of(me) (it moves)

    def _ended(self, sim):
        pass


_scheduler = None                       # set by install()
PROCESS_LANE = 2                        # lp_thread_kind of a process-pool lane


# ---- the lock everything waits on ----

def _wait_seconds(blocking, timeout):
    """A lock's (blocking, timeout) as seconds to wait: None = forever,
    0 = not at all; checked as _thread.lock.acquire checks them."""
    if not blocking:
        if timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        return 0
    if timeout == -1:
        return None
    if timeout < 0:
        raise ValueError("timeout value must be positive")
    if timeout > threading.TIMEOUT_MAX:
        raise OverflowError("timestamp too large to convert to C _PyTime_t")
    return timeout


def lock_wait(lock, seconds):
    """A thread blocks on a held lock: True once the lock is handed to it,
    False when `seconds` (None: no limit) pass first."""
    waiters = lock._waiters
    if waiters is None:
        waiters = lock._waiters = WaitList()
    sched = _scheduler
    deadline = None if seconds is None else sched.clock.now + seconds
    return sched.block(waiters, 'Lock.acquire()', deadline)


def lock_handoff(lock):
    """A release of a lock others wait for: hand it to the longest waiter,
    who wakes now. False if none can take it (the lock is then free)."""
    waiters = lock._waiters
    return bool(waiters and waiters.threads) and _scheduler.wake_one(waiters)


class Lock:
    """threading.Lock in lockstep: acquire blocks in virtual time, and
    release hands the lock to the longest waiter. (looplab uses the same
    lock written in C: src/py/lock.c.)"""

    __slots__ = ('_locked', '_waiters', '__weakref__')

    def __init__(self):
        self._locked = False
        self._waiters = None            # WaitList, once someone waited

    def acquire(self, blocking=True, timeout=-1):
        if blocking is True and timeout == -1:
            seconds = None
        else:
            seconds = _wait_seconds(blocking, timeout)
        if not self._locked:
            self._locked = True
            return True
        if seconds == 0:
            return False
        return lock_wait(self, seconds)

    def release(self):
        if not self._locked:
            raise RuntimeError('release unlocked lock')
        if not lock_handoff(self):
            self._locked = False

    def locked(self):
        return self._locked

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc_info):
        self.release()

    def _at_fork_reinit(self):
        self._locked = False
        self._waiters = None

    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __repr__(self):
        state = 'locked' if self._locked else 'unlocked'
        return f'<{state} _thread.lock object at {id(self):#x}>'


Lock.__name__ = Lock.__qualname__ = 'lock'
Lock.__module__ = '_thread'


# ---- the program's threads ----

def _thread_start(self):
    """Thread.start: the thread's first run is an event now."""
    if not self._initialized:
        raise RuntimeError("thread.__init__() not called")
    if self._started.is_set():
        raise RuntimeError("threads can only be started once")
    sched = _scheduler
    sim = sched.adopt(self)
    self._lp_sim = sim
    started = _thread.allocate_lock()
    started.acquire()
    sim.os_started = started
    with threading._active_limbo_lock:
        threading._limbo[self] = self
    try:
        _real_start_new_thread(self._bootstrap, ())
    except Exception:
        with threading._active_limbo_lock:
            del threading._limbo[self]
        raise
    started.acquire()                   # its ident is known, as in CPython
    sim.ident = self._ident
    self._started.set()                 # is_alive() from now on
    sched.launch(sim)


def _thread_bootstrap(self):
    """The new OS thread: make its identity known, then wait for the baton
    and run threading's own _bootstrap_inner (run, excepthook, clean-up)."""
    sim = self._lp_sim
    self._set_ident()
    sim.os_started.release()
    sched = _scheduler
    sched.enter(sim)
    try:
        self._bootstrap_inner()
    finally:
        sched.leave(sim)


def _thread_join(self, timeout=None):
    sim = self.__dict__.get('_lp_sim')
    if sim is not None and not sim.finished and _scheduler.owns_baton():
        if not self._initialized:
            raise RuntimeError("Thread.__init__() not called")
        if self is threading.current_thread():
            raise RuntimeError("cannot join current thread")
        _scheduler.join(sim, timeout)
        if not sim.finished:
            return
    _real_join(self, timeout)           # the OS thread only tidies up


_thread_join.__doc__ = _real_join.__doc__


def _thread_is_alive(self):
    # Started but not yet run: threading only knows it from its first run.
    sim = self.__dict__.get('_lp_sim')
    if sim is not None and not sim.finished and self._started.is_set():
        return True
    return _real_is_alive(self)


_thread_is_alive.__doc__ = _real_is_alive.__doc__


def install(scheduler, lock_class=Lock):
    """Every thread started from now on runs in lockstep on `scheduler`,
    and threading's primitives wait on it, built on `lock_class` (a class
    with Lock's behaviour, whose slow paths call lock_wait/lock_handoff)."""
    global _scheduler
    _scheduler = scheduler
    threading.Lock = threading._allocate_lock = lock_class
    threading._CRLock = None            # RLock(): threading's _RLock, on Lock
    queue.SimpleQueue = queue._PySimpleQueue
    thread = threading.Thread
    thread.start = _thread_start
    thread._bootstrap = _thread_bootstrap
    thread.join = _thread_join
    thread.is_alive = _thread_is_alive
