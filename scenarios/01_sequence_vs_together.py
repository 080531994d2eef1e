"""Lesson 1: waiting in sequence adds up; waiting together overlaps."""
#: title Waiting in sequence adds up, waiting together overlaps
#: teaches event loop, task, timer, ready queue
#: intro
#:   A program that talks to the network spends most of its time waiting.
#:   Here we download two pages that each take one second to answer.
#:
#:   asyncio runs such a program on an event loop: a single thread that runs
#:   one piece of work at a time and, whenever that work has to wait, runs
#:   something else. First we wait for one page, then for the other: two
#:   seconds. Then we start both downloads and wait for them together: one
#:   second. When waits overlap, the total is the longest wait, not the sum.
import asyncio
import time

import sim

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


async def download(name):
    #: say at line #2
    #:   Look at TIMERS: two timers now, both due at 3.00 s, one for each
    #:   download. Nothing is ready to run: main waits on gather, and both
    #:   downloads wait here on their timers. In a second both come due.
    #: expect timers 2
    #: expect ready none
    #: expect task main waiting
    page = await sim.fetch(f"https://example.com/{name}")
    print(f"  got {name} at {clock()}")
    return page


async def main():
    print("one after the other:")
    start = time.monotonic()
    #: say at line
    #:   main awaits the first download and stops here. The download set a
    #:   timer, a note to the loop to wake it in one second. Nothing else is
    #:   scheduled, so the loop has nothing to do but wait for that timer.
    #: expect timers 1
    #: expect ready none
    #: expect output "one after the other"
    await download("a")
    #: say at line
    #:   Only now, one second later, does the second download even start.
    #: expect time 1
    #: expect output "got a at 1.00 s"
    #: expect timers 1
    await download("b")
    print(f"in sequence: {time.monotonic() - start:.2f} s")

    #: ask at print "both at once:"
    #:   Next, main hands both downloads to asyncio.gather and waits for the
    #:   pair. How long will the pair take?
    #:   [ ] 2.00 s, one second each
    #:   [x] 1.00 s, the longest of the two
    #:   [ ] 0.00 s, awaiting takes no time
    #:   why: gather wraps each download in a task, a piece of work the loop
    #:     runs on its own and switches away from whenever it waits. Both
    #:     tasks start, both set a one-second timer, and both timers come due
    #:     at the same moment.
    #: expect output "in sequence: 2.00 s"
    #: expect timers 0
    print("both at once:")
    start = time.monotonic()
    #: say at line
    #:   gather has made the two tasks and put them in the ready queue, the
    #:   line of work the loop runs next. main stops here, at gather; then
    #:   each download runs in turn, up to its own await.
    #: expect ready download, download
    #: expect timers 0
    await asyncio.gather(download("c"), download("d"))
    #: say at print "together:"
    #:   One second for the pair. looplab reads every run for mistakes like
    #:   the first half's, and measures what they cost:
    #: expect output "together: 1.00 s"
    #: expect finding one_at_a_time line 49
    #: finding one_at_a_time
    print(f"together: {time.monotonic() - start:.2f} s")

    print("three waits of 1, 2 and 3 s, together:")
    start = time.monotonic()
    await asyncio.gather(sim.fetch("one", 1), sim.fetch("two", 2), sim.fetch("three", 3))
    #: say at print "longest wins:"
    #:   1 + 2 + 3 would be six seconds; together they take three, the
    #:   longest single wait.
    #: expect output "longest wins: 3.00 s"
    #: expect time 6
    print(f"longest wins: {time.monotonic() - start:.2f} s")


asyncio.run(main())
