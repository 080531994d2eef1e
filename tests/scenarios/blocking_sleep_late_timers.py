"""A blocking time.sleep in a coroutine freezes the loop: timers due meanwhile run late, while a thread-pool job finishes on time."""
import asyncio
import time


def late(loop, name, due):
    print(f'{name} due at {due:.3f}, ran at {loop.time():.3f}')


def pool_job(loop):
    time.sleep(1)
    return f'pool job finished at {loop.time():.3f}'


async def main():
    loop = asyncio.get_running_loop()
    for due in (0.5, 1.0, 2.5):
        loop.call_at(due, late, loop, f'timer {due}', due)
    job = loop.run_in_executor(None, pool_job, loop)
    print(f'{loop.time():.3f} blocking for 2 s')
    time.sleep(2)
    print(f'{loop.time():.3f} unblocked; job done already? {job.done()}')
    print(await job)
    print(f'{loop.time():.3f} result collected')
    await asyncio.sleep(1)


asyncio.run(main())
