"""A task holds an asyncio.Lock across a one-second await while two others
wait for it.
[expect lock_held_across_await line 12 cost 1.500]
"""
import asyncio

lock = asyncio.Lock()


async def slow_writer():
    async with lock:
        await asyncio.sleep(1.0)  # the lock stays held meanwhile
        print("slow writer done")


async def reader(name):
    await asyncio.sleep(0.25)
    async with lock:
        print(name, "got the lock")


async def main():
    await asyncio.gather(slow_writer(), reader("a"), reader("b"))

asyncio.run(main())
