"""await outside async def is a SyntaxError at compile time."""
import asyncio
await asyncio.sleep(1)
