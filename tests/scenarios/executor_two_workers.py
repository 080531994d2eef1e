"""run_in_executor on ThreadPoolExecutor(max_workers=2): five jobs share two lanes, the lowest free lane first, the rest first come first served."""
import asyncio
import concurrent.futures
import threading
import time


def job(n, seconds):
    name = threading.current_thread().name
    print(f'{time.monotonic():.3f} job {n} starts on {name}')
    time.sleep(seconds)
    print(f'{time.monotonic():.3f} job {n} ends on {name}')
    return n * n


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        futures = [loop.run_in_executor(pool, job, n, s)
                   for n, s in enumerate([2, 1, 1, 3, 1])]
        print('results', await asyncio.gather(*futures))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1,
                                               thread_name_prefix='solo') as pool:
        print('solo result', await loop.run_in_executor(pool, job, 9, 0.5))


asyncio.run(main())
