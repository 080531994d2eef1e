"""Two CPU jobs in a process pool of 2 run in parallel (a GIL each): 1 s in all, where two threads take 2 s; the loop stays responsive meanwhile."""
import asyncio
import concurrent.futures

import sim


async def ticker(loop):
    while True:
        await asyncio.sleep(0.25)
        print(f'{loop.time():.2f} tick')


async def main():
    loop = asyncio.get_running_loop()
    tick = asyncio.create_task(ticker(loop))
    start = loop.time()
    with concurrent.futures.ThreadPoolExecutor(2) as threads:
        await asyncio.gather(*(loop.run_in_executor(threads, sim.cpu, 1.0) for _ in range(2)))
    print(f'{loop.time():.2f} two jobs in threads: {loop.time() - start:.2f} s')
    start = loop.time()
    with concurrent.futures.ProcessPoolExecutor(2) as processes:
        await asyncio.gather(*(loop.run_in_executor(processes, sim.cpu, 1.0) for _ in range(2)))
    print(f'{loop.time():.2f} two jobs in processes: {loop.time() - start:.2f} s')
    tick.cancel()


if __name__ == '__main__':
    asyncio.run(main())
