"""Two tasks wait on each other's events: a deadlock."""
import asyncio

async def wait(mine, theirs):
    await theirs.wait()
    mine.set()

async def main():
    a, b = asyncio.Event(), asyncio.Event()
    await asyncio.gather(wait(a, b), wait(b, a))

asyncio.run(main())
