"""Lesson 2: calling an async function only builds a coroutine."""
#: title Calling an async function runs nothing yet
#: teaches coroutine
#: uses task
#: intro
#:   `async def` defines a coroutine function. Calling it does not run its
#:   body: it builds a coroutine object, a paused piece of work. The body
#:   runs only when something awaits the coroutine or wraps it in a task.
#:
#:   A coroutine that nobody ever awaits never runs at all, and Python warns
#:   about it when the object is thrown away.
import asyncio


async def brew(drink):
    print(f"brewing {drink}")
    await asyncio.sleep(1)
    print(f"{drink} is ready")
    return f"a cup of {drink}"


async def main():
    order = brew("tea")
    #: ask at print "made a"
    #:   main has just called brew("tea"). What comes out first?
    #:   [ ] brewing tea
    #:   [x] made a coroutine
    #:   [ ] tea is ready
    #:   why: calling brew only built a coroutine object. Its first line has
    #:     not run; it will run when main awaits the object.
    #: expect output none
    #: expect running main
    #: expect timers 0
    print(f"made a {type(order).__name__}, nothing brewed yet")
    #: say at line
    #:   Now main awaits the coroutine: brew's body runs, prints, and stops at
    #:   its sleep, and main stops with it: the two are one chain, and main
    #:   hands control back to the loop. There is still only one task, main:
    #:   awaiting a coroutine runs it inside the awaiting task.
    #: expect output "brewing tea"
    #: expect timers 1
    #: expect ready none
    #: expect running main
    cup = await order
    print(f"main got {cup}")

    brew("coffee")  # built and dropped: never awaited, never runs
    #: say at print "no coffee"
    #:   brew("coffee") built a coroutine and threw it away. Its body never
    #:   ran, so nothing was brewed, and Python warns on stderr that the
    #:   coroutine was never awaited.
    #: expect output "no coffee was brewed"
    #: expect time 1
    #: expect timers 0
    #: expect finding never_awaited line 47
    #: finding never_awaited
    print("no coffee was brewed")


asyncio.run(main())
