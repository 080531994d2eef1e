"""Lesson 4: asyncio.run makes a loop, runs main to the end, closes the loop."""
#: title asyncio.run: one loop, from start to finish
#: intro
#:   asyncio.run(main()) is the front door of an asyncio program. It makes
#:   a new event loop, runs the main coroutine until it returns, then cancels
#:   what is left, shuts the loop down and closes it. Its return value is
#:   main's.
#:
#:   Call it once, at the top of the program. Inside a running loop you
#:   await instead: asyncio.run refuses to nest.
import asyncio

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
        asyncio.run(inner)
    except RuntimeError as error:
        print(f"nested asyncio.run refused: {error}")
        inner.close()  # it was never awaited; close it so Python need not warn
    return f"{label} returned at {loop.time():.2f} s"


print("no loop is running yet")
#: ask at print "first: running"
#:   The program calls asyncio.run(main("first")). Before main's first line
#:   prints, what has asyncio.run done?
#:   [ ] nothing; main runs like a plain function
#:   [x] made a new event loop and scheduled main as its first task
#:   [ ] reused a loop that Python keeps running in the background
#:   why: there is no loop until asyncio.run makes one; main then runs as the
#:     loop's first task, 'Task-1'.
print(asyncio.run(main("first")))
print(f"after run: the first loop is closed={loops[0].is_closed()}")

#: say at print "second: running"
#:   A second asyncio.run makes a brand new loop. Nothing carries over from
#:   the first one, which is why a program should have a single run at the top.
print(asyncio.run(main("second")))
print(f"two runs, two loops: {loops[0] is not loops[1]}")
