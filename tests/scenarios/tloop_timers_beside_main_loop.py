"""A thread runs asyncio.run with its own timers (call_later bells at 0.5, 1.5, 2.5 s) while the main thread runs its own loop (a tick every 0.7 s): two loops side by side, each firing only its own timers, in one order of time. The window shows one loop at a time and says the other exists."""
import asyncio
import threading
import time

t0 = time.monotonic()


def stamp():
    return f'{time.monotonic() - t0:.1f}'


def bell(name, done):
    print(stamp(), 'bell', name, 'on', threading.current_thread().name)
    if name == 'third':
        done.set_result(None)


async def bells():
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(0.5, bell, 'first', done)
    loop.call_later(1.5, bell, 'second', done)
    loop.call_later(2.5, bell, 'third', done)
    await done
    return 'bells rung'


def bell_thread(results):
    results.append(asyncio.run(bells()))


async def ticks():
    for n in range(4):
        await asyncio.sleep(0.7)
        print(stamp(), 'tick', n, 'on', threading.current_thread().name)


async def main():
    results = []
    worker = threading.Thread(target=bell_thread, args=(results,), name='bell-thread')
    worker.start()
    await ticks()
    await asyncio.to_thread(worker.join)
    print(stamp(), 'main done;', results[0])


asyncio.run(main())
