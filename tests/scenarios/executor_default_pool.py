"""to_thread uses the default executor: 8 lanes named asyncio_0..7; a ninth and tenth job wait for the first free lanes, in order."""
import asyncio
import threading
import time


def job(n):
    start = time.monotonic()
    time.sleep(1 + n % 3)
    return f'job {n} on {threading.current_thread().name} from {start:.3f} to {time.monotonic():.3f}'


async def main():
    for line in await asyncio.gather(*(asyncio.to_thread(job, n) for n in range(10))):
        print(line)
    print('default pool threads:', sorted(t.name for t in threading.enumerate()
                                          if t.name.startswith('asyncio')))


asyncio.run(main())
print('after run:', [t.name for t in threading.enumerate()])
