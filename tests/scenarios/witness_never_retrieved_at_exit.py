"""A task's exception never retrieved, its task still referenced when the program ends: CPython reports "Task exception was never retrieved" at interpreter exit."""
import asyncio

kept = []


async def fails():
    await asyncio.sleep(0.5)
    raise KeyError('nobody looks at me')


async def main():
    kept.append(asyncio.create_task(fails()))
    await asyncio.sleep(1)
    print('main ends; the failed task is still referenced')


asyncio.run(main())
print('program ends')
