"""A thread runs its own event loop (asyncio.run in 'side-loop') beside the
main thread's: its mistakes are found there and said to be in that loop;
the main loop's own mistake is not.
[expect one_at_a_time line 23 cost 0.500 loop side-loop]
[expect never_awaited line 25 loop side-loop]
[expect never_awaited line 35]
"""
import asyncio
import threading


async def fetch(n):
    await asyncio.sleep(0.5)
    return n


async def note(text):
    await asyncio.sleep(0)
    print(text)


async def side():
    a = await fetch(1)
    b = await fetch(2)
    note("side done")
    return a + b


def side_thread(out):
    out.append(asyncio.run(side()))


async def main():
    out = []
    note("main starts")
    worker = threading.Thread(target=side_thread, args=(out,), name="side-loop")
    worker.start()
    await asyncio.sleep(2)
    await asyncio.to_thread(worker.join)
    print("side gave", out)


asyncio.run(main())
