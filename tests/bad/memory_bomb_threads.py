"""Threads still start under the memory limit, and a pool thread's bomb is stopped too."""
import asyncio

def bomb():
    hoard = []
    while True:
        hoard.append(bytes(10 ** 8))

async def main():
    print(await asyncio.gather(*(asyncio.to_thread(sum, [i, 1]) for i in range(16))))
    await asyncio.to_thread(bomb)

asyncio.run(main())
