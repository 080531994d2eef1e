"""Deadlock: every task waits on something nothing will ever set; the runner reports each waiting task and its line. [exit 1]"""
import asyncio


async def waiter(event):
    print('waiting for an event nobody sets')
    await event.wait()


async def getter(queue):
    return await queue.get()


async def main():
    event = asyncio.Event()
    queue = asyncio.Queue()
    first = asyncio.create_task(waiter(event))
    second = asyncio.create_task(getter(queue))
    await asyncio.sleep(2)
    print('main now waits for both tasks')
    await asyncio.gather(first, second)


asyncio.run(main())
