"""Each wait needs the result of the one before: they cannot overlap.
[expect none]
"""
import asyncio


async def fetch(name, delay):
    await asyncio.sleep(delay)
    return name + "!"


async def main():
    token = await fetch("login", 1.0)
    url = "/data?token=" + token
    page = await fetch(url, 1.0)
    print(page)

asyncio.run(main())
