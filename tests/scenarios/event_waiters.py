"""Event.set wakes every waiter, in the order they began to wait; clear() makes later waiters wait again."""
import asyncio


async def waiter(loop, event, name):
    print(f'{loop.time():.3f} {name} waits')
    await event.wait()
    print(f'{loop.time():.3f} {name} woke')


async def main():
    loop = asyncio.get_running_loop()
    event = asyncio.Event()
    tasks = [asyncio.create_task(waiter(loop, event, n)) for n in 'abc']
    await asyncio.sleep(1)
    event.set()
    await asyncio.gather(*tasks)
    event.clear()
    late = asyncio.create_task(waiter(loop, event, 'late'))
    await asyncio.sleep(2)
    print('is_set() =', event.is_set())
    event.set()
    await late


asyncio.run(main())
