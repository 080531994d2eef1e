"""A loop.run_forever() thread fed with run_coroutine_threadsafe while the main thread waits on fut.result(): the result comes at t=1, then the loop is stopped and the thread joined."""
import asyncio
import threading
import time

loop = asyncio.new_event_loop()
thread = threading.Thread(target=loop.run_forever, name='looper', daemon=True)
thread.start()


async def double(x):
    await asyncio.sleep(1)
    return 2 * x, threading.current_thread().name


future = asyncio.run_coroutine_threadsafe(double(21), loop)
print(future.result(), f'at {time.monotonic():.2f}')
loop.call_soon_threadsafe(loop.stop)
thread.join()
loop.close()
print(f'loop stopped at {time.monotonic():.2f}')
