"""Lesson 1: waiting in sequence adds up; waiting together overlaps."""
#: title Waiting in sequence adds up, waiting together overlaps
#: intro
#:   A program that talks to the network spends most of its time waiting.
#:   Here we download two pages that each take one second to answer.
#:
#:   First we wait for one page, then for the other: two seconds. Then we
#:   start both downloads and wait for them together: one second. When waits
#:   overlap, the total is the longest wait, not the sum of them.
import asyncio
import time

import sim


def clock():
    return f"{time.monotonic():.2f} s"


async def download(name):
    page = await sim.fetch(f"https://example.com/{name}")
    print(f"  got {name} at {clock()}")
    return page


async def main():
    print("one after the other:")
    start = time.monotonic()
    #: say at line
    #:   main awaits the first download and stops here. Nothing else is
    #:   scheduled, so the loop has nothing to do but wait for its timer.
    await download("a")
    #: say at line
    #:   Only now, one second later, does the second download even start.
    await download("b")
    print(f"in sequence: {time.monotonic() - start:.2f} s")

    #: ask at print "both at once:"
    #:   Now we hand both downloads to asyncio.gather, which runs them at the
    #:   same time. How long will the pair take?
    #:   [ ] 2.00 s, one second each
    #:   [x] 1.00 s, the longest of the two
    #:   [ ] 0.00 s, awaiting takes no time
    #:   why: gather wraps each download in a task. Both tasks start, both
    #:     set a one-second timer, and both timers come due at the same moment.
    print("both at once:")
    start = time.monotonic()
    #: say at line
    #:   Look at the timers: two of them, due at the same time. main waits
    #:   on gather while both downloads wait on their timers.
    await asyncio.gather(download("c"), download("d"))
    print(f"together: {time.monotonic() - start:.2f} s")

    print("three waits of 1, 2 and 3 s, together:")
    start = time.monotonic()
    await asyncio.gather(sim.fetch("one", 1), sim.fetch("two", 2), sim.fetch("three", 3))
    #: say at print "longest wins:"
    #:   1 + 2 + 3 would be six seconds; together they take three, the
    #:   longest single wait.
    print(f"longest wins: {time.monotonic() - start:.2f} s")


asyncio.run(main())
