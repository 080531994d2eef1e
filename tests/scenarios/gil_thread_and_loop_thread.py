"""CPU work in a to_thread job slows CPU work on the loop thread (both need the GIL), and while the loop thread computes, timers come due late."""
import asyncio

import sim


async def heartbeat(loop):
    for _ in range(3):
        await asyncio.sleep(0.5)
        print(f'{loop.time():.2f} heartbeat')


async def main():
    loop = asyncio.get_running_loop()
    beat = asyncio.create_task(heartbeat(loop))
    job = asyncio.create_task(asyncio.to_thread(sim.cpu, 1.0))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    print(f'{loop.time():.2f} the loop thread computes 1 s while the job computes')
    sim.cpu(1.0)
    print(f'{loop.time():.2f} the loop thread is free again')
    await job
    print(f'{loop.time():.2f} the job is done')
    await beat


asyncio.run(main())
