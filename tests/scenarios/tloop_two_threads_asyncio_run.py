"""Two threads each run asyncio.run(nap(d)) for d = 2 and 1: their loops wait side by side, so both end by t=2, not t=3. [real-order]"""
import asyncio
import threading
import time


async def nap(d):
    start = time.monotonic()
    await asyncio.sleep(d)
    await asyncio.sleep(0)
    print(f'{threading.current_thread().name} slept {d}')
    return time.monotonic() - start


def run(d, took):
    took[d] = asyncio.run(nap(d))


took = {}
threads = [threading.Thread(target=run, args=(d, took), name=f'runner-{d}') for d in (2, 1)]
started = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
print('each took about', {d: round(took[d]) for d in sorted(took)})
print('together about', round(time.monotonic() - started))
