"""loop.run_forever() in a thread, fed with run_coroutine_threadsafe by a main thread that runs its own loop and awaits the results (wrap_future): each loop keeps its own tasks and timers. The window shows one loop at a time and says the other exists."""
import asyncio
import threading
import time

t0 = time.monotonic()


def stamp():
    return f'{time.monotonic() - t0:.1f}'


def serve(loop):
    asyncio.set_event_loop(loop)
    loop.run_forever()


async def fetch(n):
    await asyncio.sleep(n)
    print(stamp(), f'fetch({n}) on', threading.current_thread().name)
    return n * 10


async def main():
    server_loop = asyncio.new_event_loop()
    server = threading.Thread(target=serve, args=(server_loop,), name='server-loop')
    server.start()
    futures = [asyncio.run_coroutine_threadsafe(fetch(n), server_loop) for n in (1.5, 0.5)]
    for n in range(2):
        await asyncio.sleep(0.8)
        print(stamp(), 'main tick', n)
    results = await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
    print(stamp(), 'results', results)
    server_loop.call_soon_threadsafe(server_loop.stop)
    await asyncio.to_thread(server.join)
    server_loop.close()
    print(stamp(), 'server closed', server_loop.is_closed())


asyncio.run(main())
