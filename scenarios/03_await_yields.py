"""Lesson 3: await hands control back to the loop."""
#: title await hands control back to the loop
#: teaches future, create_task
#: uses coroutine, task, event loop, ready queue, timer
#: intro
#:   When a coroutine reaches an `await` on something that is not ready,
#:   it is suspended and control goes back to the event loop, which runs
#:   whatever else is ready. That is the only moment another task can run:
#:   asyncio never interrupts code between two awaits.
#:
#:   What can be awaited: a coroutine; a future, a placeholder for a result
#:   that someone will set later; a task, which is a future that runs a
#:   coroutine; and any object with an __await__ method. We await the first
#:   three here. asyncio.create_task(coro) wraps a coroutine in a task and
#:   queues its first step (lesson 6 says more).
import asyncio
import time

START = time.monotonic()


async def worker(name, steps):
    for step in range(steps):
        print(f"{name} step {step}")
        #: say at line
        #:   sleep(0) is the smallest possible wait: the task goes to the back
        #:   of the ready queue and lets the other task have a turn. The ready
        #:   queue now holds B, then A again.
        #: expect output "A step 0"
        #: expect ready worker, worker
        #: expect task main waiting
        #: expect timers 0
        await asyncio.sleep(0)
    return f"{name} finished"


def ring(name):
    print(f"  timer {name}")


async def add(a, b):
    return a + b  # never suspends: awaiting it is an ordinary call


async def main():
    total = await add(2, 3)
    #: say at print "awaited a coroutine"
    #:   Awaiting a coroutine runs it inside main, like a function call.
    #:   add never waits, so main was never suspended: no other task could
    #:   have run in between.
    #: expect output "awaited a coroutine: 5"
    #: expect running main
    #: expect ready none
    print(f"awaited a coroutine: {total}")

    a = asyncio.create_task(worker("A", 3))
    b = asyncio.create_task(worker("B", 3))
    #: ask at print "B step 0"
    #:   A has printed "A step 0" and reached its await. What prints next?
    #:   [ ] A step 1
    #:   [x] B step 0
    #:   [ ] awaited a task
    #:   why: A's await sent it to the back of the ready queue. B was waiting
    #:     there already, so B runs next; the two take turns.
    #: expect output "A step 0"
    #: expect running worker
    #: expect ready worker
    print(f"awaited a task: {await a}")
    print(f"awaited a task: {await b}")

    loop = asyncio.get_running_loop()
    answer = loop.create_future()
    loop.call_later(0.5, answer.set_result, 42)
    #: say at timer 0.5
    #:   The timer has come due: its callback, answer.set_result(42), moves to
    #:   the ready queue. When it runs it fills the future, and main, which
    #:   waits on the future, becomes ready again.
    #: expect timers 0
    #: expect ready callback
    #: expect task main waiting
    #: expect time 0.5
    value = await answer
    print(f"awaited a future: {value} at {time.monotonic() - START:.2f} s")

    print("three timers for one instant:")
    when = loop.time() + 0.5
    for name in ("x", "y", "z"):
        loop.call_at(when, ring, name)
    later = loop.create_future()
    loop.call_at(when + 0.5, later.set_result, None)
    #: say at line
    #:   Three timers were set for the same instant, x, then y, then z, and a
    #:   fourth for half a second later. TIMERS lists them in the order the
    #:   loop will fire them: x, z, y. The loop keeps its timers in a heap
    #:   (Python's heapq), which compares only deadlines, so timers due at the
    #:   same moment do not fire in the order they were set.
    #: expect timers 4
    #: expect running main
    #: expect output "three timers for one instant:"
    await later


asyncio.run(main())
