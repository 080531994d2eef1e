"""The failing task is awaited and its error handled.
[expect none]
"""
import asyncio


async def boom():
    await asyncio.sleep(0.1)
    raise ValueError("caught")


async def main():
    task = asyncio.create_task(boom())
    try:
        await task
    except ValueError as error:
        print("handled:", error)

asyncio.run(main())
