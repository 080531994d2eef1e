"""Tasks kept in a set (and discarded when done), a TaskGroup's tasks, and
asyncio.run's own: all kept, nothing to say.
[expect none]
"""
import asyncio

background = set()


async def report(n):
    await asyncio.sleep(0.1)
    print("report", n)


async def main():
    for n in range(3):
        task = asyncio.create_task(report(n))
        background.add(task)
        task.add_done_callback(background.discard)
    async with asyncio.TaskGroup() as group:
        group.create_task(report(10))
    later = asyncio.ensure_future(report(20))
    await asyncio.sleep(1)
    await later

asyncio.run(main())
