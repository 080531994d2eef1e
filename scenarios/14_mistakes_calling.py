"""Lesson 14: common mistakes (1): calling coroutines the wrong way."""
#: title Common mistakes, part 1: forgetting await, awaiting in the wrong place
#: intro
#:   Three mistakes that everyone makes once, shown as they really behave.
#:
#:   Calling a coroutine function without await builds a coroutine and
#:   drops it: nothing runs, and Python warns. Writing await outside an
#:   async def is a SyntaxError: the file does not even start. And a
#:   coroutine needs a running loop: `await main()` at the top of a file is
#:   a SyntaxError too, and `main()` on its own runs nothing; the top of a
#:   program calls asyncio.run(main()).
import asyncio
import time


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
    print(f"one second later ({time.monotonic():.2f} s): no 'saved' line")
    print(f"with await: {await save('order 18')}")

    print("mistake 2: await outside an async function")
    try_to_compile("def handler():\n    await save('x')\n")
    print("mistake 3: awaiting main at the top of the file")
    try_to_compile("await main()\n")
    #: say at print "  'asyncio.run"
    #:   Only an async def may await. At the top of a file there is no loop
    #:   yet: asyncio.run(main()) is what makes one and runs main on it.
    try_to_compile("asyncio.run(main())\n")


asyncio.run(main())
main()  # mistake 3 again: without asyncio.run this builds a coroutine and nothing more
#: say at end
#:   The last line called main() once more without asyncio.run: nothing ran,
#:   and Python warns that the coroutine 'main' was never awaited.
