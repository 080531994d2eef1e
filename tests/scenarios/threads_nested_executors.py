"""A job in one ThreadPoolExecutor submits to a second one and waits on its futures; asyncio awaits the outer job; lane names show which pool ran what."""
import asyncio
import concurrent.futures
import threading
import time

inner = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix='inner')


def leaf(n):
    time.sleep(0.5 * n)
    return f'leaf {n} on {threading.current_thread().name}'


def branch(n):
    futures = [inner.submit(leaf, n + k) for k in range(2)]
    parts = [future.result() for future in futures]
    return f'{threading.current_thread().name}: {parts} at {time.monotonic():.1f}'


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix='outer') as outer:
        results = await asyncio.gather(*(loop.run_in_executor(outer, branch, n) for n in (1, 2)))
    for line in results:
        print(line)
    inner.shutdown()
    print(f'{loop.time():.1f} done')


asyncio.run(main())
