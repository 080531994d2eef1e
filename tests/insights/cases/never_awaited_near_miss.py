"""The same call, awaited.
[expect none]
"""
import asyncio


async def save(record):
    await asyncio.sleep(0.1)
    print("saved", record)


async def main():
    print("saving")
    await save("order 17")

asyncio.run(main())
