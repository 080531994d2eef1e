"""The loop thread waits for a threading.Lock a thread holds for 0.5 s.
[expect blocked_loop line 20 cost 0.490]
"""
import asyncio
import threading
import time

lock = threading.Lock()


def holder():
    with lock:
        time.sleep(0.5)


async def main():
    thread = threading.Thread(target=holder)
    thread.start()
    await asyncio.sleep(0.01)
    with lock:
        print("got the lock")
    thread.join()

asyncio.run(main())
