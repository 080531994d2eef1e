"""Queue: producers and consumers at different speeds, a bounded queue that blocks put(), and join() after task_done()."""
import asyncio


async def producer(loop, queue, name, count):
    for i in range(count):
        await queue.put(f'{name}{i}')
        print(f'{loop.time():.3f} put {name}{i} (size {queue.qsize()})')
        await asyncio.sleep(0.1)


async def consumer(loop, queue, name):
    while True:
        item = await queue.get()
        await asyncio.sleep(0.25)
        print(f'{loop.time():.3f} {name} handled {item}')
        queue.task_done()


async def main():
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue(maxsize=2)
    consumers = [asyncio.create_task(consumer(loop, queue, f'c{i}')) for i in range(2)]
    await asyncio.gather(producer(loop, queue, 'p', 4), producer(loop, queue, 'q', 3))
    await queue.join()
    print(f'{loop.time():.3f} all items handled')
    for task in consumers:
        task.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)


asyncio.run(main())
