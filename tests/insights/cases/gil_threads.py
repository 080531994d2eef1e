"""Two CPU-bound jobs in threads share the GIL: 2 s where processes take 1 s.
[expect gil_contention line 0 cost 1.000]
"""
import asyncio

import sim


async def main():
    await asyncio.gather(asyncio.to_thread(sim.cpu, 1.0), asyncio.to_thread(sim.cpu, 1.0))
    print("both done")

asyncio.run(main())
