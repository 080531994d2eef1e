"""TaskGroup: one child fails, its siblings are cancelled (in a fixed order), and the uncaught ExceptionGroup ends the program. [exit 1]"""
import asyncio


async def child(loop, name, delay, fail=False):
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print(f'{name} cancelled at {loop.time():.3f}')
        raise
    if fail:
        raise RuntimeError(f'{name} broke')
    print(f'{name} finished at {loop.time():.3f}')


async def main():
    loop = asyncio.get_running_loop()
    async with asyncio.TaskGroup() as group:
        group.create_task(child(loop, 'first', 0.5))
        for name in ('a', 'b', 'c', 'd'):
            group.create_task(child(loop, name, 5))
        group.create_task(child(loop, 'bad', 1, fail=True))
        group.create_task(child(loop, 'worse', 1, fail=True))
    print('not reached')


asyncio.run(main())
