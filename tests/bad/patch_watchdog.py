"""The watchdog's stop switched off through sys.modules, then a loop without end."""
import sys
import asyncio
sys.modules["_looplab_stops"]._stop = lambda status, lines: None

async def main():
    while True:
        pass

asyncio.run(main())
