"""concurrent.futures.wait (FIRST_COMPLETED, with a timeout) and as_completed on a thread pool, from the main thread: results arrive in finishing order."""
import concurrent.futures
import time


def job(delay):
    time.sleep(delay)
    return delay


with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
    futures = [pool.submit(job, d) for d in (1.5, 0.5, 1.0)]
    done, pending = concurrent.futures.wait(futures, return_when=concurrent.futures.FIRST_COMPLETED)
    print(f'{time.monotonic():.1f} first completed: {[f.result() for f in done]}, pending {len(pending)}')
    done, pending = concurrent.futures.wait(futures, timeout=0.2)
    print(f'{time.monotonic():.1f} after timeout: done {len(done)}, pending {len(pending)}')
    for future in concurrent.futures.as_completed(futures):
        print(f'{time.monotonic():.1f} as_completed -> {future.result()}')
    slow = pool.submit(job, 5)
    try:
        for future in concurrent.futures.as_completed([slow], timeout=1):
            pass
    except concurrent.futures.TimeoutError as error:
        print(f'{time.monotonic():.1f} as_completed timeout: {error}')
print(f'{time.monotonic():.1f} pool shut down')
