"""vmodel.py - the virtual-time model's patches.

Everything a program can observe about time and chance follows DESIGN.md
here (the reference runner, tests/reference, implements the same model on
its own, so the two can be compared line for line). The engine supplies the
clock object (with `.now` and `.now_ns()`) and the blocking sleep.

Time (DESIGN.md, "The virtual-time model"): one clock, a double, starts at
0.0 when the program starts; as a date, 1970-01-01 00:00:00 UTC. Every
clock a program can read returns `clock.now`:
  time.time, time.monotonic, time.perf_counter and their _ns forms
  (ns = round(now * 1e9), round half to even);
  time.localtime, gmtime, ctime, asctime, strftime with no time argument;
  the monotonic clocks that threading, queue and sched bound at import;
  datetime.datetime.now/today/utcnow and datetime.date.today (the local
  time zone is UTC: TZ=UTC is set before anything reads it).
time.sleep(d) is a blocking wait of d seconds of virtual time on the calling
thread; what that means is the runner's business. time.process_time and
thread_time are left alone: they measure CPU time, not part of the model.

Chance: string hashing uses seed 0 (each runner starts the interpreter so);
`random` starts from random.seed(SEED); os.urandom(n) returns randbytes(n)
of a second random.Random(SEED), so uuid4, secrets and SystemRandom repeat
too; a Random seeded with None draws its seed from that same stream. The
simulated machine has 8 CPUs: os.cpu_count() is 8.
"""

import datetime as _datetime_mod
import math
import os
import queue
import random
import sched as _sched_mod
import threading
import time

# The real functions, kept before anything is patched.
real_sleep = time.sleep
real_monotonic = time.monotonic
# The process's CPU time: what the real-time budget counts (stops.py).
busy_seconds = time.process_time
_real_gmtime = time.gmtime
_real_localtime = time.localtime
_real_ctime = time.ctime
_real_asctime = time.asctime
_real_strftime = time.strftime


def sleep_seconds(secs):
    """Check a time.sleep() argument the way CPython does; return a float."""
    if isinstance(secs, float):
        if math.isnan(secs):
            raise ValueError("Invalid value NaN (not a number)")
        value = secs
    else:
        try:
            value = float(secs.__index__())
        except AttributeError:
            raise TypeError(f"'{type(secs).__name__}' object cannot be "
                            f"interpreted as an integer") from None
    if value < 0:
        raise ValueError("sleep length must be non-negative")
    return value


def install_time(clock, blocking_sleep):
    """Point the time module (and modules that copied from it) at `clock`.

    `blocking_sleep(seconds)` implements time.sleep for the calling thread.
    """
    os.environ['TZ'] = 'UTC'
    time.tzset()

    def now():
        return clock.now

    def now_ns():
        return clock.now_ns()

    def sleep(secs):
        blocking_sleep(sleep_seconds(secs))

    def gmtime(secs=None):
        return _real_gmtime(clock.now if secs is None else secs)

    def localtime(secs=None):
        return _real_localtime(clock.now if secs is None else secs)

    def ctime(secs=None):
        return _real_ctime(clock.now if secs is None else secs)

    def asctime(t=None):
        return _real_asctime(_real_localtime(clock.now) if t is None else t)

    def strftime(format, t=None):
        return _real_strftime(format,
                              _real_localtime(clock.now) if t is None else t)

    for name in ('time', 'monotonic', 'perf_counter'):
        setattr(time, name, _named(now, name))
        setattr(time, name + '_ns', _named(now_ns, name + '_ns'))
    for fn in (sleep, gmtime, localtime, ctime, asctime, strftime):
        setattr(time, fn.__name__, fn)

    # Modules that did `from time import monotonic as ...` at import.
    threading._time = time.monotonic
    queue.time = time.monotonic
    _sched_mod._time = time.monotonic
    _sched_mod.scheduler.__init__.__defaults__ = (time.monotonic, time.sleep)


def _named(fn, name):
    """A copy of `fn` called `name`, so that reprs read like the real thing."""
    def wrapper():
        return fn()
    wrapper.__name__ = wrapper.__qualname__ = name
    return wrapper


def install_datetime(clock):
    """Make datetime.datetime.now() and friends read the virtual clock.

    datetime's types are C types whose now() reads the system clock in C,
    so the datetime module's `datetime` and `date` are replaced by thin
    subclasses that override the clock-reading classmethods. Everything they
    return is an instance of the original type (so reprs, pickling and
    arithmetic are untouched), and a metaclass makes isinstance/issubclass
    against the replacements answer as they would for the originals.
    """
    real_datetime = _datetime_mod.datetime
    real_date = _datetime_mod.date

    def now(cls, tz=None):
        return real_datetime.fromtimestamp(clock.now, tz)

    def utcnow(cls):
        return real_datetime.utcfromtimestamp(clock.now)

    def datetime_today(cls):
        return real_datetime.fromtimestamp(clock.now)

    def date_today(cls):
        return real_date.fromtimestamp(clock.now)

    _datetime_mod.datetime = _stand_in(real_datetime, {
        'now': classmethod(now),
        'utcnow': classmethod(utcnow),
        'today': classmethod(datetime_today),
    })
    _datetime_mod.date = _stand_in(real_date, {
        'today': classmethod(date_today),
    })


def _stand_in(real, methods):
    """A subclass of C type `real` that passes for `real` itself."""

    class StandInMeta(type):
        def __instancecheck__(cls, obj):
            if cls is stand_in:
                return isinstance(obj, real)
            return type.__instancecheck__(cls, obj)

        def __subclasscheck__(cls, sub):
            if cls is stand_in:
                return issubclass(sub, real)
            return type.__subclasscheck__(cls, sub)

    def __new__(cls, *args, **kwargs):
        # Constructing the stand-in builds the real type; a program's own
        # subclass of it is built as usual.
        if cls is stand_in:
            return real(*args, **kwargs)
        return real.__new__(cls, *args, **kwargs)

    namespace = dict(methods, __new__=__new__, __slots__=(),
                     __module__=real.__module__, __qualname__=real.__qualname__,
                     __doc__=real.__doc__)
    stand_in = StandInMeta(real.__name__, (real,), namespace)
    return stand_in


CPU_COUNT = 8


def install_entropy(seed):
    stream = random.Random(seed)

    def urandom(size):
        if size < 0:
            raise ValueError("negative argument not allowed")
        return stream.randbytes(size)

    os.urandom = urandom
    random._urandom = urandom          # SystemRandom and secrets read this

    real_seed = random.Random.seed

    def seed_method(self, a=None, version=2):
        if a is None:
            a = int.from_bytes(os.urandom(32), 'big')
        real_seed(self, a, version)

    seed_method.__doc__ = real_seed.__doc__
    random.Random.seed = seed_method
    random.seed = random._inst.seed    # the module bound the old method
    random.seed(seed)

    def cpu_count():
        return CPU_COUNT

    os.cpu_count = cpu_count
