"""An uncaught KeyboardInterrupt prints its traceback and exits as python3 does (130). [exit 130]"""
import asyncio


async def main():
    await asyncio.sleep(1)
    print("interrupting at", asyncio.get_running_loop().time())
    raise KeyboardInterrupt


asyncio.run(main())
