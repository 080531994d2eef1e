"""asyncio.run inside a running loop raises RuntimeError, and the coroutine given to it is never awaited (a RuntimeWarning). [real-order]"""
import asyncio


async def inner():
    return 'never'


async def main():
    try:
        asyncio.run(inner())
    except RuntimeError as exc:
        print('RuntimeError:', exc)
    try:
        asyncio.get_running_loop().run_until_complete(asyncio.sleep(0))
    except RuntimeError as exc:
        print('RuntimeError:', exc)


asyncio.run(main())
