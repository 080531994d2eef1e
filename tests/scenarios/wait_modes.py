"""asyncio.wait with FIRST_COMPLETED, FIRST_EXCEPTION and ALL_COMPLETED; its sets printed sorted and raw (tasks hash by creation order)."""
import asyncio


async def work(delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f'failed after {delay}')
    return delay


def names(tasks):
    return sorted(task.get_name() for task in tasks)


async def main():
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(work(d), name=f'w{d}') for d in (3, 1, 2)]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f'{loop.time():.3f} FIRST_COMPLETED done={names(done)} pending={names(pending)}')

    more = [asyncio.create_task(work(0.5, fail=True), name='bad'),
            asyncio.create_task(work(4), name='w4')]
    done, pending = await asyncio.wait(tasks + more,
                                       return_when=asyncio.FIRST_EXCEPTION)
    print(f'{loop.time():.3f} FIRST_EXCEPTION done={names(done)} pending={names(pending)}')
    for task in done:
        print('  raw done:', task.get_name(), task.exception() or task.result())

    done, pending = await asyncio.wait(tasks + more)
    print(f'{loop.time():.3f} ALL_COMPLETED done={names(done)} pending={names(pending)}')
    print('raw set:', done)

    done, pending = await asyncio.wait([asyncio.create_task(work(9))], timeout=1)
    print(f'{loop.time():.3f} timeout: {len(done)} done, {len(pending)} pending')
    for task in pending:
        task.cancel()


asyncio.run(main())
