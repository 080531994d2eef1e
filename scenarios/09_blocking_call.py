"""Lesson 9: a blocking call freezes the loop; to_thread frees it."""
#: title A blocking call freezes the whole loop
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


def ring(name, due):
    late = time.monotonic() - due
    print(f"  {name} alarm: due {due:.2f} s, rang at {time.monotonic():.2f} s"
          + (f", {late:.2f} s late" if late > 1e-6 else ", on time"))


def set_alarms(start):
    loop = asyncio.get_running_loop()
    for name, delay in (("first", 0.5), ("second", 1.0)):
        loop.call_at(start + delay, ring, name, start + delay)


async def main():
    print("1. time.sleep(2) inside a coroutine")
    set_alarms(time.monotonic())
    #: say at line
    #:   time.sleep blocks the loop's own thread. Watch the two alarm timers:
    #:   they come due while the loop is frozen, and nobody can ring them.
    time.sleep(2)
    #: ask at timer 0.5
    #:   The loop is free again at 2.00 s. When does the first alarm, due at
    #:   0.50 s, ring?
    #:   [ ] at 0.50 s, as it was set
    #:   [x] at 2.00 s, as soon as the loop is free
    #:   [ ] never: its moment has passed
    #:   why: a timer is only a promise to run a callback no earlier than its
    #:     deadline. The loop checks its timers between callbacks, and it was
    #:     stuck in time.sleep, so both alarms run late, at 2.00 s.
    await asyncio.sleep(0.1)

    print("2. the same sleep in a worker thread")
    set_alarms(time.monotonic())
    #: say at line
    #:   to_thread hands time.sleep to a worker thread. main waits on the
    #:   result like on any future, and the loop is free to ring the alarms.
    await asyncio.to_thread(time.sleep, 2)
    print(f"worker finished at {time.monotonic():.2f} s")


asyncio.run(main())
