"""Blocking on executor.submit(...).result() inside a coroutine freezes the loop until the job is done; a timer due meanwhile runs late."""
import asyncio
import concurrent.futures
import time


def job():
    time.sleep(2)
    return 'job result'


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, lambda: print(f'timer due at 0.500 ran at {loop.time():.3f}'))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(job)
        print('result', future.result(), f'at {loop.time():.3f}')
        print('timed out:', end=' ')
        try:
            pool.submit(job).result(timeout=0.5)
        except TimeoutError:
            print(f'yes, at {loop.time():.3f}')
    print(f'pool shut down at {loop.time():.3f}')
    await asyncio.sleep(0)


asyncio.run(main())
