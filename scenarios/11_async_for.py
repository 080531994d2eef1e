"""Lesson 11: async generators and async for."""
#: title async for: a stream of values that arrive over time
#: teaches async generator, async for
#: uses coroutine, task, timer, ready queue
#: intro
#:   An async generator is an `async def` that contains `yield`. It can await
#:   between values, so it suits things that arrive over time: messages,
#:   pages of results, sensor readings. `async for` pulls values from it one
#:   by one, and while the generator waits for the next value the loop runs
#:   other tasks.
import asyncio
import time

START = time.monotonic()


async def readings(sensor, every, count):
    for n in range(count):
        await asyncio.sleep(every)  # waiting for the next measurement
        yield f"{sensor}#{n}"


async def watch(sensor, every, count):
    #: say at line
    #:   Two watchers now, each a task of gather. The first, door, has reached
    #:   its async for and waits for its first reading, a timer due at
    #:   1.90 s. The second, fan, is next in the ready queue.
    #: expect timers 1
    #: expect ready watch
    #: expect time 1.5
    async for value in readings(sensor, every, count):
        print(f"{time.monotonic() - START:.2f} s  {value}")
    print(f"{sensor} stream ended")


async def main():
    #: say at line
    #:   main awaits watch, which runs its async for: each turn awaits the
    #:   generator's next value, and the generator sleeps until the next
    #:   reading. While it waits, the loop is free; here it has nothing else
    #:   to do but wait for that timer.
    #: expect timers 1
    #: expect output none
    #: expect ready none
    await watch("boiler", 0.5, 3)

    print("two streams at once:")
    #: ask at print "1.75 s  fan#0"
    #:   Two watchers run together: 'door' every 0.4 s and 'fan' every 0.25 s,
    #:   both starting at 1.50 s. Which reading prints first?
    #:   [ ] door#0, because door was started first
    #:   [x] fan#0
    #:   why: fan's first value is due at 1.75 s, before door's at 1.90 s.
    #:     The two generators each wait on their own timer; whichever is due
    #:     first runs first.
    #: expect output "two streams at once:"
    #: expect timers 1
    #: expect running watch
    await asyncio.gather(watch("door", 0.4, 2), watch("fan", 0.25, 3))

    squares = [n * n async for n in numbers(4)]
    #: say at print "an async comprehension"
    #:   An async comprehension is async for inside brackets: it awaits each
    #:   value in turn and builds the list.
    #: expect output "an async comprehension: [0, 1, 4, 9]"
    #: expect running main
    print(f"an async comprehension: {squares}")


async def numbers(count):
    for n in range(count):
        await asyncio.sleep(0)
        yield n


asyncio.run(main())
