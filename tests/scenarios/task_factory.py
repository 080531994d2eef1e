"""loop.set_task_factory: every create_task goes through the factory, which may name tasks; get_task_factory shows it."""
import asyncio

made = []


def factory(loop, coro, **kwargs):
    task = asyncio.Task(coro, loop=loop, **kwargs)
    made.append(coro.__qualname__)
    return task


async def leaf(n):
    await asyncio.sleep(0.1 * n)
    return n


async def main():
    loop = asyncio.get_running_loop()
    print('factory before:', loop.get_task_factory())
    loop.set_task_factory(factory)
    print('factory set:', loop.get_task_factory() is factory)
    results = await asyncio.gather(leaf(2), leaf(1), asyncio.create_task(leaf(3), name='named'))
    print('results', results)
    print('made by factory:', made)
    tasks = {asyncio.create_task(leaf(0)) for _ in range(3)}
    await asyncio.wait(tasks)
    print('task names in set order:', [t.get_name() for t in tasks])
    loop.set_task_factory(None)
    print('factory after reset:', loop.get_task_factory())


asyncio.run(main())
