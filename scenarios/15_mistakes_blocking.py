"""Lesson 15: common mistakes (2): blocking, computing, swallowing cancellation."""
#: title Common mistakes, part 2: blocking, computing, swallowing CancelledError
#: intro
#:   Three more mistakes, each next to a ticker task that wants to print every
#:   quarter of a second. A ticker that goes late means the loop was stuck.
#:
#:   time.sleep in a coroutine and heavy computation in a coroutine both stop
#:   the loop. A bare `except:` (or `except BaseException:`) around an await
#:   catches the CancelledError that cancel() sends, so the task shrugs off
#:   the cancellation and keeps going.
import asyncio
import time

import sim


def clock():
    return f"{time.monotonic():.2f} s"


async def ticker(label, count):
    for _ in range(count):
        due = time.monotonic() + 0.25
        await asyncio.sleep(0.25)
        late = time.monotonic() - due
        print(f"  {label} tick at {clock()}" + (f", {late:.2f} s late" if late > 1e-6 else ""))


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
            await asyncio.sleep(1)
            print(f"  polite: working at {clock()}")
    except asyncio.CancelledError:
        print(f"  polite: cleaning up at {clock()}")
        raise


async def main():
    async def nap():
        time.sleep(1)  # should be: await asyncio.sleep(1)

    async def compute():
        sim.cpu(1)  # should be: await asyncio.to_thread(...) or a process pool

    print("mistake 4: time.sleep inside a coroutine")
    await with_ticker("sleep", nap)
    print("mistake 5: heavy computation inside a coroutine")
    await with_ticker("cpu", compute)

    print("mistake 6: a bare except swallows the cancellation")
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
    await asyncio.sleep(1.5)
    print(f"after cancel(): stubborn done? {task.done()}")
    #: say at print "after cancel(): stubborn"
    #:   Still running. Only a task that lets CancelledError out (or re-raises
    #:   it after cleaning up) really ends.

    stubborn_task = task
    task = asyncio.create_task(polite(), name="polite")
    await asyncio.sleep(1.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"after cancel(): polite cancelled? {task.cancelled()}")
    #: say at done polite
    #:   polite catches CancelledError only to clean up, and raises it again:
    #:   the task ends, cancelled.
    print(await stubborn_task)
    #: say at done stubborn
    #:   'stubborn' ran every one of its rounds: the cancellation was simply
    #:   lost. A bare except, or except BaseException, makes a task very hard
    #:   to stop.


asyncio.run(main())
