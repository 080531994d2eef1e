"""threading.Timer runs a function after a delay in its own thread; a cancelled Timer never runs; the loop keeps running meanwhile."""
import asyncio
import threading
import time


def ring(what):
    print(f'{time.monotonic():.1f} {what} in {threading.current_thread().name}')


async def main():
    first = threading.Timer(1.5, ring, args=('first timer',))
    second = threading.Timer(3.5, ring, args=('second timer',))
    first.start()
    second.start()
    for _ in range(3):
        await asyncio.sleep(1)
        print(f'{time.monotonic():.1f} loop tick')
    second.cancel()
    print('second cancelled, first alive:', first.is_alive())
    await asyncio.to_thread(second.join)
    print(f'{time.monotonic():.1f} second joined, alive: {second.is_alive()}')


asyncio.run(main())
