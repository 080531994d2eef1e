"""The same independent wait in a for loop: one after another.
[expect one_at_a_time line 15 cost 1.500]
"""
import asyncio


async def fetch(url):
    await asyncio.sleep(0.5)
    return len(url)


async def main():
    sizes = []
    for url in ["a", "bb", "ccc", "dddd"]:
        sizes.append(await fetch(url))
    print(sizes)

asyncio.run(main())
