"""sys.exit(3) inside a coroutine ends the program with status 3, after asyncio.run's cleanup runs. [exit 3] [real-order]"""
import asyncio
import sys


async def main():
    try:
        await asyncio.sleep(1)
        print('exiting with 3')
        sys.exit(3)
    finally:
        print('finally block in main')


asyncio.run(main())
