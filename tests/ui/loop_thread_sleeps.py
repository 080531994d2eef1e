"""A thread runs its own event loop, and a coroutine there calls time.sleep:
that loop (not the main thread's) is frozen from t = 1.0 to 1.3, while its
thread's poll before it waits for its next timer (t = 0.5, 1.0). For
loops_test.py: the window must say which of the two waits is which."""
import asyncio
import threading
import time


async def side():
    await asyncio.sleep(0.5)
    await asyncio.sleep(0.5)
    time.sleep(0.3)  # blocks side-loop's own loop
    await asyncio.sleep(0.1)
    return "side done"


def side_thread(out):
    out.append(asyncio.run(side()))


async def main():
    out = []
    worker = threading.Thread(target=side_thread, args=(out,), name="side-loop")
    worker.start()
    await asyncio.sleep(2)
    await asyncio.to_thread(worker.join)
    print(out[0])


asyncio.run(main())
