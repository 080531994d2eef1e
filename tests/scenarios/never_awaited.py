"""Calling a coroutine function without await only builds a coroutine; it never runs and Python warns when it is dropped. [real-order]"""
import asyncio


async def greet():
    print('this line never prints')


async def main():
    coro = greet()
    print('made', type(coro).__name__, coro.__qualname__)
    del coro
    greet()
    print('main done')


asyncio.run(main())
