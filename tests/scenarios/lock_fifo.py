"""asyncio.Lock hands the lock to waiters first come, first served. [real-order]"""
import asyncio


async def user(lock, name, hold):
    print(name, 'wants the lock')
    async with lock:
        print(name, 'has the lock')
        await asyncio.sleep(hold)
    print(name, 'released it')


async def main():
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(user(lock, name, 0.05))
             for name in ('first', 'second', 'third')]
    await asyncio.sleep(0)
    print('locked() =', lock.locked())
    await asyncio.gather(*tasks)
    print('locked() =', lock.locked())


asyncio.run(main())
