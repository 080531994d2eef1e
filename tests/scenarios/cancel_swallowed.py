"""A task that swallows CancelledError keeps running; uncancel() and cancelling() track the requests."""
import asyncio


async def stubborn(loop):
    for round_ in range(3):
        try:
            await asyncio.sleep(1)
            print(f'round {round_} slept to {loop.time():.3f}')
        except asyncio.CancelledError:
            task = asyncio.current_task()
            print(f'round {round_}: cancel swallowed at {loop.time():.3f}, '
                  f'cancelling() = {task.cancelling()}')
            print('  uncancel() ->', task.uncancel())
    return 'survived'


async def main():
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(stubborn(loop))
    await asyncio.sleep(0.5)
    task.cancel()
    await asyncio.sleep(1)
    task.cancel()
    task.cancel()
    print('result:', await task, 'cancelled() =', task.cancelled())


asyncio.run(main())
