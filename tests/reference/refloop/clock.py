"""clock.py - the witness's virtual clock and the model's patches of what a
program can read: clocks, dates, local time, randomness, cpu_count.

DESIGN.md ("The virtual-time model"): every clock reads one virtual clock
that starts at 0.0 (1970-01-01 00:00:00 UTC); local time is UTC; random is
seeded with the --seed value (0) and os.urandom(n) is randbytes(n) of a
second Random(seed); os.cpu_count() is 8.
"""

import datetime
import math
import operator
import os
import random
import time

# The real functions, kept before anything is patched.
real_sleep = time.sleep
real_process_time = time.process_time
_real_localtime = time.localtime
_real_gmtime = time.gmtime
_real_strftime = time.strftime
_real_asctime = time.asctime

CPUS = 8


class VirtualClock:
    """Seconds since the program started, a float. `advance` is the only
    way it moves: never backwards, never past `until` (then `on_limit`
    stops the program and does not return)."""

    def __init__(self, until):
        self.now = 0.0
        self.until = until
        self.on_limit = None

    def advance(self, when):
        if when > self.until:
            self.on_limit(when)
        if when > self.now:
            self.now = when


def seconds(value):
    """time.sleep's reading of its argument, with its errors."""
    if isinstance(value, float):
        if math.isnan(value):
            raise ValueError('Invalid value NaN (not a number)')
    else:
        value = operator.index(value)
    if value < 0:
        raise ValueError('sleep length must be non-negative')
    return float(value)


def install_time(clock, sleep):
    """time.*, and the copies threading, queue and sched took at import."""
    now = lambda: clock.now
    now_ns = lambda: int(round(clock.now * 1e9))
    for name in ('time', 'monotonic', 'perf_counter'):
        setattr(time, name, now)
        setattr(time, name + '_ns', now_ns)
    time.sleep = sleep
    time.localtime = lambda secs=None: _real_localtime(clock.now if secs is None else secs)
    time.gmtime = lambda secs=None: _real_gmtime(clock.now if secs is None else secs)
    time.ctime = lambda secs=None: _real_asctime(time.localtime(secs))
    time.asctime = lambda t=None: _real_asctime(time.localtime() if t is None else t)

    def strftime(format, t=None):
        return _real_strftime(format, time.localtime() if t is None else t)
    time.strftime = strftime
    os.environ['TZ'] = 'UTC'
    time.tzset()
    import queue
    import sched
    import threading
    threading._time = now
    queue.time = now
    sched._time = now
    os.cpu_count = lambda: CPUS


def install_datetime(clock):
    """datetime.now/today/utcnow and date.today read the virtual clock. The
    C types cannot be patched, so the module gets subclasses that read as
    the originals."""
    real_datetime, real_date = datetime.datetime, datetime.date

    class VDate(real_date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(clock.now)

        def __repr__(self):
            return 'datetime.' + super().__repr__()

    class VDatetime(real_datetime, VDate):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(clock.now, tz)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(clock.now)

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(clock.now)

        def __repr__(self):
            return 'datetime.' + super().__repr__()

    for cls, real in ((VDatetime, real_datetime), (VDate, real_date)):
        cls.__name__ = cls.__qualname__ = real.__name__
        cls.__module__ = 'datetime'
    datetime.datetime, datetime.date = VDatetime, VDate


def install_entropy(seed):
    random.seed(seed)
    source = random.Random(seed)

    def urandom(n):
        n = operator.index(n)
        if n < 0:
            raise ValueError('negative argument not allowed')
        return source.randbytes(n)
    os.urandom = urandom
    random._urandom = urandom
    # A Random seeded with None (Random(), random.seed()) takes its seed from
    # the same stream, as CPython takes it from the system's entropy.
    real_seed = random.Random.seed

    def seed(self, a=None, version=2):
        if a is None:
            a = int.from_bytes(urandom(32), 'big')
        real_seed(self, a, version)
    random.Random.seed = seed
    random.seed = random._inst.seed
