"""asyncio.create_subprocess_exec."""
import asyncio

async def main():
    await asyncio.create_subprocess_exec("echo", "escaped")

asyncio.run(main())
