"""The shim's module dict through the frames that call back into the program."""
import asyncio
import sys

async def main():
    frame, found = sys._getframe(), []
    while frame is not None:
        if frame.f_code.co_filename.startswith("<looplab>"):
            found.append((frame.f_code.co_filename, sorted(frame.f_globals), frame.f_locals))
        frame = frame.f_back
    print("shim frames:", len(found), found[:1])
    for _, names, local in found:
        assert "_looplab" not in names and not local
    sys._getframe().f_back.f_globals["_looplab"]

asyncio.run(main())
