"""A program thread feeds a queue.Queue that a coroutine drains through asyncio.to_thread(q.get); names, current_thread and the non-daemon thread waited for at exit."""
import asyncio
import queue
import threading
import time

jobs = queue.Queue()


def feeder():
    print('feeder runs in', threading.current_thread().name)
    for i in range(4):
        time.sleep(0.4)
        jobs.put(i)
    jobs.put(None)
    time.sleep(1)
    print(f'{time.monotonic():.1f} feeder finishes after main() returned')


async def main():
    thread = threading.Thread(target=feeder)
    thread.start()
    print('names:', thread.name, threading.current_thread().name, threading.active_count())
    while (item := await asyncio.to_thread(jobs.get)) is not None:
        print(f'{asyncio.get_running_loop().time():.1f} got {item}')
    print('main returns; the program still waits for', thread.name)


asyncio.run(main())
print(f'{time.monotonic():.1f} asyncio.run returned')
