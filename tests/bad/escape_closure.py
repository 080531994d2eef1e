"""The engine's objects through the cells of a shim function's closure, or its defaults."""
import asyncio, threading, time
for fn in (time.sleep, time.monotonic, threading.Thread.start, asyncio.get_running_loop):
    for cell in getattr(fn, "__closure__", None) or ():
        print(cell.cell_contents)
    print(getattr(fn, "__defaults__", None), getattr(fn, "__kwdefaults__", None))
