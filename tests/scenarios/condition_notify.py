"""Condition: notify(1) wakes one waiter, notify_all the rest, and wait_for re-checks its predicate."""
import asyncio

items = []


async def consumer(loop, cond, name):
    async with cond:
        await cond.wait_for(lambda: items)
        print(f'{loop.time():.3f} {name} takes {items.pop(0)}')


async def main():
    loop = asyncio.get_running_loop()
    cond = asyncio.Condition()
    tasks = [asyncio.create_task(consumer(loop, cond, f'c{i}')) for i in range(3)]
    await asyncio.sleep(1)
    async with cond:
        items.append('apple')
        cond.notify(1)
    await asyncio.sleep(1)
    async with cond:
        items.extend(['pear', 'plum'])
        cond.notify_all()
    await asyncio.gather(*tasks)
    print('left:', items)


asyncio.run(main())
