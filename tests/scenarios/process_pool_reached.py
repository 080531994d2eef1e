"""A ProcessPoolExecutor is the simulated one however the program reaches it:
imported from concurrent.futures.process, read from concurrent.futures, or
through importlib; loop.run_in_executor runs its jobs, which see a process
of their own (their thread reads as MainThread)."""
import asyncio
import importlib
import threading
from concurrent.futures.process import ProcessPoolExecutor

import concurrent.futures


def square(n):
    return n * n, threading.current_thread().name


async def main():
    loop = asyncio.get_running_loop()
    process = importlib.import_module('concurrent.futures.process')
    print(ProcessPoolExecutor is concurrent.futures.ProcessPoolExecutor,
          ProcessPoolExecutor is process.ProcessPoolExecutor)
    print(ProcessPoolExecutor, ProcessPoolExecutor.__qualname__)
    with ProcessPoolExecutor(max_workers=2) as pool:
        print(await asyncio.gather(*(loop.run_in_executor(pool, square, n) for n in range(3))))
        print(list(pool.map(square, [5])))


asyncio.run(main())
