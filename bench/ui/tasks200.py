# tasks200.py - the "big program" of bench/ui: 200 tasks that each sleep ten
# times (about 18,000 events), for timing playback at the fastest speed.
import asyncio


async def worker(n):
    for i in range(10):
        await asyncio.sleep(0.01 * (1 + (n + i) % 7))


async def main():
    await asyncio.gather(*(worker(n) for n in range(200)))
    print("all 200 done")


asyncio.run(main())
