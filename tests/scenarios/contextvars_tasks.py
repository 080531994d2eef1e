"""contextvars: each task runs in a copy of its creator's context; to_thread carries the context into the worker thread."""
import asyncio
import contextvars

request_id = contextvars.ContextVar('request_id', default='none')


def in_thread():
    return f'thread sees {request_id.get()}'


async def handle(name):
    request_id.set(name)
    await asyncio.sleep(0.1)
    print(f'{name}: task sees {request_id.get()}')
    print(f'{name}: {await asyncio.to_thread(in_thread)}')


async def main():
    request_id.set('main')
    await asyncio.gather(handle('r1'), handle('r2'))
    print('main still sees', request_id.get())
    ctx = contextvars.copy_context()
    ctx.run(request_id.set, 'inside-ctx')
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_soon(lambda: done.set_result(request_id.get()), context=ctx)
    print('callback with context= sees', await done)


asyncio.run(main())
