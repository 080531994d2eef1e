"""A producer and a consumer hand 2000 items over a queue at one instant,
and a short CPU burst between sleeps that let the loop go idle: neither is
starvation.
[expect none]
"""
import asyncio

import sim


async def producer(queue):
    for i in range(2000):
        await queue.put(i)
    await queue.put(None)


async def consumer(queue):
    total = 0
    while (item := await queue.get()) is not None:
        total += item
    print("total", total)


async def pacer():
    for _ in range(5):
        sim.cpu(0.05)
        await asyncio.sleep(0.1)


async def main():
    queue = asyncio.Queue(maxsize=1)
    await asyncio.gather(producer(queue), consumer(queue), pacer())

asyncio.run(main())
