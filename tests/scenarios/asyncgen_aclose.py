"""Async generators: async for, an early aclose() running the finally block, and asyncio.run finalizing one left unfinished."""
import asyncio


async def ticker(loop, name, count):
    try:
        for i in range(count):
            await asyncio.sleep(0.5)
            yield f'{name}{i}'
    finally:
        print(f'{loop.time():.3f} {name} finally block runs')


async def main():
    loop = asyncio.get_running_loop()
    async for value in ticker(loop, 'a', 2):
        print(f'{loop.time():.3f} got {value}')

    gen = ticker(loop, 'b', 10)
    print('first of b:', await anext(gen))
    await gen.aclose()
    print('b closed')

    global leftover
    leftover = ticker(loop, 'c', 10)
    print('first of c:', await anext(leftover))
    print('main returns with c unfinished')


asyncio.run(main())
print('after asyncio.run')
