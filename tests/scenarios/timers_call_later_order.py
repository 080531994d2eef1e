"""call_later and call_at fire in deadline order, whatever order they were set in, each at its exact virtual time."""
import asyncio


def ring(loop, name):
    print(f'{name} rings at {loop.time():.3f}')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, ring, loop, 'later-0.3')
    loop.call_later(0.1, ring, loop, 'later-0.1')
    loop.call_at(loop.time() + 0.2, ring, loop, 'at-0.2')
    loop.call_later(0, ring, loop, 'later-0')
    loop.call_soon(ring, loop, 'soon')
    await asyncio.sleep(0.25)
    print(f'main wakes at {loop.time():.3f}')
    await asyncio.sleep(0.1)
    print(f'main done at {loop.time():.3f}')


asyncio.run(main())
