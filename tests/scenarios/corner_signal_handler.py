"""loop.add_signal_handler as in CPython: the handler is a loop callback added at the poll after the signal (os.kill, signal.raise_signal), so it runs after what the current iteration scheduled; remove_signal_handler and the argument checks. [real-order]"""
import asyncio
import os
import signal

async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    def on_term(name):
        print('got', name)
        stop.set()
    loop.add_signal_handler(signal.SIGTERM, on_term, 'SIGTERM')
    loop.add_signal_handler(signal.SIGUSR1, print, 'usr1')
    loop.call_soon(print, 'soon before')
    os.kill(os.getpid(), signal.SIGUSR1)
    loop.call_soon(print, 'soon after')
    await asyncio.sleep(0)
    print('after sleep(0)')
    loop.call_later(0.5, signal.raise_signal, signal.SIGTERM)
    await stop.wait()
    print('removed', loop.remove_signal_handler(signal.SIGTERM), loop.remove_signal_handler(signal.SIGTERM))
    try:
        loop.add_signal_handler(999, print)
    except ValueError as e:
        print('ValueError', e)
    try:
        loop.add_signal_handler('x', print)
    except TypeError as e:
        print('TypeError', e)

    async def co():
        pass

    try:
        loop.add_signal_handler(signal.SIGUSR2, co)
    except TypeError as e:
        print('TypeError', e)

asyncio.run(main())
print(signal.getsignal(signal.SIGUSR1))
