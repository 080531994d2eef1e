"""Six blocking jobs on a pool of two workers: four wait for a free one.
[expect waiting_for_a_worker line 0 cost 2.000]
"""
import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


async def main():
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = [loop.run_in_executor(pool, time.sleep, 1.0) for _ in range(6)]
        await asyncio.gather(*jobs)
    print("all done")

asyncio.run(main())
