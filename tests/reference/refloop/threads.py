"""threads.py - threading in lockstep: threads and the primitives that wait.

threading's Condition, Event, Semaphore, Barrier, RLock (its Python one),
Thread.join and queue.Queue are all built on threading.Lock (and
_allocate_lock). Replacing that one lock with VLock, a lock that waits in
virtual time through the scheduler, makes all of them wait in virtual time.
A released lock wakes its first waiter at the current time; the waiter
takes the lock if it is still free when it runs.

Thread.start starts the OS thread and returns at once (the new thread first
runs at an event set now, when the starter next waits); threading's own
_bootstrap_inner runs it, and the thread gives control back in _delete,
after run() and the excepthook.
"""

import _thread
import queue
import threading

_sched = None


class VLock:
    """threading.Lock, waiting in virtual time."""

    def __init__(self):
        self._locked = False
        self._waiters = []

    def acquire(self, blocking=True, timeout=-1):
        if not blocking and timeout != -1:
            raise ValueError("can't specify a timeout for a non-blocking call")
        if timeout < 0 and timeout != -1:
            raise ValueError('timeout value must be positive')
        if timeout * 1e9 >= 2 ** 63:
            raise OverflowError('timestamp too large to convert to C _PyTime_t')
        if timeout > threading.TIMEOUT_MAX:
            raise OverflowError('timeout value is too large')
        if not self._locked:
            self._locked = True
            return True
        if not blocking:
            return False
        deadline = None if timeout == -1 else _sched.clock.now + timeout
        retry = False
        while True:
            woken = _sched.block(self._waiters, deadline, 'Lock.acquire()', first=retry)
            if not self._locked:
                self._locked = True
                return True
            if not woken:
                return False
            retry = True

    def release(self):
        if not self._locked:
            raise RuntimeError('release unlocked lock')
        self._locked = False
        _sched.wake_first(self._waiters)

    def locked(self):
        return self._locked

    def _at_fork_reinit(self):
        self._locked = False
        self._waiters = []

    __enter__ = acquire
    acquire_lock = acquire
    release_lock = release
    locked_lock = locked

    def __exit__(self, *exc):
        self.release()

    def __repr__(self):
        state = 'locked' if self._locked else 'unlocked'
        return f'<{state} _thread.lock object at {id(self):#018x}>'


def _start(self):
    """Thread.start: the thread exists at once; it first runs at an event."""
    if not self._initialized:
        raise RuntimeError('thread.__init__() not called')
    if self._started.is_set():
        raise RuntimeError('threads can only be started once')
    with threading._active_limbo_lock:
        threading._limbo[self] = self
    sim = _sched.new_thread(self, getattr(self, '_lp_process', 0))
    self._lp_sim = sim
    started = _thread.allocate_lock()
    started.acquire()
    _park_then_run(self, sim, started)
    try:
        _thread.start_new_thread(self._bootstrap, ())
    except Exception:
        with threading._active_limbo_lock:
            del threading._limbo[self]
        raise
    started.acquire()                   # real: the thread is at its gate
    _sched.launch(sim)


def _park_then_run(self, sim, started):
    """Put in front of the thread's run(): threading's own _bootstrap_inner
    has made the thread alive; it waits for its start event, then runs."""
    real_run = self.run

    def run():
        del self.run                    # the instance attribute: this function
        _sched.attach(sim, started, _real_sentinels)
        real_run()
    self.run = run


def _delete(self):
    """The end of threading's _bootstrap_inner (after run() and the
    excepthook): the thread is gone, joiners wake, control goes back."""
    with threading._active_limbo_lock:
        threading._active.pop(_thread.get_ident(), None)
    lock = self._tstate_lock
    if lock is not None and lock.locked():
        lock.release()
    sim = self.__dict__.pop('_lp_sim')
    _sched.finish(sim)


_real_sentinels = {}                    # thread ident -> its real sentinel


def _sentinel():
    """threading's _set_sentinel, called by a new thread: the lock Thread.join
    waits on is a VLock; the real sentinel (released by the interpreter once
    the OS thread is gone) is kept for the scheduler, which waits for it so
    that nothing of an ended thread still runs beside the next one."""
    real = _thread._set_sentinel()
    real.acquire()
    _real_sentinels[_thread.get_ident()] = real
    return VLock()


def install(sched):
    global _sched
    _sched = sched
    threading.Lock = VLock
    threading._allocate_lock = VLock
    threading._CRLock = None            # RLock: threading's own, on VLock
    threading._set_sentinel = _sentinel  # what Thread.join waits on
    threading.Thread.start = _start
    threading.Thread._delete = _delete
    queue.SimpleQueue = queue._PySimpleQueue
