"""The lock is held only around the shared update; the slow await is
outside it, and waiters never wait long.
[expect none]
"""
import asyncio

lock = asyncio.Lock()
total = 0


async def worker(n):
    global total
    await asyncio.sleep(1.0)  # the slow part, outside the lock
    async with lock:
        total += n
        await asyncio.sleep(0.01)


async def main():
    await asyncio.gather(*(worker(n) for n in range(5)))
    print("total", total)

asyncio.run(main())
