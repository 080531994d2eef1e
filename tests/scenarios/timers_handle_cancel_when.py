"""TimerHandle.when() is the virtual deadline; a cancelled timer never runs and its repr says so."""
import asyncio


def fire(name):
    print('fired', name)


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(1.5)
    keep = loop.call_later(2, fire, 'keep')
    drop = loop.call_later(1, fire, 'drop')
    print('keep.when() =', keep.when())
    print('drop.when() =', drop.when())
    drop.cancel()
    print('drop.cancelled() =', drop.cancelled())
    print(repr(drop))
    await asyncio.sleep(3)
    print('now', loop.time())


asyncio.run(main())
