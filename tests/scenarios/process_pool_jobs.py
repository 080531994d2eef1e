"""A ProcessPoolExecutor, simulated on lanes: two workers for four jobs, results via pickle, a job's exception comes back with its remote traceback, the job's thread reads as MainThread."""
import asyncio
import concurrent.futures
import threading
import time


def work(n):
    time.sleep(1)
    return n * n, threading.current_thread().name


def fails(n):
    raise KeyError(n)


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        results = await asyncio.gather(*(loop.run_in_executor(pool, work, n) for n in range(4)))
        print(f'{loop.time():.1f} {results}')
        try:
            await loop.run_in_executor(pool, fails, 7)
        except KeyError as error:
            print('KeyError', error, 'cause:', type(error.__cause__).__name__)
    with concurrent.futures.ProcessPoolExecutor() as pool:
        print('default workers:', pool._max_workers, list(pool.map(work, range(2))))


if __name__ == '__main__':
    asyncio.run(main())
