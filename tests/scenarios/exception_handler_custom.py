"""Errors in callbacks go to the loop's exception handler: the default one logs "Exception in callback", a custom one sees the context."""
import asyncio


def broken(tag):
    raise RuntimeError(f'broken callback {tag}')


def handler(loop, context):
    print('custom handler:', context['message'], '|', repr(context.get('exception')))


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(broken, 'one')
    await asyncio.sleep(0.1)
    loop.set_exception_handler(handler)
    print('handler installed:', loop.get_exception_handler() is handler)
    loop.call_later(0.5, broken, 'two')
    await asyncio.sleep(1)
    loop.call_exception_handler({'message': 'a custom report'})
    loop.set_exception_handler(None)
    loop.call_exception_handler({'message': 'back to the default'})
    print('done')


asyncio.run(main())
