"""Lesson 14: common mistakes (1): calling coroutines the wrong way."""
#: title Common mistakes, part 1: forgetting await, awaiting in the wrong place
#: uses coroutine, task, event loop, create_task
#: intro
#:   Four mistakes that everyone makes once, shown as they really behave.
#:
#:   Calling a coroutine function without await builds a coroutine and
#:   drops it: nothing runs, and Python warns. Calling gather without await
#:   starts the work, but nobody waits for it. Writing await outside an
#:   async def is a SyntaxError, a rule of the compiler: the file does not
#:   even start. That includes `await main()` at the top of a file; there a
#:   program calls asyncio.run(main()), and `main()` on its own runs
#:   nothing. (Jupyter and the asyncio REPL, `python -m asyncio`, compile
#:   your code with top-level await allowed, and run a loop for you.)
import asyncio
import time

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


async def save(record):
    await asyncio.sleep(0.5)
    print(f"saved {record}")
    return record


def try_to_compile(source):
    """Compiles `source` as a module would be and reports what Python says."""
    try:
        compile(source, "<mistake>", "exec")
        print(f"  {source!r}: compiles")
    except SyntaxError as error:
        print(f"  {source!r}: SyntaxError: {error.msg} (line {error.lineno})")


async def main():
    print("mistake 1: calling without await")
    save("order 17")  # no await: a coroutine is built and thrown away
    await asyncio.sleep(1)
    #: ask at print "one second later"
    #:   save("order 17") was called without await, and a second has passed.
    #:   Has the order been saved?
    #:   [ ] yes, at 0.50 s
    #:   [x] no, and it never will be
    #:   [ ] yes, but only when main ends
    #:   why: without await (or create_task) the coroutine's body never runs.
    #:     The loop never heard of it; Python only warns, on stderr, that the
    #:     coroutine was never awaited.
    #: expect output "Enable tracemalloc"
    #: expect timers 0
    #: expect running main
    #: expect finding never_awaited line 43
    #: finding never_awaited
    print(f"one second later ({clock()}): no 'saved' line")
    print(f"with await: {await save('order 18')}")

    print("mistake 2: gather without await")
    asyncio.gather(save("order 20"), save("order 21"))  # no await: nobody waits for them
    print(f"main goes on at {clock()}")
    await asyncio.sleep(1)
    #: say at print "saved order 20"
    #:   Nobody awaited gather, yet the saves ran: gather wraps each coroutine
    #:   in a task at once. But main went on without them: had it returned
    #:   first, asyncio.run would have cancelled them, and an error in one
    #:   would go unseen. Await gather. Keep create_task's tasks too (in a
    #:   variable, a set) and await them: the loop holds tasks only weakly.
    #: expect output "saved order 20"
    #: expect task main waiting
    #: expect time 2
    #: expect finding task_dropped line 63
    #: finding task_dropped

    print("mistake 3: await outside an async function")
    try_to_compile("def handler():\n    await save('x')\n")
    print("mistake 4: awaiting main at the top of the file")
    try_to_compile("await main()\n")
    #: say at print "  'asyncio.run"
    #:   Only an async def may contain await: the compiler checks it before
    #:   anything runs, so the file never starts. At the top of a file,
    #:   asyncio.run(main()) is what makes a loop and runs main on it.
    #: expect output "'asyncio.run(main())\\n': compiles"
    #: expect running main
    try_to_compile("asyncio.run(main())\n")


asyncio.run(main())
main()  # mistake 4 again: without asyncio.run this builds a coroutine and nothing more
#: say at end
#:   The last line called main() once more without asyncio.run: nothing ran,
#:   and Python warns that the coroutine 'main' was never awaited.
#: expect output "Enable tracemalloc"
#: expect running none
#: expect task main done
#: expect finding never_awaited line 92
#: finding never_awaited
