"""Semaphore(2): at most two workers inside at once; the others wait their turn in order."""
import asyncio


async def worker(loop, sem, name, duration):
    async with sem:
        print(f'{loop.time():.3f} {name} enters (locked: {sem.locked()})')
        await asyncio.sleep(duration)
        print(f'{loop.time():.3f} {name} leaves')


async def main():
    loop = asyncio.get_running_loop()
    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(worker(loop, sem, f'w{i}', 1 + i % 2)
                           for i in range(5)))
    print('locked() at the end:', sem.locked())


asyncio.run(main())
