"""wait_for cannot stop a running thread job: it times out, the job runs on, and asyncio.run waits for it at shutdown."""
import asyncio
import time


def slow_job():
    time.sleep(3)
    print(f'{time.monotonic():.3f} slow job finished anyway')


async def main():
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(asyncio.to_thread(slow_job), timeout=1)
    except TimeoutError:
        print(f'{loop.time():.3f} wait_for gave up')
    print(f'{loop.time():.3f} main returns')


asyncio.run(main())
print(f'{time.monotonic():.3f} asyncio.run returned')
