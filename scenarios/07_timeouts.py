"""Lesson 7: timeouts cancel the work and its cleanup runs."""
#: title Timeouts: a timer that cancels the work
#: intro
#:   asyncio.wait_for(aw, timeout) runs aw with a deadline. If it is not
#:   done in time, a timer fires, the work is cancelled, and wait_for raises
#:   TimeoutError. The cancellation travels into the task as a CancelledError
#:   at its await, so its except and finally blocks run: the cleanup
#:   happens when the timer fires.
#:
#:   async with asyncio.timeout(s): (Python 3.11) puts one deadline around a
#:   whole block of awaits.
import asyncio
import time


def clock():
    return f"{time.monotonic():.2f} s"


async def slow_query():
    print(f"query: sent at {clock()}")
    try:
        await asyncio.sleep(5)
        print("query: answered")
        return "rows"
    except asyncio.CancelledError:
        print(f"query: cancelled at {clock()}, rolling back")
        raise
    finally:
        print(f"query: connection released at {clock()}")


async def step(name):
    await asyncio.sleep(1)
    print(f"block: {name} done at {clock()}")


async def main():
    try:
        #: say at line
        #:   wait_for sets a timer for 2 seconds. The query sleeps for 5, so
        #:   the timer will come first.
        await asyncio.wait_for(slow_query(), timeout=2)
    except TimeoutError:
        print(f"wait_for gave up at {clock()}")
    #: ask at timeout #1
    #:   The 2-second timer has fired. What prints next?
    #:   [ ] query: answered
    #:   [x] query: cancelled at 2.00 s, rolling back
    #:   [ ] wait_for gave up at 2.00 s
    #:   why: wait_for cancels the query first and waits for it to finish.
    #:     The CancelledError lands at the query's await; its except and finally
    #:     blocks run, and only then does wait_for raise TimeoutError.

    try:
        async with asyncio.timeout(1.5):
            await step("first")
            await step("second")
    except TimeoutError:
        print(f"timeout block gave up at {clock()}")
    #: say at timeout #2
    #:   The block's deadline is 1.5 s after it started. The first step fit;
    #:   the second is cancelled halfway and the block raises TimeoutError.


asyncio.run(main())
