"""A task made with create_task and thrown away: nothing keeps or awaits it.
[expect task_dropped line 14]
"""
import asyncio


async def report(n):
    await asyncio.sleep(0.1)
    print("report", n)


async def main():
    for n in range(3):
        asyncio.create_task(report(n))
    await asyncio.sleep(1)

asyncio.run(main())
