"""vcpu.py - CPU work and the GIL, in virtual time.

Every finishing time is computed with double arithmetic, in a fixed order,
so runs are reproducible. (The reference runner, tests/reference, models
the same from DESIGN.md on its own and shares none of this code.)

The model (DESIGN.md, "CPU work and the GIL"): sim.cpu(d) is d seconds of
pure-Python work. The threads of one process share its GIL: while k of
them compute at once, each advances at 1/k speed. Processes (the program
itself, and each lane of a process pool) have a GIL each and share the
machine's CPUS simulated CPUs: while m processes compute, each gets
min(1, CPUS / m) of a CPU, split among its computing threads. time.sleep,
waits and loop callbacks hold no CPU.

Whenever a thread starts or stops computing, every computing thread's work
left is brought up to date at its old rate, and its finishing time is set
again at its new rate: now + left / rate. The runner then moves that
thread's wake-up (an event, ordered by (time, order set) like any other)
to the new finishing time, in the order the threads began to compute.
A thread is done when its finishing wake-up comes: its work left counts as
zero then, whatever rounding left over.
"""

CPUS = 8


class Computation:
    """One thread's CPU work in progress."""

    __slots__ = ('sim', 'process', 'left', 'rate', 'finish')

    def __init__(self, sim, process, seconds, now):
        self.sim = sim
        self.process = process      # the GIL it needs
        self.left = seconds         # work left, in seconds at full speed
        self.rate = 1.0             # share of a CPU it gets now
        self.finish = now + seconds


class CpuModel:
    """Who computes, at what rate, until when."""

    def __init__(self, clock, cpus=CPUS):
        self.clock = clock
        self.cpus = cpus
        self.running = {}           # sim -> Computation, in start order
        self.updated = clock.now    # when `left` was last brought up to date

    def start(self, sim, process, seconds):
        """`sim` starts `seconds` of work needing `process`'s GIL. Returns
        the computations whose finishing time changed, its own last."""
        self._bring_up_to_date()
        work = Computation(sim, process, seconds, self.clock.now)
        self.running[sim] = work
        changed = [other for other in self._rerate() if other is not work]
        changed.append(work)
        return changed

    def stop(self, sim):
        """`sim`'s work is done (its finishing wake-up came). Returns the
        computations whose finishing time changed."""
        self._bring_up_to_date()
        del self.running[sim]
        return self._rerate()

    def finish_of(self, sim):
        return self.running[sim].finish

    def rate_of(self, sim):
        work = self.running.get(sim)
        return 0.0 if work is None else work.rate

    def _bring_up_to_date(self):
        now = self.clock.now
        elapsed = now - self.updated
        if elapsed > 0:
            for work in self.running.values():
                work.left = max(0.0, work.left - elapsed * work.rate)
        self.updated = now

    def _rerate(self):
        threads_per_process = {}
        for work in self.running.values():
            threads_per_process[work.process] = threads_per_process.get(work.process, 0) + 1
        processes = len(threads_per_process)
        cpu_share = min(1.0, self.cpus / processes) if processes else 1.0
        now = self.clock.now
        changed = []
        for work in self.running.values():
            rate = cpu_share / threads_per_process[work.process]
            finish = now + work.left / rate
            if rate != work.rate or finish != work.finish:
                work.rate = rate
                work.finish = finish
                changed.append(work)
        return changed
