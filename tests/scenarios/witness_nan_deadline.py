"""A NaN deadline does not raise: the timer runs once it reaches the top of the timer heap (timeout max(0, nan) is 0), as in CPython."""
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, print, 'the 0.5 s timer')
    handle = loop.call_at(float('nan'), print, 'the NaN timer')
    print('scheduled:', handle.when())
    await asyncio.sleep(1)
    loop.call_later(float('nan'), print, 'call_later(nan) runs at once')
    await asyncio.sleep(0.1)


asyncio.run(main())
