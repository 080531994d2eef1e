"""Graceful shutdown: a threading.Timer sends SIGTERM to the process at t=2 while the loop waits in its poll; the loop's signal handler wakes it, as CPython's wake-up fd does. [real-order]"""
import asyncio
import os
import signal
import threading


async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, lambda: (print('SIGTERM: shutting down'), stop.set()))
    threading.Timer(2, os.kill, (os.getpid(), signal.SIGTERM)).start()
    ticks = 0
    async def tick():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.75)
            ticks += 1
            print('tick', ticks)
    t = asyncio.create_task(tick())
    await stop.wait()
    t.cancel()
    print('stopped after', ticks, 'ticks')


asyncio.run(main())
