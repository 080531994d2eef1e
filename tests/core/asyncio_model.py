"""asyncio_model.py - runs a timer/callback program on CPython's own loop.

The core tests (test_loop.c, test_heap.c) generate random programs, run them
on looplab's C scheduler, and run the same text here, on asyncio's real
BaseEventLoop._run_once and heapq, with a virtual clock: the outputs must be
identical. The program is one operation per line:

    soon ID               call_soon(fire, ID)
    at WHEN ID            call_at(WHEN, fire, ID)
    cancel ID             cancel the handle made for ID
    run                   one loop iteration (_run_once)
    on ID soon CHILD      when ID fires, it calls call_soon for CHILD
    on ID later DELAY CHILD   ... call_at(now + DELAY) for CHILD
    on ID cancel VICTIM   ... cancels the handle of VICTIM
    heap OP...            plain heapq: "heap push WHEN ID", "heap pop",
                          "heap append WHEN ID" (list.append, no sift),
                          "heap heapify"

Output: "fire ID AT" for every callback run (AT as %.17g), "iter" before each
iteration, "idle" when an iteration would wait forever, "pop ID WHEN" for
heap pops.
"""
import asyncio
import heapq
import sys


class Idle(Exception):
    """select(None): nothing could ever wake the loop."""


class VirtualSelector:
    def __init__(self, loop):
        self.loop = loop

    def select(self, timeout):
        if timeout is None:
            raise Idle
        if timeout > 0:
            # The virtual clock jumps exactly to the deadline, never past it.
            self.loop.now = self.loop._scheduled[0]._when
        return []


class ModelLoop(asyncio.BaseEventLoop):
    def __init__(self):
        super().__init__()
        self.now = 0.0
        self._selector = VirtualSelector(self)
        self._clock_resolution = 1e-9

    def time(self):
        return self.now

    def _process_events(self, event_list):
        pass


def main(path):
    lines = [l.split() for l in open(path) if l.strip()]
    loop = ModelLoop()
    handles, actions = {}, {}
    out = []
    heap = []

    def fire(ident):
        out.append("fire %s %.17g" % (ident, loop.time()))
        for act in actions.get(ident, []):
            if act[0] == "soon":
                handles[act[1]] = loop.call_soon(fire, act[1])
            elif act[0] == "later":
                handles[act[2]] = loop.call_at(loop.time() + float(act[1]), fire, act[2])
            elif act[0] == "cancel" and act[1] in handles:
                handles[act[1]].cancel()

    for op in lines:
        if op[0] == "soon":
            handles[op[1]] = loop.call_soon(fire, op[1])
        elif op[0] == "at":
            handles[op[2]] = loop.call_at(float(op[1]), fire, op[2])
        elif op[0] == "cancel":
            handles[op[1]].cancel()
        elif op[0] == "on":
            actions.setdefault(op[1], []).append(op[2:])
        elif op[0] == "run":
            out.append("iter")
            try:
                loop._run_once()
            except Idle:
                out.append("idle")
        elif op[0] == "heap":
            if op[1] == "push":
                heapq.heappush(heap, Entry(float(op[2]), op[3]))
            elif op[1] == "pop":
                e = heapq.heappop(heap)
                out.append("pop %s %.17g" % (e.ident, e.when))
            elif op[1] == "append":
                heap.append(Entry(float(op[2]), op[3]))
            elif op[1] == "heapify":
                heapq.heapify(heap)
    print("\n".join(out))


class Entry:
    """Compares like asyncio.TimerHandle: by deadline only."""
    __slots__ = ("when", "ident")

    def __init__(self, when, ident):
        self.when, self.ident = when, ident

    def __lt__(self, other):
        return self.when < other.when


if __name__ == "__main__":
    main(sys.argv[1])
