"""The watchdog and the engine's stop switched off through sys.modules, then a loop without end."""
import sys
import asyncio
sys.modules["_looplab_stops"]._stop = lambda status, lines: None
sys.modules["_looplab"].set_stop_handler(lambda kind: None, 2 ** 62)

async def main():
    while True:
        pass

asyncio.run(main())
