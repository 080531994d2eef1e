"""Where looplab's loop takes a shortcut past asyncio's Python code, asyncio's own behaviour holds: a sleep's future finished by someone else makes asyncio.sleep's timer raise InvalidStateError from _set_result_unless_cancelled, reported with its traceback; a loop subclass's own create_future is used; asyncio.futures.Future rebound later is what create_future makes; a Future subclass waited on by a sleep-like timer wakes its task."""
import asyncio
import asyncio.futures
import sys
import traceback


def handler(loop, context):
    exc = context.get('exception')
    print('handler:', context['message'].split(' at ')[0], type(exc).__name__, exc)
    names = [frame.name for frame in traceback.extract_tb(exc.__traceback__)]
    print('  raised in:', names[-2:])


async def finished_by_someone_else():
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def meddle():
        waiter = task._fut_waiter
        print('meddling with', type(waiter).__name__, waiter.done())
        waiter.set_result('early')

    loop.call_later(0.5, meddle)
    print('slept, got', await asyncio.sleep(1, result='on time'))
    # due with the sleep's own timer, and before it: the timer then finds
    # its future already done
    loop.call_later(1, meddle)
    print('slept, got', await asyncio.sleep(1, result='on time'))


class CountingFuture(asyncio.Future):
    made = 0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingFuture.made += 1


async def rebound_future():
    saved = asyncio.futures.Future
    asyncio.futures.Future = CountingFuture
    try:
        fut = asyncio.get_running_loop().create_future()
        print('create_future made', type(fut).__name__)
        await asyncio.sleep(0.25)  # its future is a CountingFuture too
    finally:
        asyncio.futures.Future = saved
    print('futures made while rebound:', CountingFuture.made)


class OwnLoop(asyncio.SelectorEventLoop):
    def create_future(self):
        print('OwnLoop.create_future')
        return super().create_future()


async def on_own_loop():
    await asyncio.sleep(0.1)
    return 'own loop done'


async def main():
    asyncio.get_running_loop().set_exception_handler(handler)
    await finished_by_someone_else()
    await asyncio.sleep(1)
    await rebound_future()


asyncio.run(main())
loop = OwnLoop()
print(loop.run_until_complete(on_own_loop()))
loop.close()
sys.stdout.flush()


class ChattyLoop(asyncio.SelectorEventLoop):
    """Says it is in debug mode without set_debug: asyncio's handles then
    keep where they were made, and a cancelled one its repr."""

    def get_debug(self):
        return True


async def cancel_a_timer():
    loop = asyncio.get_running_loop()
    timer = loop.call_later(5, print, 'never')
    made_at = timer._source_traceback[-1] if timer._source_traceback else None
    print('made at', made_at.name if made_at else None, made_at.line if made_at else None)
    timer.cancel()
    print('cancelled timer repr kept:', timer._repr is not None, 'cancelled' in repr(timer))


loop = ChattyLoop()
loop.run_until_complete(cancel_a_timer())
loop.close()
