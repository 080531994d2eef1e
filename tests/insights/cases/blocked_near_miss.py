"""A 99 ms block: under asyncio's slow-callback threshold (100 ms), no finding.
[expect none]
"""
import asyncio
import time


async def ticker():
    await asyncio.sleep(0.05)
    print("tick")


async def slow():
    time.sleep(0.099)
    print("slow done")


async def main():
    await asyncio.gather(ticker(), slow())

asyncio.run(main())
