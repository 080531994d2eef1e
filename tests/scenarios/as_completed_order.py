"""as_completed yields results in the order they finish; its timeout raises TimeoutError."""
import asyncio


async def work(name, delay):
    await asyncio.sleep(delay)
    return name


async def main():
    loop = asyncio.get_running_loop()
    jobs = [work('three', 3), work('one', 1), work('two', 2)]
    for next_done in asyncio.as_completed(jobs):
        print(f'{await next_done} at {loop.time():.3f}')
    try:
        for next_done in asyncio.as_completed([work('late', 5)], timeout=1):
            await next_done
    except TimeoutError:
        print(f'as_completed timed out at {loop.time():.3f}')


asyncio.run(main())
