"""cpu.py - sim.cpu's CPU work under the GIL model (DESIGN.md).

The threads of one process share its GIL: while k of them compute, each
advances at 1/k speed. Processes (the program, each lane of a process pool)
share the machine's 8 CPUs: while P processes compute, each gets
min(1, 8/P) of a CPU. Work is processor sharing: whenever a thread starts
or stops computing, every computing thread's remaining work is brought up
to date and its finishing time recomputed.
"""

CPUS = 8


class CpuModel:
    def __init__(self, sched):
        self.sched = sched
        self.remaining = {}             # sim -> seconds of work left
        self.since = 0.0                # when `remaining` was last updated

    def _rates(self):
        per_process = {}
        for sim in self.remaining:
            per_process[sim.process] = per_process.get(sim.process, 0) + 1
        share = min(1.0, CPUS / len(per_process)) if per_process else 1.0
        return {sim: share / per_process[sim.process] for sim in self.remaining}

    def _update(self):
        now = self.sched.clock.now
        elapsed = now - self.since
        if elapsed > 0:
            for sim, rate in self._rates().items():
                self.remaining[sim] = max(0.0, self.remaining[sim] - rate * elapsed)
        self.since = now

    def finish_of(self, sim):
        rate = self._rates()[sim]
        return self.since + self.remaining[sim] / rate

    def _changed(self, except_sim):
        for sim in self.remaining:
            if sim is not except_sim:
                self.sched.reschedule(sim)

    def compute(self, seconds):
        """`seconds` of CPU work on the calling thread."""
        sched = self.sched
        me = sched.me()
        if me is sched.main:
            sched.count_step()
        self._update()
        self.remaining[me] = seconds
        self._changed(me)
        try:
            sched.block(None, lambda: self.finish_of(me), 'sim.cpu()')
        finally:
            self._update()
            del self.remaining[me]
            self._changed(me)
