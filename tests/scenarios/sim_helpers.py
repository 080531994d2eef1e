"""sim.fetch overlaps while sim.fetch_blocking and sim.cpu freeze the loop; to_thread moves blocking work off the loop."""
import asyncio
import time

import sim


async def timed(label, coro):
    start = time.monotonic()
    result = await coro
    print(f'{label}: {time.monotonic() - start:.3f} s -> {result}')


async def blocking_pair():
    return [sim.fetch_blocking('https://a.example'), sim.fetch_blocking('https://b.example')]


async def cpu_pair():
    sim.cpu(0.5)
    sim.cpu(0.5)
    return 'computed'


async def main():
    await timed('async fetch x2', asyncio.gather(sim.fetch('https://a.example'),
                                                 sim.fetch('https://b.example', latency=0.5)))
    await timed('blocking fetch x2', blocking_pair())
    await timed('blocking fetch in threads', asyncio.gather(
        asyncio.to_thread(sim.fetch_blocking, 'https://a.example'),
        asyncio.to_thread(sim.fetch_blocking, 'https://b.example')))
    await timed('cpu on the loop', cpu_pair())
    print(sim.Response('https://c.example').text)


asyncio.run(main())
