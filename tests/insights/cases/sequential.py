"""Three independent fetches awaited one after another: 3 s where 1 s would do.
[expect one_at_a_time line 13 cost 2.000]
"""
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    a = await fetch("a", 1.0)
    b = await fetch("b", 1.0)
    c = await fetch("c", 1.0)
    print(a, b, c)

asyncio.run(main())
