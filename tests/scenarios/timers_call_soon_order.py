"""call_soon callbacks run FIFO; callbacks scheduled by callbacks wait for the next loop iteration. [real-order]"""
import asyncio


def log(name, loop=None):
    print('callback', name)
    if loop is not None:
        # Scheduled now, but runs only after the rest of this batch.
        loop.call_soon(log, name + '-child')


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(log, 'a', loop)
    loop.call_soon(log, 'b')
    loop.call_soon(log, 'c', loop)
    handle = loop.call_soon(log, 'cancelled')
    handle.cancel()
    print('scheduled; cancelled() =', handle.cancelled())
    await asyncio.sleep(0)
    print('main resumes after the first batch')
    await asyncio.sleep(0)
    print('main resumes again')


asyncio.run(main())
