"""A worker cleans up and lets the cancellation through; asyncio.timeout and
a TaskGroup take their own cancellations back: nothing to say.
[expect none]
"""
import asyncio


async def worker():
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:
        print("worker: cleaning up")
        await asyncio.sleep(0.1)
        raise


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.5)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("worker cancelled")
    try:
        async with asyncio.timeout(0.2):
            await asyncio.sleep(1)
    except TimeoutError:
        print("timed out")

asyncio.run(main())
