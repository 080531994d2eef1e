"""Lesson 6: create_task starts work in the background."""
#: title create_task: work that runs in the background
#: intro
#:   asyncio.create_task(coro) wraps a coroutine in a task and puts its
#:   first step in the ready queue. It does not run it right away: the task
#:   starts at the loop's next turn, when the current task gives control
#:   back. Meanwhile the caller goes on.
#:
#:   You can await the task later to get its result, or cancel it. Keep a
#:   reference to it (a variable, a set): the loop holds tasks only weakly,
#:   and a task nobody refers to can be garbage collected mid-run.
import asyncio
import time


def clock():
    return f"{time.monotonic():.1f} s"


async def tick(name, count):
    for n in range(count):
        print(f"{name}: tick {n} at {clock()}")
        await asyncio.sleep(1)
    return f"{name} ticked {count} times"


async def main():
    clock_task = asyncio.create_task(tick("clock", 3), name="clock")
    #: ask at print "main carries on"
    #:   main has just created the task 'clock'. What prints first?
    #:   [x] main carries on
    #:   [ ] clock: tick 0
    #:   why: create_task only schedules the task's first step. main keeps
    #:     the loop until its next await; then 'clock' gets its turn.
    print("main carries on")
    await asyncio.sleep(0.5)
    print(f"main did other work until {clock()}")
    #: say at done tick
    #:   The task 'clock' has returned. Awaiting it hands main its result.
    print(await clock_task)

    spinner = asyncio.create_task(tick("spinner", 100), name="spinner")
    await asyncio.sleep(2.5)
    spinner.cancel()
    #: say at print "spinner cancelled"
    #:   cancel() asked the task to stop: it was woken with a CancelledError
    #:   thrown in at the await where it waited; it did not catch it, so the
    #:   task ended, cancelled.
    try:
        await spinner
    except asyncio.CancelledError:
        print(f"spinner cancelled at {clock()}")
    print(f"spinner.cancelled() is {spinner.cancelled()}")


asyncio.run(main())
