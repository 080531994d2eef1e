"""lock_jobs.py - 2,000 thread-pool jobs on 8 lanes share one threading.Lock.

Each job takes the lock, sleeps 1 ms of virtual time while holding it, and
releases it: seven lanes are always waiting for the lock, so every job is
a lock hand-over, a sleep and a pool hand-over. An optional argument scales
the job count.
"""
import asyncio
import concurrent.futures
import sys
import threading
import time

JOBS = int(2_000 * (float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))

lock = threading.Lock()
done = 0


def job():
    global done
    with lock:
        time.sleep(0.001)
        done += 1


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        await asyncio.gather(*(loop.run_in_executor(pool, job) for _ in range(JOBS)))
    print("jobs %d, time %.3f" % (done, loop.time()))


asyncio.run(main())
