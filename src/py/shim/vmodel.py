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

datetime, random and sched are patched when they are first imported, by the
program or by any module (onimport.py): a program that never uses them does
not pay for importing them.
"""

import _random
import math
import os
import time

_when_imported = _shim["onimport"].when_imported

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

    # Modules that do `from time import monotonic as ...` when imported get
    # the clock as it is now, even if the program has replaced time's since.
    virtual_monotonic, virtual_sleep = time.monotonic, time.sleep

    def threading_clock(threading):
        threading._time = virtual_monotonic

    def queue_clock(queue):
        queue.time = virtual_monotonic

    def sched_clock(sched):
        sched._time = virtual_monotonic
        sched.scheduler.__init__.__defaults__ = (virtual_monotonic, virtual_sleep)

    _when_imported('threading', threading_clock)
    _when_imported('queue', queue_clock)
    _when_imported('sched', sched_clock)


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
    _when_imported('datetime', lambda module: _virtual_today(module, clock))


def _virtual_today(datetime_module, clock):
    real_datetime = datetime_module.datetime
    real_date = datetime_module.date

    def now(cls, tz=None):
        return real_datetime.fromtimestamp(clock.now, tz)

    def utcnow(cls):
        return real_datetime.utcfromtimestamp(clock.now)

    def datetime_today(cls):
        return real_datetime.fromtimestamp(clock.now)

    def date_today(cls):
        return real_date.fromtimestamp(clock.now)

    datetime_module.datetime = _stand_in(real_datetime, {
        'now': classmethod(now),
        'utcnow': classmethod(utcnow),
        'today': classmethod(datetime_today),
    })
    datetime_module.date = _stand_in(real_date, {
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
    # random.Random(seed).randbytes(n), without importing random: an int
    # seed goes to _random as it is, and randbytes is getrandbits(8n) as
    # little-endian bytes (Lib/random.py)
    stream = _random.Random(seed)

    def urandom(size):
        if size < 0:
            raise ValueError("negative argument not allowed")
        return stream.getrandbits(size * 8).to_bytes(size, 'little')

    def cpu_count():
        return CPU_COUNT

    os.urandom = urandom
    os.cpu_count = cpu_count
    _when_imported('random', lambda module: _seed_random(module, seed, urandom))


def _seed_random(random, seed, urandom):
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
