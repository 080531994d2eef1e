"""A thread waits for a coroutine's result while that coroutine waits for the thread's signal: a deadlock between a thread and the loop, reported with both sides. [exit 1]"""
import asyncio
import threading


async def needs_signal(signal):
    await signal.wait()
    return 'answer'


def worker(loop, signal):
    future = asyncio.run_coroutine_threadsafe(needs_signal(signal), loop)
    print('worker waits for the answer')
    answer = future.result()
    loop.call_soon_threadsafe(signal.set)
    print(answer)


async def main():
    loop = asyncio.get_running_loop()
    signal = asyncio.Event()
    thread = threading.Thread(target=worker, args=(loop, signal), name='worker')
    thread.start()
    await asyncio.to_thread(thread.join)


asyncio.run(main())
