"""A thread that calls loop.call_soon or sets an asyncio.Event (neither is thread-safe) does not wake the loop: the callback waits until the loop's poll ends at its next timer, as in CPython, where nothing is written to the loop's self-pipe. call_soon_threadsafe wakes it at once."""
import asyncio
import threading
import time


async def main():
    loop = asyncio.get_running_loop()
    start = loop.time()
    event = asyncio.Event()

    def report(what):
        print(what, 'ran at', round(loop.time() - start, 1))

    def worker():
        time.sleep(0.1)
        loop.call_soon(report, 'plain call_soon from a thread')
        time.sleep(0.1)
        loop.call_soon_threadsafe(report, 'call_soon_threadsafe from a thread')
        time.sleep(0.5)
        event.set()  # not thread-safe either

    threading.Thread(target=worker).start()
    loop.call_later(0.5, report, 'the timer')
    await asyncio.sleep(0.6)

    async def waiter():
        await event.wait()
        report('the event waiter')

    waiting = asyncio.create_task(waiter())
    loop.call_later(0.6, report, 'the second timer')
    await asyncio.sleep(0.7)
    await waiting


asyncio.run(main())
