"""Text with a lone surrogate (a file name from os.listdir or an argument whose bytes are not UTF-8) prints as python3 prints it: the byte itself on stdout (surrogateescape), a backslash escape on stderr; a task or thread may be named with it."""
import asyncio
import sys
import threading

name = b"report-\xff.txt".decode("utf-8", "surrogateescape")


async def main():
    task = asyncio.current_task()
    task.set_name(name)
    print("found file:", name)
    print("to stderr:", name, file=sys.stderr)
    worker = threading.Thread(target=print, args=("from", name), name=name)
    worker.start()
    worker.join()
    await asyncio.sleep(0.1)
    print("task named", ascii(task.get_name()))


asyncio.run(main())
