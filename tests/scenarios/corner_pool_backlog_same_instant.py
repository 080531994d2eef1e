"""Two pool jobs end at the same instant while a third waits for a lane: the waiting job's start is an event ordered by (time, order set), so job0 ends, job1 ends, then job2 begins on the lowest lane freed."""
import asyncio
import concurrent.futures
import threading
import time


def job(n):
    print(f'job{n} begins on {threading.current_thread().name} at {time.monotonic():.1f}')
    time.sleep(1)
    print(f'job{n} ends at {time.monotonic():.1f}')
    return n


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        print(await asyncio.gather(*(loop.run_in_executor(pool, job, n) for n in range(5))))


asyncio.run(main())
