"""The asyncio docs' say_after example: time.strftime('%X') prints 00:00:00 then 00:00:03 in virtual time; every time clock reads the same clock."""
import asyncio
import time


async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)


async def main():
    print(f"started at {time.strftime('%X')}")
    await say_after(1, 'hello')
    await say_after(2, 'world')
    print(f"finished at {time.strftime('%X')}")
    print('time', time.time(), 'monotonic', time.monotonic(), 'perf', time.perf_counter())
    print('ns', time.time_ns(), time.monotonic_ns(), time.perf_counter_ns())
    print('ctime', time.ctime(), '| asctime', time.asctime())
    print('gmtime', tuple(time.gmtime())[:6], 'localtime', tuple(time.localtime())[:6])
    print('explicit argument still works:', time.strftime('%Y-%m-%d %H:%M', time.gmtime(86400 * 365)))


asyncio.run(main())
