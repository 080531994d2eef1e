"""An infinite loop that awaits sleep(1): the virtual-time limit stops it."""
import asyncio

async def main():
    while True:
        await asyncio.sleep(1)

asyncio.run(main())
