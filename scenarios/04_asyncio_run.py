"""Lesson 4: asyncio.run makes a loop, runs main to the end, closes the loop."""
#: title asyncio.run: one loop, from start to finish
#: uses event loop, task, coroutine, future
#: intro
#:   asyncio.run(main()) is the front door of an asyncio program. It makes
#:   a new event loop, runs the main coroutine until it returns, then cancels
#:   what is left, shuts the loop down and closes it. Its return value is
#:   main's.
#:
#:   Call it once, at the top of the program. Inside a running loop you
#:   await instead: asyncio.run refuses to nest. (Jupyter notebooks and the
#:   asyncio REPL, `python -m asyncio`, already run a loop for you: there
#:   you write `await main()` at the top level, and asyncio.run refuses.)
import asyncio
import time

START = time.monotonic()
loops = []


async def main(label):
    loop = asyncio.get_running_loop()
    loops.append(loop)
    print(f"{label}: running on a loop, closed={loop.is_closed()}")
    await asyncio.sleep(1)

    inner = asyncio.sleep(0)
    try:
        #: say at print "nested"
        #:   asyncio.run checks first whether a loop is already running in this
        #:   thread. One is (ours), so it refuses with a RuntimeError.
        #: expect output "nested asyncio.run refused"
        #: expect running main
        #: expect time 1
        asyncio.run(inner)
    except RuntimeError as error:
        print(f"nested asyncio.run refused: {error}")
        inner.close()  # it was never awaited; close it so Python need not warn
    return f"{label} returned at {time.monotonic() - START:.2f} s"


print("no loop is running yet")
#: ask at print "first: running"
#:   The program calls asyncio.run(main("first")). Before main's first line
#:   prints, what has asyncio.run done?
#:   [ ] nothing; main runs like a plain function
#:   [x] made a new event loop and scheduled main as its first task
#:   [ ] reused a loop that Python keeps running in the background
#:   why: there is no loop until asyncio.run makes one; main then runs as the
#:     loop's first task, 'Task-1'.
#: expect output "no loop is running yet"
#: expect running main
#: expect timers 0
print(asyncio.run(main("first")))
print(f"after run: the first loop is closed={loops[0].is_closed()}")

#: say at print "second: running"
#:   A second asyncio.run makes a brand new loop. Module globals such as
#:   `loops` carry over, as in any Python program, but the loop does not:
#:   tasks, futures and locks belong to the loop they were made on, and the
#:   first loop is closed. That is why a program has a single asyncio.run,
#:   at the top.
#: expect output "second: running on a loop, closed=False"
#: expect running main
#: expect time 1
print(asyncio.run(main("second")))
print(f"two runs, two loops: {loops[0] is not loops[1]}")
