"""Thread jobs first run when the loop waits: while callbacks are ready, each loop iteration's poll runs at most one due thread event."""
import asyncio
import time


def job(name):
    for step in range(2):
        print(f'{name} step {step}')
        time.sleep(0)       # yields to the loop, as a real thread may
    return name


async def main():
    loop = asyncio.get_running_loop()
    futures = [loop.run_in_executor(None, job, name) for name in ('A', 'B')]
    for turn in range(4):
        print('loop turn', turn)
        await asyncio.sleep(0)
    print(await asyncio.gather(*futures))


asyncio.run(main())
