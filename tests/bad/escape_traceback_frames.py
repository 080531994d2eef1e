"""The engine through a traceback's frames: the loop's iteration shows in a
traceback as asyncio's BaseEventLoop._run_once (a shim function with
asyncio's file and line), yet its globals and locals stay sealed."""
import asyncio


def interrupts():
    raise KeyboardInterrupt("look at the frames")


async def main():
    asyncio.get_running_loop().call_soon(interrupts)
    await asyncio.sleep(1)

try:
    asyncio.run(main())
except KeyboardInterrupt as exc:
    tb, seen = exc.__traceback__, []
    while tb is not None:
        frame = tb.tb_frame
        seen.append(frame.f_code.co_name)
        assert "_shim" not in frame.f_globals and "_looplab" not in frame.f_globals
        if frame.f_code.co_name == "_run_once":
            assert not frame.f_locals, frame.f_locals
            run_once = frame
        tb = tb.tb_next
    print("frames:", seen)
    run_once.f_globals["_shim"]
