"""A task whose exception is never retrieved, kept in a global until the interpreter exits: CPython's "Task exception was never retrieved" report comes at exit, after the program's last line. [real-order]"""
import asyncio


async def fail():
    await asyncio.sleep(0.5)
    raise ValueError('nobody looked at this')


async def main():
    global kept
    kept = asyncio.create_task(fail())
    await asyncio.sleep(1)
    print('main returns; the task failed at t=0.5')


kept = None
asyncio.run(main())
print('last line of the program')
