"""What a program puts in place of the loop's methods is called, as on CPython's loop: a subclass's call_soon and call_at, call_later going through call_at, a wrapper put on the instance (kept across set_debug), odd arguments reported with asyncio's own messages, and the count of cancelled timers still in the heap."""
import asyncio


class LoggingLoop(asyncio.SelectorEventLoop):
    def call_soon(self, callback, *args, context=None):
        print('  call_soon', getattr(callback, '__qualname__', type(callback).__name__))
        return super().call_soon(callback, *args, context=context)

    def call_at(self, when, callback, *args, context=None):
        print('  call_at +%.2f' % (when - self.time()), getattr(callback, '__qualname__', '?'))
        return super().call_at(when, callback, *args, context=context)


async def nap():
    await asyncio.sleep(0.5)
    return 'napped'


async def wrapped_on_the_instance():
    loop = asyncio.get_running_loop()
    real_call_at = loop.call_at

    def logged_call_at(when, callback, *args, **kwargs):
        print('  instance call_at +%.2f' % (when - loop.time()))
        return real_call_at(when, callback, *args, **kwargs)

    loop.call_at = logged_call_at
    loop.set_debug(True)
    loop.set_debug(False)
    print('wrapper kept across set_debug:', loop.call_at is logged_call_at)
    await asyncio.sleep(0.25)
    del loop.call_at


async def odd_arguments():
    loop = asyncio.get_running_loop()
    for make in (lambda: loop.create_future(1), lambda: loop.call_soon()):
        try:
            make()
        except TypeError as exc:
            print('TypeError:', exc)
    loop.call_soon(print, 'never printed', context=1)
    await asyncio.sleep(0.1)


async def cancelled_timers():
    loop = asyncio.get_running_loop()
    timers = [loop.call_later(10 + i, print, i) for i in range(150)]
    for timer in timers[:100]:
        timer.cancel()
    print('cancelled timers counted:', loop._timer_cancelled_count, 'of', len(loop._scheduled))
    await asyncio.sleep(0)
    print('after an iteration:', loop._timer_cancelled_count, 'of', len(loop._scheduled))
    for timer in timers[100:]:
        timer.cancel()


def handler(loop, context):
    print('handler:', type(context['exception']).__name__, context['exception'])


loop = LoggingLoop()
print(loop.run_until_complete(nap()))
loop.close()
loop = asyncio.new_event_loop()
loop.set_exception_handler(handler)
loop.run_until_complete(wrapped_on_the_instance())
loop.run_until_complete(odd_arguments())
loop.run_until_complete(cancelled_timers())
loop.close()
