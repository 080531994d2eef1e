"""Cancelling a task: CancelledError carries the message, reaches the task at its await, and the awaiter sees it."""
import asyncio


async def sleeper(loop):
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError as exc:
        print(f'sleeper cancelled at {loop.time():.3f}, args={exc.args}')
        raise


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(sleeper(loop))
    await asyncio.sleep(1)
    print('cancel() ->', task.cancel('stop now'))
    print('cancelling() =', task.cancelling())
    try:
        await task
    except asyncio.CancelledError as exc:
        print('main saw CancelledError, args =', exc.args)
    print('cancelled() =', task.cancelled(), 'done() =', task.done())
    print('cancel() again ->', task.cancel())


asyncio.run(main())
