"""The waits run together with gather: nothing to say.
[expect none]
"""
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    print(await asyncio.gather(fetch("a", 1.0), fetch("b", 1.0), fetch("c", 1.0)))

asyncio.run(main())
