"""A task busy-waits for a flag with sleep(0): thousands of steps at one
instant; the task that sets the flag counts down the same way.
[expect starvation line 15]
[expect starvation line 22]
"""
import asyncio

ready = False


async def waiter():
    spins = 0
    while not ready:
        spins += 1
        await asyncio.sleep(0)
    print("spun", spins, "times")


async def setter():
    global ready
    for _ in range(2000):
        await asyncio.sleep(0)
    ready = True


async def main():
    await asyncio.gather(waiter(), setter())

asyncio.run(main())
