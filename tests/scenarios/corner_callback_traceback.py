"""A callback's exception carries the traceback CPython gives it: through asyncio's Handle._run to the handler, and through BaseEventLoop._run_once and Handle._run when it escapes the loop (KeyboardInterrupt), each frame with its file, function and line of source."""
import asyncio
import os
import traceback


def frames(tb):
    return [(os.path.basename(f.filename), f.name, f.line) for f in traceback.extract_tb(tb)]


def handler(loop, context):
    print('handler got', repr(context['exception']))
    for frame in frames(context['exception'].__traceback__):
        print('   ', frame)


def fails():
    raise ValueError('from a callback')


def interrupts():
    raise KeyboardInterrupt('stop here')


async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(handler)
    loop.call_soon(fails)
    loop.call_later(0.5, fails)
    await asyncio.sleep(1)
    loop.call_soon(interrupts)
    await asyncio.sleep(1)


try:
    asyncio.run(main())
except KeyboardInterrupt as exc:
    print('escaped:', repr(exc))
    for frame in frames(exc.__traceback__):
        print('   ', frame)
