"""A task fails and nobody awaits it: its exception is never retrieved.
[expect exception_never_retrieved line 7]
"""
import asyncio


async def boom():
    await asyncio.sleep(0.1)
    raise ValueError("lost")


async def main():
    task = asyncio.create_task(boom())
    await asyncio.sleep(0.5)
    del task
    print("main goes on")

asyncio.run(main())
