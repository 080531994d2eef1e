"""The main thread runs its loop and makes a second one it never runs: no
other thread runs a loop, so the main thread is still "the loop thread",
and the chip still says which loop the panels show (there are two to switch
between). For loops_test.py."""
import asyncio


async def main():
    other = asyncio.new_event_loop()
    other.call_soon(print, "never printed")
    other.close()
    await asyncio.sleep(0.5)
    print("done")


asyncio.run(main())
