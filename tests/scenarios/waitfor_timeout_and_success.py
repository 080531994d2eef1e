"""wait_for returns in time, or cancels the work (its cleanup runs) and raises TimeoutError at the deadline."""
import asyncio


async def work(loop, name, delay):
    try:
        await asyncio.sleep(delay)
        return f'{name} done at {loop.time():.3f}'
    except asyncio.CancelledError:
        print(f'{name} cancelled at {loop.time():.3f}, cleaning up')
        await asyncio.sleep(0.25)
        print(f'{name} cleanup finished at {loop.time():.3f}')
        raise


async def main():
    loop = asyncio.get_running_loop()
    print(await asyncio.wait_for(work(loop, 'quick', 1), timeout=2))
    try:
        await asyncio.wait_for(work(loop, 'slow', 5), timeout=2)
    except TimeoutError:
        print(f'TimeoutError seen at {loop.time():.3f}')


asyncio.run(main())
