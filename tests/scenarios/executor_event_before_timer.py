"""A thread's wake-up due at the same time as a loop timer runs first: its call_soon_threadsafe callback precedes the timer's callback."""
import asyncio
import time


def job(loop):
    time.sleep(1)
    loop.call_soon_threadsafe(print, f'from the thread at {loop.time():.3f}')
    time.sleep(1)
    return 'job result'


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(1, print, 'timer at 1')
    loop.call_later(2, print, 'timer at 2')
    print(await loop.run_in_executor(None, job, loop), f'at {loop.time():.3f}')


asyncio.run(main())
