"""Two to_thread jobs the loop awaits deadlock on two locks: the report names both threads, their locks and lines, and the tasks waiting for them. [exit 1]"""
import asyncio
import threading
import time

first, second = threading.Lock(), threading.Lock()


def one():
    with first:
        time.sleep(0.1)
        with second:
            pass


def two():
    with second:
        time.sleep(0.1)
        with first:
            pass


async def main():
    await asyncio.gather(asyncio.to_thread(one), asyncio.to_thread(two))


asyncio.run(main())
