"""gather(return_exceptions=True) puts errors among the results, in order, and waits for everything. [real-order]"""
import asyncio


async def work(name, delay, exc=None):
    await asyncio.sleep(delay)
    if exc is not None:
        raise exc
    return name


async def main():
    results = await asyncio.gather(
        work('a', 0.2),
        work('b', 0.1, KeyError('b')),
        work('c', 0.15, asyncio.CancelledError()),
        work('d', 0.05),
        return_exceptions=True)
    for result in results:
        print(type(result).__name__, repr(result))


asyncio.run(main())
