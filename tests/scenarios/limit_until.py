"""A program that sleeps past the virtual-time limit (--until 5000 here; 3600 by default) is stopped with a message on stderr. [exit 124]"""
# conformance-args: --until 5000
import asyncio


async def main():
    for hour in range(3):
        print('hour', hour)
        await asyncio.sleep(1800)


asyncio.run(main())
