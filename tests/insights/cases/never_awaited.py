"""A coroutine called without await never runs; Python warns.
[expect never_awaited line 15]
"""
import asyncio


async def save(record):
    await asyncio.sleep(0.1)
    print("saved", record)


async def main():
    # the call builds a coroutine object and drops it
    print("saving")
    save("order 17")
    await asyncio.sleep(0.5)
    print("no 'saved' line")

asyncio.run(main())
