"""gather returns results in the order given, not the order the coroutines finish. [real-order]"""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    print('finished', name)
    return name.upper()


async def main():
    results = await asyncio.gather(
        work('slow', 0.3), work('fast', 0.1), work('middle', 0.2))
    print('results', results)


asyncio.run(main())
