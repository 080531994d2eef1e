"""Twelve 1 s CPU jobs: a default process pool (8 workers, one per CPU) takes 2 s; a pool of 12 processes shares the 8 CPUs, so every job runs at 8/12 speed and all end at 1.5 s."""
import asyncio
import concurrent.futures
import os

import sim


async def run_jobs(loop, workers):
    start = loop.time()
    with concurrent.futures.ProcessPoolExecutor(workers) as pool:
        ends = await asyncio.gather(*(loop.run_in_executor(pool, finish_time, n) for n in range(12)))
    print(f'max_workers={workers}: {loop.time() - start:.2f} s; jobs ended at {sorted(set(ends))}')


def finish_time(n):
    sim.cpu(1.0)
    return round(__import__('time').monotonic(), 3)


async def main():
    loop = asyncio.get_running_loop()
    print('cpu_count', os.cpu_count())
    await run_jobs(loop, None)
    await run_jobs(loop, 12)


if __name__ == '__main__':
    asyncio.run(main())
