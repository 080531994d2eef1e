"""--stamp stamps a line with the time its first character was written: a line begun with print(end='') at t=0 and ended at t=1 reads [0.000]; a write that ends one line and begins the next stamps the next with its own time. [real-order]"""
import asyncio
import sys


async def main():
    print('working...', end='', flush=True)
    await asyncio.sleep(1)
    print(' done')
    sys.stdout.write('second line\nthird line begun at t=1')
    await asyncio.sleep(0.5)
    sys.stdout.write(', ended at t=1.5\n')
    print('', end='')
    await asyncio.sleep(0.25)
    print('fourth line')


asyncio.run(main())
