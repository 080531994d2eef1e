"""Timers with equal deadlines pop in heapq order, not creation order (x, y, z fire as x, z, y); deadlines within 1e-9 s run in one iteration."""
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    for name in 'xyz':
        loop.call_later(0.5, print, name)
    await asyncio.sleep(2)          # a fourth, later timer in the heap
    print('main wakes at', loop.time())

    # base + 0.1 + 0.2 is 2.3000000000000003, base + 0.3 is 2.3: they differ
    # by less than the 1e-9 clock resolution, so both are collected in the
    # same iteration, before the callback that the first one schedules.
    base = loop.time()
    loop.call_at(base + 0.1 + 0.2, print, 'at base+0.1+0.2', base + 0.1 + 0.2)

    def first():
        print('at base+0.3', base + 0.3)
        loop.call_soon(print, 'next iteration')

    loop.call_at(base + 0.3, first)
    loop.call_at(base + 0.3 + 2e-9, print, 'at base+0.3+2e-9: a later iteration')
    await asyncio.sleep(1)


asyncio.run(main())
