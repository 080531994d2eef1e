"""A worker thread reports back with call_soon_threadsafe while the loop sleeps; each report runs on the loop at its virtual time."""
import asyncio
import threading
import time


def worker(loop, reports):
    for step in range(3):
        time.sleep(0.5)
        loop.call_soon_threadsafe(reports.put_nowait,
                                  (step, threading.current_thread().name))
    return 'worker finished'


async def main():
    loop = asyncio.get_running_loop()
    reports = asyncio.Queue()
    job = asyncio.create_task(asyncio.to_thread(worker, loop, reports))
    for _ in range(3):
        step, thread = await reports.get()
        print(f'{loop.time():.3f} report {step} from {thread}')
    print(await job, f'at {loop.time():.3f}')


asyncio.run(main())
