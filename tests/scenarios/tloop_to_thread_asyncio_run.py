"""to_thread(asyncio.run, ...) twice: each pool thread runs a loop of its own, side by side with the main loop and each other; the main loop's own timer fires in between. [real-order]"""
import asyncio
import threading
import time


async def nap(name, d):
    loop = asyncio.get_running_loop()
    await asyncio.sleep(d)
    print(f'{name} woke on {threading.current_thread().name}')
    return name, loop is not outer


async def main():
    global outer
    outer = asyncio.get_running_loop()
    start = time.monotonic()
    outer.call_later(1.5, print, 'main loop timer')
    results = await asyncio.gather(asyncio.to_thread(asyncio.run, nap('a', 2)),
                                   asyncio.to_thread(asyncio.run, nap('b', 1)))
    print(results, 'after about', round(time.monotonic() - start))


outer = None
asyncio.run(main())
