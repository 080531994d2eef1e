"""Two threads the loop awaits (gather of two to_thread calls) each hold one lock and want the other: a deadlock naming both threads and the lines where they wait, not a virtual-time limit. [exit 1]"""
import asyncio
import threading
import time

first = threading.Lock()
second = threading.Lock()


def one():
    with first:
        time.sleep(0.1)
        with second:
            return 'one'


def two():
    with second:
        time.sleep(0.1)
        with first:
            return 'two'


async def main():
    print('start')
    print(await asyncio.gather(asyncio.to_thread(one), asyncio.to_thread(two)))


asyncio.run(main())
