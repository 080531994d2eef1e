"""A thread-pool job submits coroutines to the loop with run_coroutine_threadsafe and blocks on their results."""
import asyncio
import threading
import time


async def lookup(key):
    await asyncio.sleep(0.5)
    return key * 2


def job(loop):
    name = threading.current_thread().name
    total = 0
    for key in (1, 2, 3):
        future = asyncio.run_coroutine_threadsafe(lookup(key), loop)
        total += future.result()
        print(f'{time.monotonic():.3f} {name} got {key * 2}')
    return total


async def main():
    loop = asyncio.get_running_loop()
    ticker = asyncio.create_task(asyncio.sleep(0.75, 'tick'))
    print('job total', await asyncio.to_thread(job, loop), f'at {loop.time():.3f}')
    print(await ticker)


asyncio.run(main())
