"""to_thread uses the default executor: min(32, cpu_count + 4) = 12 lanes named asyncio_0..11 on the simulated 8-CPU machine; a 13th and 14th job wait for the first free lanes, in order."""
import asyncio
import threading
import time


def job(n):
    start = time.monotonic()
    time.sleep(1 + n % 3)
    return f'job {n} on {threading.current_thread().name} from {start:.3f} to {time.monotonic():.3f}'


async def main():
    for line in await asyncio.gather(*(asyncio.to_thread(job, n) for n in range(14))):
        print(line)
    print('default pool threads:', sorted(t.name for t in threading.enumerate()
                                          if t.name.startswith('asyncio')))


asyncio.run(main())
print('after run:', [t.name for t in threading.enumerate()])
