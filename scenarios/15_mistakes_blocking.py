"""Lesson 15: common mistakes (2): blocking, computing, swallowing cancellation."""
#: title Common mistakes, part 2: blocking, computing, swallowing CancelledError
#: uses coroutine, task, event loop, CancelledError, to_thread, process pool, timer
#: intro
#:   Three more mistakes, each next to a ticker task that wants to print every
#:   quarter of a second. A ticker that goes late means the loop was stuck.
#:
#:   time.sleep in a coroutine and heavy computation in a coroutine both stop
#:   the loop. A bare `except:` (or `except BaseException:`) around an await
#:   catches the CancelledError that cancel() sends, so the task shrugs off
#:   the cancellation and keeps going. The fix is to catch `Exception`:
#:   since Python 3.8 CancelledError derives from BaseException, not from
#:   Exception, so it goes through.
import asyncio
import time

import sim

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


async def ticker(label, count):
    for _ in range(count):
        due = time.monotonic() + 0.25
        await asyncio.sleep(0.25)
        late = time.monotonic() - due
        #: say at print "  sleep tick"
        #:   The sleep is over, and the ticker's first tick comes three quarters
        #:   of a second late. looplab's insights read the same run and say
        #:   what went wrong, what it cost, and what to write instead.
        #: expect output "sleep tick at 1.00 s, 0.75 s late"
        #: expect not frozen
        #: expect finding blocked_loop line 89
        #: finding blocked_loop
        #: say at print "  cpu tick"
        #:   The same late tick, after a second of computing: to the loop,
        #:   computing is no better than sleeping. The insight names the call;
        #:   its fix for CPU work, a process pool, is in INSIGHTS.
        #: expect output "cpu tick at 2.25 s, 0.75 s late"
        #: expect not frozen
        #: expect finding blocked_loop line 100
        #: finding blocked_loop
        print(f"  {label} tick at {clock()}" + (f", {late:.2f} s late" if late > 0.05 else ""))


async def with_ticker(label, work):
    tick = asyncio.create_task(ticker(label, 2))
    await asyncio.sleep(0)
    await work()
    await tick


async def stubborn(rounds):
    for _ in range(rounds):
        try:
            await asyncio.sleep(1)
            print(f"  stubborn: working at {clock()}")
        except:  # noqa: E722 - the mistake this lesson is about
            print(f"  stubborn: caught the cancellation at {clock()} and carried on")
    return f"stubborn finished all {rounds} rounds at {clock()}"


async def polite():
    try:
        while True:
            try:
                await asyncio.sleep(1)
                print(f"  polite: working at {clock()}")
            except Exception as error:  # the fix: CancelledError is no Exception
                print(f"  polite: {error!r}, carrying on")
    finally:
        print(f"  polite: cleaning up at {clock()}")


async def main():
    async def nap():
        #: say at block #1
        #:   nap calls time.sleep(1): LOOP FROZEN. The ticker's timer, due at
        #:   0.25 s, will come due while the loop is stuck, and nobody can run
        #:   it until the sleep returns.
        #: expect frozen
        #: expect timers 1
        #: expect task ticker waiting
        time.sleep(1)  # should be: await asyncio.sleep(1)

    async def compute():
        #: say at block #2
        #:   compute runs a second of CPU work on the loop thread: frozen
        #:   again, for the same reason. To the loop, computing is no better
        #:   than sleeping. Heavy work belongs in a process pool, or at least
        #:   in to_thread, as lesson 8 showed.
        #: expect frozen
        #: expect timers 1
        #: expect output "mistake 6"
        sim.cpu(1)  # should be: await asyncio.to_thread(...) or a process pool

    print("mistake 5: time.sleep inside a coroutine")
    await with_ticker("sleep", nap)
    print("mistake 6: heavy computation inside a coroutine")
    await with_ticker("cpu", compute)

    print("mistake 7: a bare except swallows the cancellation")
    task = asyncio.create_task(stubborn(4), name="stubborn")
    await asyncio.sleep(1.5)
    task.cancel()
    #: ask at print "  stubborn: caught"
    #:   main has cancelled 'stubborn', which wraps its sleep in a bare except.
    #:   What happens?
    #:   [ ] the task ends, cancelled
    #:   [x] it catches the CancelledError and keeps working
    #:   [ ] main gets a CancelledError
    #:   why: cancel() throws CancelledError into the task at its await. A
    #:     bare except catches it like any other error, so the task never
    #:     learns it should stop.
    #: expect output "stubborn: working at 3.50 s"
    #: expect running stubborn
    #: expect task main waiting
    await asyncio.sleep(1.5)
    print(f"after cancel(): stubborn done? {task.done()}")
    #: say at print "after cancel(): stubborn"
    #:   Still running. Only a task that lets CancelledError out (or re-raises
    #:   it after cleaning up) really ends.
    #: expect output "stubborn done? False"
    #: expect task stubborn waiting
    print(await task)
    #: say at print "stubborn finished"
    #:   'stubborn' ran every one of its rounds: the cancellation was simply
    #:   lost. A bare except, or except BaseException, makes a task very hard
    #:   to stop.
    #: expect output "stubborn finished all 4 rounds at 6.00 s"
    #: expect task stubborn done
    #: expect finding cancellation_swallowed line 61
    #: finding cancellation_swallowed

    print("the fix: except Exception lets the cancellation through")
    task = asyncio.create_task(polite(), name="polite")
    await asyncio.sleep(1.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"after cancel(): polite cancelled? {task.cancelled()}")
    #: say at done polite
    #:   polite catches Exception, which CancelledError is not: the
    #:   cancellation went through its except, its finally cleaned up, and
    #:   the task ended, cancelled. A task that must catch CancelledError
    #:   itself, to clean up, should raise it again.
    #: expect output "polite: cleaning up at 7.50 s"
    #: expect task polite cancelled
    #: expect ready main


asyncio.run(main())
