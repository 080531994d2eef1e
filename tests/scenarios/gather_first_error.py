"""gather raises the first error at once; the other awaitables are not cancelled and keep running. [real-order]"""
import asyncio


async def work(name, delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f'{name} failed')
    print('finished', name)
    return name


async def main():
    slow = asyncio.create_task(work('slow', 0.3))
    try:
        await asyncio.gather(work('quick', 0.1), work('broken', 0.2, fail=True),
                             slow)
    except ValueError as exc:
        print('gather raised:', exc)
        print('slow is still running:', not slow.done())
    print('slow returns', await slow)


asyncio.run(main())
