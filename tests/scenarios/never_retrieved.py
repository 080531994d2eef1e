"""A task whose exception nobody retrieves is reported by the loop's exception handler on stderr when it is garbage-collected. [real-order]"""
import asyncio
import gc


async def fails():
    await asyncio.sleep(0.1)
    raise ValueError('nobody is listening')


async def main():
    task = asyncio.create_task(fails())
    await asyncio.sleep(0.5)
    print('task done:', task.done())
    del task
    gc.collect()
    print('after the task object is gone')


asyncio.run(main())
