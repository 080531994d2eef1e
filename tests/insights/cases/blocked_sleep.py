"""A blocking time.sleep inside a coroutine holds the loop; the ticker's timers go late.
[expect blocked_loop line 14 cost 0.300]
"""
import asyncio
import time

async def ticker():
    for i in range(3):
        await asyncio.sleep(0.05)
        print("tick", i)

async def slow():
    await asyncio.sleep(0.01)
    time.sleep(0.3)
    print("slow done")

async def main():
    await asyncio.gather(ticker(), slow())

asyncio.run(main())
