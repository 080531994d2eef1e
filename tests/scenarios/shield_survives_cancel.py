"""shield: cancelling the waiter does not cancel the shielded work, which finishes later."""
import asyncio


async def important(loop):
    await asyncio.sleep(2)
    print(f'important work done at {loop.time():.3f}')
    return 42


async def main():
    loop = asyncio.get_running_loop()
    inner = asyncio.create_task(important(loop))
    try:
        await asyncio.wait_for(asyncio.shield(inner), timeout=1)
    except TimeoutError:
        print(f'waiter timed out at {loop.time():.3f}; inner cancelled? {inner.cancelled()}')
    print('inner result', await inner)


asyncio.run(main())
