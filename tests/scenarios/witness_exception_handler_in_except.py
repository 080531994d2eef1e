"""The loop's exception handler is called inside the failing callback's except: sys.exc_info() and traceback.print_exc() see the error, and a handler that raises chains "During handling of the above exception"."""
import asyncio
import sys
import traceback


def broken():
    raise ValueError('callback failed')


def handler(loop, context):
    print('handler sees:', repr(sys.exc_info()[1]), '| context:', repr(context['exception']))
    traceback.print_exc()
    if not getattr(handler, 'raised', False):
        handler.raised = True
        raise RuntimeError('the handler fails too')


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_soon(broken)
    await asyncio.sleep(0.1)
    loop.call_soon(broken)
    await asyncio.sleep(0.1)
    print('done')


asyncio.run(main())
