"""fanout.py - 10,000 tasks, each sleeping 20 times for varied lengths.

The timer heap holds up to 10,000 timers; about 200,000 fire, with many
equal deadlines. Prints a checksum so both runners can be checked alike.
"""
import asyncio
import sys

# An optional argument scales the task count (bench/engine/compare.py uses
# a small scale when it counts instructions).
TASKS = int(10_000 * (float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
SLEEPS = 20


async def sleeper(n):
    total = 0.0
    for i in range(SLEEPS):
        delay = ((n * 7919 + i * 104729) % 1000) / 1000.0
        await asyncio.sleep(delay)
        total += delay
    return total


async def main():
    results = await asyncio.gather(*(sleeper(n) for n in range(TASKS)))
    loop = asyncio.get_running_loop()
    print("tasks %d, slept %.3f s in all, ended at %.3f" % (len(results), sum(results), loop.time()))


asyncio.run(main())
