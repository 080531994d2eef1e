"""Lesson 6: create_task starts work in the background."""
#: title create_task: work that runs in the background
#: teaches CancelledError
#: uses create_task, task, coroutine, ready queue
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

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.1f} s"


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
    #: expect output none
    #: expect running main
    #: expect ready tick
    print("main carries on")
    await asyncio.sleep(0.5)
    print(f"main did other work until {clock()}")
    #: say at done tick
    #:   The task 'clock' has returned. main, which awaits it, is in the
    #:   ready queue: awaiting the task hands main its result.
    #: expect output "clock: tick 2 at 2.0 s"
    #: expect ready main
    #: expect time 3
    print(await clock_task)

    spinner = asyncio.create_task(tick("spinner", 100), name="spinner")
    await asyncio.sleep(2.5)
    #: say at cancel tick
    #:   main calls spinner.cancel(). That only requests the cancellation:
    #:   the spinner, waiting on its sleep, is queued to run again, and at
    #:   its next step a CancelledError is thrown in at the await where it
    #:   waits. A task can catch it (lesson 15 shows why it should not).
    #: expect running main
    #: expect ready tick
    #: expect output "spinner: tick 2 at 5.0 s"
    #: expect time 5.5
    spinner.cancel()
    #: say at print "spinner cancelled"
    #:   The CancelledError came out of the spinner's await; it did not catch
    #:   it, so the task ended, cancelled, and main's await of it raised
    #:   CancelledError too.
    #: expect output "spinner cancelled at 5.5 s"
    #: expect waiting none
    #: expect timers 0
    try:
        await spinner
    except asyncio.CancelledError:
        print(f"spinner cancelled at {clock()}")
    print(f"spinner.cancelled() is {spinner.cancelled()}")


asyncio.run(main())
