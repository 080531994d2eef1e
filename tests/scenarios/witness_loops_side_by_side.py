"""Event loops in two threads run side by side: asyncio.run(sleep(2)) and asyncio.run(sleep(1)) in two threads end together at t=2, and the to_thread form two seconds later."""
import asyncio
import threading
import time


async def nap(seconds):
    await asyncio.sleep(seconds)
    print(f'{threading.current_thread().name} slept {seconds} s, at {time.monotonic():.2f}')


threads = [threading.Thread(target=asyncio.run, args=(nap(d),), name=f'loop-{d}') for d in (2, 1)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f'both threads done at {time.monotonic():.2f}')


async def main():
    start = time.monotonic()
    await asyncio.gather(asyncio.to_thread(asyncio.run, nap(2)),
                         asyncio.to_thread(asyncio.run, nap(1)))
    print(f'to_thread form: {time.monotonic() - start:.2f} s')


asyncio.run(main())
