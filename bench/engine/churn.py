"""churn.py - ready-queue churn: many tasks ping-pong through sleep(0).

1,000 tasks each yield 200 times with asyncio.sleep(0), so the loop runs
about 200,000 iterations of 1,000 ready callbacks while virtual time
stands still.
"""
import asyncio
import sys

# An optional argument scales the task count (see fanout.py).
TASKS = int(1_000 * (float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))
ROUNDS = 200


async def player(n, counts):
    for _ in range(ROUNDS):
        counts[n] += 1
        await asyncio.sleep(0)


async def main():
    counts = [0] * TASKS
    await asyncio.gather(*(player(n, counts) for n in range(TASKS)))
    print("steps %d, time %.3f" % (sum(counts), asyncio.get_running_loop().time()))


asyncio.run(main())
