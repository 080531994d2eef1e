"""An exception that escapes asyncio.run prints a traceback through the coroutine and exits with status 1. [exit 1] [real-order]"""
import asyncio


async def divide(a, b):
    await asyncio.sleep(0.5)
    return a / b


async def main():
    print('about to divide')
    print(await divide(1, 0))


asyncio.run(main())
