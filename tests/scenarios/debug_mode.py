"""Debug mode: get_debug() is True and a callback that blocks for 0.25 s is reported as slow on stderr."""
import asyncio
import time


async def main():
    loop = asyncio.get_running_loop()
    print('debug:', loop.get_debug(), 'slow_callback_duration:', loop.slow_callback_duration)
    await asyncio.sleep(0.1)
    time.sleep(0.25)    # blocks the loop: a slow step of this task
    print('blocked until', loop.time())
    await asyncio.sleep(0.1)


asyncio.run(main(), debug=True)
