"""A task computes 50 ms at a time between sleep(0)s, 10 times: no single
step blocks for 100 ms, but the loop never goes idle and the ticker's timer
runs late.
[expect starvation line 14 cost 0.500]
"""
import asyncio

import sim


async def cruncher():
    for chunk in range(10):
        # each chunk is short, and the task yields after it...
        sim.cpu(0.05)
        await asyncio.sleep(0)


async def ticker():
    await asyncio.sleep(0.1)
    print("tick")


async def main():
    await asyncio.gather(cruncher(), ticker())

asyncio.run(main())
