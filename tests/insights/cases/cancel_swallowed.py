"""A worker catches BaseException and goes on: cancel() does not take.
[expect cancellation_swallowed line 10]
"""
import asyncio


async def worker():
    for i in range(3):
        try:
            await asyncio.sleep(1)
        except BaseException:
            print("worker: caught the cancellation, going on")
    return "finished anyway"


async def main():
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.5)
    task.cancel()
    print(await task)

asyncio.run(main())
