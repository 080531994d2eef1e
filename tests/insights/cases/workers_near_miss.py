"""Two CPU jobs in a process pool of two, and two blocking jobs on two
threads: nobody waits for a worker, nobody shares a GIL.
[expect none]
"""
import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

import sim


async def main():
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=2) as pool:
        await asyncio.gather(loop.run_in_executor(pool, sim.cpu, 1.0),
                             loop.run_in_executor(pool, sim.cpu, 1.0))
    await asyncio.gather(asyncio.to_thread(time.sleep, 1.0), asyncio.to_thread(time.sleep, 1.0))
    print("done")

if __name__ == "__main__":
    asyncio.run(main())
