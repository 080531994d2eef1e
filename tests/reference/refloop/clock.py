"""The reference runner's virtual clock.

VirtualClock is the one clock of the program as the reference runner keeps
it. The patches that make time, datetime, random and os.urandom follow the
model are shared with looplab: they live in src/py/shim/vmodel.py and are
re-exported here (install_time, install_datetime, install_entropy, ...).
"""

from .shared import load

_model = load("vmodel")
real_sleep = _model.real_sleep
real_monotonic = _model.real_monotonic
sleep_seconds = _model.sleep_seconds
install_time = _model.install_time
install_datetime = _model.install_datetime
install_entropy = _model.install_entropy


class TimeLimitExceeded(Exception):
    """Raised by VirtualClock.advance when the clock would pass the limit."""


class VirtualClock:
    """The one clock of the program: seconds since the start, a float.

    `advance(t)` is the only way the clock moves. It never moves backwards,
    and it never passes `until` (the --until limit): asking it to calls
    `on_limit(t)`, which stops the program (stops.py) and does not return.
    """

    def __init__(self, until):
        self.now = 0.0
        self.until = until
        self.on_limit = None

    def advance(self, t):
        if t <= self.now:
            return
        if t > self.until:
            self.on_limit(t)
            raise TimeLimitExceeded(t)   # on_limit must not return
        self.now = t

    def now_ns(self):
        return round(self.now * 1e9)


