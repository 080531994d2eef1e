"""all_tasks() and current_task(): the raw set of tasks prints in creation order because tasks hash by creation order."""
import asyncio


async def idle(seconds):
    await asyncio.sleep(seconds)


async def main():
    tasks = [asyncio.create_task(idle(n), name=f'idle-{n}') for n in (3, 1, 2)]
    print('current:', asyncio.current_task().get_name())
    print('names in set order:', [t.get_name() for t in asyncio.all_tasks()])
    print('hashes:', [hash(t) for t in tasks])
    await asyncio.sleep(1.5)
    print('still pending:', sorted(t.get_name() for t in asyncio.all_tasks()))
    print(tasks[0])
    await asyncio.gather(*tasks)


asyncio.run(main())
