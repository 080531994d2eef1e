"""An infinite loop that awaits sleep(0): virtual time stands still; the busy-loop budget stops it."""
import asyncio

async def main():
    while True:
        await asyncio.sleep(0)

asyncio.run(main())
