"""Async context managers: awaited __aenter__/__aexit__, @asynccontextmanager, and an __aexit__ that suppresses an error."""
import asyncio
import contextlib


class Connection:
    def __init__(self, loop, name):
        self.loop, self.name = loop, name

    async def __aenter__(self):
        await asyncio.sleep(0.5)
        print(f'{self.loop.time():.3f} {self.name} opened')
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.25)
        print(f'{self.loop.time():.3f} {self.name} closed (error: {exc!r})')
        return exc_type is KeyError     # swallow KeyError only


@contextlib.asynccontextmanager
async def session(loop):
    print(f'{loop.time():.3f} session setup')
    try:
        yield 'session-1'
    finally:
        await asyncio.sleep(1)
        print(f'{loop.time():.3f} session teardown')


async def main():
    loop = asyncio.get_running_loop()
    async with Connection(loop, 'db') as conn:
        print('using', conn.name)
    async with Connection(loop, 'cache'):
        raise KeyError('ignored')
    print('KeyError was suppressed')
    try:
        async with Connection(loop, 'api'):
            raise ValueError('kept')
    except ValueError as exc:
        print('ValueError propagated:', exc)
    async with session(loop) as name:
        print('inside', name)


asyncio.run(main())
