"""TaskGroup results, and except* picking the failures out of its ExceptionGroup. [real-order]"""
import asyncio


async def child(name, delay, exc=None):
    await asyncio.sleep(delay)
    if exc is not None:
        raise exc
    return name


async def main():
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(child(n, d)) for n, d in (('x', 0.2), ('y', 0.1))]
    print('all done:', [task.result() for task in tasks])

    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(child('v', 0.1, ValueError('bad value')))
            group.create_task(child('k', 0.1, KeyError('missing')))
            group.create_task(child('slow', 1))
    except* ValueError as group_of_values:
        print('ValueErrors:', group_of_values.exceptions)
    except* KeyError as group_of_keys:
        print('KeyErrors:', group_of_keys.exceptions)


asyncio.run(main())
