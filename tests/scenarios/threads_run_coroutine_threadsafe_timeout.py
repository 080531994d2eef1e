"""A thread of the program waits on run_coroutine_threadsafe(...).result(): once within its timeout, once past it (the coroutine is then cancelled)."""
import asyncio
import concurrent.futures
import threading
import time


async def slow_square(x, delay):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f'{asyncio.get_running_loop().time():.1f} slow_square({x}) cancelled')
        raise
    return x * x


def client(loop, done):
    future = asyncio.run_coroutine_threadsafe(slow_square(3, 0.5), loop)
    result = future.result(timeout=2)
    print(f'{time.monotonic():.1f} result {result}')
    future = asyncio.run_coroutine_threadsafe(slow_square(4, 5), loop)
    try:
        future.result(timeout=1)
    except concurrent.futures.TimeoutError:
        print(f'{time.monotonic():.1f} timed out, cancel: {future.cancel()}')
    loop.call_soon_threadsafe(done.set)


async def main():
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    thread = threading.Thread(target=client, args=(loop, done), name='client')
    thread.start()
    await done.wait()
    await asyncio.sleep(0)
    print(f'{loop.time():.1f} main done, client alive: {thread.is_alive()}')
    thread.join()


asyncio.run(main())
