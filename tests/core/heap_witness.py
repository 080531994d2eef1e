"""heap_witness.py - CPython's own timer heap, as the trace would record it.

The witness for test_state_heap.c. It drives asyncio's real BaseEventLoop
(its call_at, TimerHandle.cancel and _run_once, with heapq) on seeded random
sequences of call_at / cancel / iterations, in virtual time, and prints the
records looplab's engine writes for the same events, each followed by what
the heap holds and the order the timers will fire in. It imports nothing
from looplab: the heap positions come from CPython's list, the fire order
from running a copy of the loop on to the end.

Usage: heap_witness.py SEED SEQUENCES

Output, one line each (times and deadlines as float.hex, exact):
    Q                       a new sequence: a fresh state
    A TIME SERIAL WHEN      CALL_AT            C TIME SERIAL   CANCEL
    P TIME SERIAL           PURGE              B TIME KEPT     REBUILD
    O TIME                  POLL               D TIME SERIAL   TIMER_DUE
    I TIME NTODO            ITER               R TIME SERIAL   RUN
    S TIME SERIAL           SKIP
    H SERIAL...             loop._scheduled, position by position
    X COUNT                 loop._timer_cancelled_count
    E SERIAL...             the timers not cancelled, in the order they fire
"""
import asyncio
import asyncio.base_events as base_events
import heapq
import random
import sys


class Idle(Exception):
    """select(None): no timer left."""


class HeapLog:
    """base_events' heapq, logging what _run_once pops and heapifies."""

    def __init__(self):
        self.log = None

    def heappush(self, heap, item):
        heapq.heappush(heap, item)

    def heappop(self, heap):
        item = heapq.heappop(heap)
        if self.log is not None:
            self.log.append(('pop', item))
        return item

    def heapify(self, heap):
        heapq.heapify(heap)
        if self.log is not None:
            self.log.append(('heapify', len(heap)))


HEAPQ = HeapLog()
base_events.heapq = HEAPQ


class Selector:
    def __init__(self, loop):
        self.loop = loop

    def select(self, timeout):
        loop = self.loop
        if HEAPQ.log is not None:
            HEAPQ.log.append(('poll', None))
        if timeout is None:
            raise Idle
        if timeout > 0:  # the virtual clock moves exactly to the deadline
            loop.now = loop._scheduled[0]._when
        return []


class VirtualLoop(base_events.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self.now = 0.0
        self._selector = Selector(self)

    def time(self):
        return self.now

    def _process_events(self, event_list):
        pass


FIRED = []
SERIAL = {}  # id(TimerHandle) -> serial (cancel() drops a handle's args)
KEEP = []    # the handles of the current sequence, so their ids stay unique


def fire(serial):
    FIRED.append(serial)


def h(x):
    return float(x).hex()


def future_order(loop):
    """Runs a copy of the loop until no timer is left: the firing order."""
    twin = VirtualLoop()
    twin.now = loop.now
    twin._timer_cancelled_count = loop._timer_cancelled_count
    for handle in loop._scheduled:
        copy = asyncio.TimerHandle(handle._when, fire, (SERIAL[id(handle)],), twin)
        copy._cancelled = handle._cancelled
        copy._scheduled = True
        twin._scheduled.append(copy)
    saved, HEAPQ.log = HEAPQ.log, None
    del FIRED[:]
    try:
        while True:
            twin._run_once()
    except Idle:
        pass
    HEAPQ.log = saved
    order = list(FIRED)
    del FIRED[:]
    twin._scheduled = []
    return order


class Sequence:
    def __init__(self, rng, out):
        self.rng = rng
        self.out = out
        self.loop = VirtualLoop()
        self.serial = 0

    def emit(self, *fields):
        self.out.append(' '.join(str(f) for f in fields))

    def expect(self):
        loop = self.loop
        self.emit('H', *[SERIAL[id(t)] for t in loop._scheduled])
        self.emit('X', loop._timer_cancelled_count)
        self.emit('E', *future_order(loop))

    def deadline(self):
        rng, now = self.rng, self.loop.now
        kind = rng.random()
        if kind < 0.5:   # a few round delays: many equal deadlines
            return now + rng.choice([0.0, 0.25, 0.5, 0.5, 1.0, 1.0, 2.0])
        if kind < 0.8:   # sums of tenths: deadlines 1e-16 apart, collected together
            return now + sum(0.1 for _ in range(rng.randint(1, 5)))
        return now + rng.random() * 3

    def call_at(self):
        self.serial += 1
        when = self.deadline()
        handle = self.loop.call_at(when, fire, self.serial)
        SERIAL[id(handle)] = self.serial
        KEEP.append(handle)
        self.emit('A', h(self.loop.now), self.serial, h(when))

    def cancel(self, handle):
        handle.cancel()
        self.emit('C', h(self.loop.now), SERIAL[id(handle)])

    def iterate(self):
        """One _run_once, reported as the engine reports it."""
        loop = self.loop
        HEAPQ.log = []
        before = loop.now
        idle = False
        try:
            loop._run_once()
        except Idle:  # the engine's loop stops before its poll: no POLL record
            idle = True
        log, HEAPQ.log = HEAPQ.log, None
        polled, ready = False, []
        for what, item in log:
            if what == 'poll' and idle:
                return
            if what == 'poll':
                polled = True
                self.emit('O', h(before))
            elif what == 'heapify':
                self.emit('B', h(before), item)
            elif not polled:
                self.emit('P', h(before), SERIAL[id(item)])
            else:
                self.emit('D', h(loop.now), SERIAL[id(item)])
                ready.append(item)
        if not polled:
            return
        self.emit('I', h(loop.now), len(ready))
        for handle in ready:
            self.emit('S' if handle._cancelled else 'R', h(loop.now), SERIAL[id(handle)])
        del FIRED[:]

    def live(self):
        return [t for t in self.loop._scheduled if not t._cancelled]

    def run(self, steps, crowd):
        self.emit('Q')
        SERIAL.clear()
        del KEEP[:]
        rng = self.rng
        if crowd:  # enough timers, then enough cancelled, for a rebuild
            for _ in range(rng.randint(101, 160)):
                self.call_at()
            live = self.live()
            for handle in rng.sample(live, rng.randint(len(live) // 2, len(live) - 1)):
                self.cancel(handle)
            self.expect()
        for _ in range(steps):
            r = rng.random()
            live = self.live()
            if r < 0.45:
                self.call_at()
            elif r < 0.65 and live:
                self.cancel(rng.choice(live))
            else:
                self.iterate()
            self.expect()


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    out = []
    for n in range(count):
        Sequence(rng, out).run(rng.randint(5, 60), crowd=n % 40 == 39)
        if len(out) > 10000:
            sys.stdout.write('\n'.join(out) + '\n')
            out = []
    sys.stdout.write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main()
