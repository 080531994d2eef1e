"""Two pool threads each hold one lock and wait for the other's: the run
stops on a deadlock, and the finding is its cycle.
[expect deadlock line 16]
"""
import asyncio
import threading
import time

accounts = threading.Lock()
ledger = threading.Lock()


def pay():
    with accounts:
        time.sleep(0.1)
        with ledger:
            return "paid"


def report():
    with ledger:
        time.sleep(0.1)
        with accounts:
            return "reported"


async def main():
    print(await asyncio.gather(asyncio.to_thread(pay), asyncio.to_thread(report)))


asyncio.run(main())
