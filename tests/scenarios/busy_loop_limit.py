"""A loop that spins on sleep(0) while virtual time stands still is stopped by the iteration budget. [exit 124]"""
import asyncio


async def main():
    await asyncio.sleep(2)
    print('spinning from now on')
    while True:
        await asyncio.sleep(0)


asyncio.run(main())
