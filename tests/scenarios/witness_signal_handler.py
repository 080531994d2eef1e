"""loop.add_signal_handler runs its handler as a loop callback when the process gets the signal (os.kill at t=1, the graceful-shutdown idiom), and remove_signal_handler removes it."""
import asyncio
import os
import signal


async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def on_term():
        print(f'SIGTERM handled at {loop.time():.2f}')
        stop.set()

    loop.add_signal_handler(signal.SIGTERM, on_term)
    loop.call_later(1, os.kill, os.getpid(), signal.SIGTERM)
    await stop.wait()
    print(f'shutting down at {loop.time():.2f}')
    print('removed:', loop.remove_signal_handler(signal.SIGTERM))
    await asyncio.sleep(0.5)
    print(f'done at {loop.time():.2f}')


asyncio.run(main())
