"""The loop's exception handler runs inside the failing callback's except: sys.exc_info() is the callback's error, traceback.print_exc() prints it, and a handler that raises is reported with "During handling of the above exception". [real-order]"""
import asyncio
import sys
import traceback


def bad():
    raise ValueError('boom')


def handler(loop, context):
    kind, value, _ = sys.exc_info()
    print('handling:', kind.__name__ if kind else None, value, value is context['exception'])
    traceback.print_exc()
    if isinstance(context['exception'], ValueError):
        raise RuntimeError('the handler failed too')


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_soon(bad)
    await asyncio.sleep(0.1)
    print('outside the handler:', sys.exc_info())


asyncio.run(main())
