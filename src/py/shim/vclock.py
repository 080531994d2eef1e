"""vclock.py - every clock a program can read is the virtual clock.

The virtual clock starts at 0.0 (as a date: 1970-01-01 00:00:00 UTC) and
moves only when the loop waits or a thread blocks, so the same program gives
the same output on every run (DESIGN.md, the virtual-time model):
  - time.time, monotonic, perf_counter and their _ns forms, and the copies
    of monotonic that threading and queue bound at import;
  - time.strftime, localtime, gmtime, ctime, asctime without a time argument;
  - datetime.datetime.now / today / utcnow and datetime.date.today;
  - (time.sleep is threads.py's: it waits in virtual time);
  - random starts from seed(0); os.urandom(n) is randbytes(n) of a second
    Random(0); os.cpu_count() is 8; local time is UTC.
"""
import datetime as _datetime
import os
import random
import sys
import time

import _looplab

_now = _looplab.now


def _now_ns():
    return int(_now() * 1e9)


def _with_default_time(function):
    def patched(*args):
        if not args:
            return function(_now())
        return function(*args)
    patched.__name__ = function.__name__
    patched.__doc__ = function.__doc__
    return patched


def _strftime(format, t=None):
    return _real_strftime(format, time.localtime(_now()) if t is None else t)


_real_strftime = time.strftime


def _patch_datetime():
    """datetime's classes are C types; their now() reads the system clock
    through a C call. Replace now/today/utcnow with subclass methods, keeping
    the classes' names, reprs and isinstance relations."""
    base_dt = _datetime.datetime
    base_date = _datetime.date

    class datetime(base_dt):
        @classmethod
        def now(cls, tz=None):
            return cls.fromtimestamp(_now(), tz)

        @classmethod
        def today(cls):
            return cls.fromtimestamp(_now())

        @classmethod
        def utcnow(cls):
            return cls.utcfromtimestamp(_now())

        def __repr__(self):
            return base_dt.__repr__(self).replace("datetime(", "datetime.datetime(", 1)

    class date(base_date):
        @classmethod
        def today(cls):
            return cls.fromtimestamp(_now())

        def __repr__(self):
            return base_date.__repr__(self).replace("date(", "datetime.date(", 1)

    datetime.__module__ = date.__module__ = "datetime"
    _datetime.datetime = datetime
    _datetime.date = date


def install(options):
    os.environ["TZ"] = "UTC"
    time.tzset()
    time.time = _now
    time.monotonic = _now
    time.perf_counter = _now
    time.time_ns = _now_ns
    time.monotonic_ns = _now_ns
    time.perf_counter_ns = _now_ns
    time.strftime = _strftime
    for name in ("localtime", "gmtime", "ctime"):
        setattr(time, name, _with_default_time(getattr(time, name)))
    time.asctime = lambda t=None, _f=time.asctime: _f(time.localtime(_now()) if t is None else t)

    import threading
    import queue
    threading._time = _now
    queue.time = _now
    _patch_datetime()

    seed = options["seed"]
    random.seed(seed)
    urandom_source = random.Random(seed)
    os.urandom = lambda n: urandom_source.randbytes(n)
    os.cpu_count = lambda: 8
