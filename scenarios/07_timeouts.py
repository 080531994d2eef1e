"""Lesson 7: timeouts cancel the work and its cleanup runs."""
#: title Timeouts: a timer that cancels the work
#: uses timer, task, CancelledError, coroutine, ready queue, async with
#: intro
#:   asyncio.wait_for(aw, timeout) runs aw in a task of its own and sets a
#:   timer. If the work is not done when the timer fires, wait_for cancels
#:   the work's task, waits for it to finish, and raises TimeoutError. The
#:   cancellation travels into the task as a CancelledError at its await,
#:   so its except and finally blocks run: the cleanup happens when the
#:   timer fires.
#:
#:   async with asyncio.timeout(s): (Python 3.11) puts one deadline around a
#:   whole block of awaits, run by the current task itself. Since 3.11,
#:   asyncio.TimeoutError is the built-in TimeoutError.
import asyncio
import time

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


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
        #:   wait_for has wrapped the query in a task of its own (there, in the
        #:   ready queue) and set a timer for 2 seconds. The query will sleep
        #:   for 5, so the timer will come first.
        #: expect ready slow_query
        #: expect timers 1
        #: expect running main
        await asyncio.wait_for(slow_query(), timeout=2)
    except TimeoutError:
        #: say at print "wait_for gave up"
        #:   Only once the query's task had ended, cancelled, did wait_for
        #:   raise TimeoutError in main.
        #: expect output "wait_for gave up at 2.00 s"
        #: expect task slow_query cancelled
        #: expect timers 0
        print(f"wait_for gave up at {clock()}")
    #: ask at timeout #1
    #:   The 2-second timer has fired. What prints next?
    #:   [ ] query: answered
    #:   [x] query: cancelled at 2.00 s, rolling back
    #:   [ ] wait_for gave up at 2.00 s
    #:   why: the timer wakes main inside wait_for. The query is not done, so
    #:     wait_for cancels the query's task and waits for it to finish: the
    #:     CancelledError lands at the query's await, its except and finally
    #:     blocks print, and only then does wait_for raise TimeoutError.
    #: expect output "query: sent at 0.00 s"
    #: expect task slow_query waiting
    #: expect task main waiting
    #: expect time 2

    try:
        async with asyncio.timeout(1.5):
            await step("first")
            await step("second")
    except TimeoutError:
        print(f"timeout block gave up at {clock()}")
    #: say at timeout #2
    #:   The block's deadline, 1.5 s after it started, has passed: the first
    #:   step fit, the second did not. asyncio.timeout cancels the task that
    #:   runs the block, main itself; the CancelledError stops the second step
    #:   halfway, and on leaving the block asyncio.timeout turns it into
    #:   TimeoutError.
    #: expect output "block: first done at 3.00 s"
    #: expect task main waiting
    #: expect time 3.5


asyncio.run(main())
