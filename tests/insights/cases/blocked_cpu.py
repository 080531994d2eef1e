"""CPU work on the loop's thread: the loop is blocked for 0.2 s.
[expect blocked_loop line 11 cost 0.200]
"""
import asyncio

import sim


async def main():
    await asyncio.sleep(0.1)
    sim.cpu(0.2)
    print("done")

asyncio.run(main())
