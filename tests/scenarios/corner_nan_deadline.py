"""A NaN deadline: CPython's heap never orders NaN before anything, and _run_once takes a NaN timer as due once it is on top of the heap; asyncio.sleep(nan) wakes with it, and wait_for(..., nan) times out at once. [real-order]"""
import asyncio
import math


async def main():
    loop = asyncio.get_running_loop()
    loop.call_at(math.nan, print, 'NaN deadline alone: runs at once')
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    loop.call_later(0.5, print, 'half a second')
    loop.call_at(math.nan, print, 'NaN deadline behind a timer: after it')
    loop.call_soon(print, 'call_soon')
    await asyncio.sleep(math.nan)
    print('asyncio.sleep(nan) returned')
    handle = loop.call_later(math.nan, print, 'cancelled: never printed')
    handle.cancel()
    try:
        print(await asyncio.wait_for(asyncio.sleep(0.25, 'not printed'), math.nan))
    except TimeoutError:
        print('wait_for with a NaN timeout: TimeoutError')


asyncio.run(main())
