"""Lesson 9: a blocking call freezes the loop; to_thread frees it."""
#: title A blocking call freezes the whole loop
#: uses event loop, task, timer, to_thread, coroutine, future
#: intro
#:   The event loop runs on one thread. If a coroutine calls something that
#:   blocks that thread (time.sleep, a blocking database driver, a big
#:   file read), nothing else runs until the call returns: no task, no
#:   callback, no timer. Timers that come due meanwhile simply go late.
#:
#:   asyncio.to_thread(func, ...) runs the blocking call in a worker thread
#:   and gives you something to await, so the loop keeps running.
import asyncio
import time

START = time.monotonic()


def since_start(t):
    """A time.monotonic() reading as seconds since the program started."""
    return t - START


def ring(name, due):
    late = time.monotonic() - due
    print(f"  {name} alarm: due {since_start(due):.2f} s, rang at {since_start(time.monotonic()):.2f} s"
          + (f", {late:.2f} s late" if late > 0.05 else ", on time"))


def set_alarms(start):
    loop = asyncio.get_running_loop()
    for name, delay in (("first", 0.5), ("second", 1.0)):
        loop.call_at(start + delay, ring, name, start + delay)


async def main():
    print("1. time.sleep(2) inside a coroutine")
    set_alarms(time.monotonic())
    #: say at block
    #:   time.sleep(2) blocks the loop's own thread. Watch the two alarm
    #:   timers, due at 0.50 s and 1.00 s: they come due while the loop is
    #:   frozen, and nobody can ring them.
    #: expect frozen
    #: expect timers 2
    #: expect running main
    time.sleep(2)
    #: ask at timer 0.5
    #:   While time.sleep(2) held the loop's thread, the first alarm came due,
    #:   at 0.50 s. When does it ring?
    #:   [ ] at 0.50 s, as it was set
    #:   [x] at 2.00 s, as soon as the loop is free
    #:   [ ] never: its moment has passed
    #:   why: a timer only promises its callback no earlier than its
    #:     deadline. The loop was stuck in time.sleep, so both alarms ring
    #:     late, at 2.00 s, as looplab's insight below measures.
    #: expect not frozen
    #: expect time 2
    #: expect timers 3
    #: expect task main waiting
    #: expect finding blocked_loop line 45
    #: finding blocked_loop
    await asyncio.sleep(0.1)

    print("2. the same sleep in a worker thread")
    set_alarms(time.monotonic())
    #: say at line
    #:   to_thread hands time.sleep to a worker thread. main waits on the
    #:   result like on any future, and the loop is free to ring the alarms.
    #: expect workers 1
    #: expect timers 2
    #: expect not frozen
    await asyncio.to_thread(time.sleep, 2)
    print(f"worker finished at {since_start(time.monotonic()):.2f} s")


asyncio.run(main())
