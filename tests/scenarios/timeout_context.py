"""asyncio.timeout and timeout_at: when(), reschedule() and expired(), and TimeoutError raised at the deadline."""
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1) as cm:
            print('deadline', cm.when())
            await asyncio.sleep(0.5)
            cm.reschedule(loop.time() + 2)
            print('moved deadline to', cm.when())
            await asyncio.sleep(10)
    except TimeoutError:
        print(f'timed out at {loop.time():.3f}; expired() = {cm.expired()}')

    async with asyncio.timeout_at(loop.time() + 1) as cm:
        await asyncio.sleep(0.5)
    print(f'finished in time at {loop.time():.3f}; expired() = {cm.expired()}')

    async with asyncio.timeout(None) as cm:
        print('no deadline:', cm.when())
        await asyncio.sleep(0.1)
    try:
        async with asyncio.timeout(-1):
            print('body starts even with a past deadline')
            await asyncio.sleep(0)
            print('not reached')
    except TimeoutError:
        print(f'past deadline raised at {loop.time():.3f}')


asyncio.run(main())
