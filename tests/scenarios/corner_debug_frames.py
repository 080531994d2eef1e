"""In debug mode the loop runs handles as asyncio's _run_once does: a coroutine made in a callback has the origin CPython records (the program's frames kept within asyncio's depth of 10), and the slow-callback warning is a log record from base_events' _run_once at its own line."""
import asyncio
import linecache
import logging
import os
import sys
import time

warning_line = next(n for n, text in enumerate(linecache.getlines(asyncio.base_events.__file__), 1)
                    if text.strip().startswith("logger.warning('Executing %s took"))


class Show(logging.Handler):
    def emit(self, record):
        print('log record from', os.path.basename(record.pathname), record.funcName,
              'at its warning line:', record.lineno == warning_line,
              '| slow:', ' took ' in record.getMessage())


async def work():
    await asyncio.sleep(0)


def callback():
    coro = work()
    print('origin of a coroutine made in a callback:')
    for filename, line, name in coro.cr_origin:
        print('   ', os.path.basename(filename), name)
        if name == '<module>':
            break  # a runner's own frames may follow
    coro.close()


def slow_callback():
    time.sleep(0.2)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(callback)
    loop.call_soon(slow_callback)
    await asyncio.sleep(0.5)


logging.getLogger('asyncio').addHandler(Show())
logging.getLogger('asyncio').propagate = False
asyncio.run(main(), debug=True)
