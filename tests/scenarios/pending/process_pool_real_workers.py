"""A ProcessPoolExecutor job, awaited with run_in_executor.

DESIGN.md: a process pool is simulated on lanes (no process starts); two
jobs of sim.cpu(1) in a pool of two take 1.00 s. Today both runners fork
real worker processes. On main at bbf4633 both stop after 10 s of real time
with status 124 ("thread 'Thread-1' ran for 10 s of real time without giving
control back, at /usr/lib/python3.11/selectors.py:415 in select": the
pool's manager thread waits on the workers' pipes), and the two forked
workers outlive the run (they keep its stdout open, so a caller that reads
it, like the conformance test, waits until they are killed).
Expected once simulated:
[   1.000] two jobs in processes: 1.00 s
"""
import asyncio
import concurrent.futures
import time

import sim


def crunch():
    sim.cpu(1)


async def main():
    loop = asyncio.get_running_loop()
    start = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        await asyncio.gather(loop.run_in_executor(pool, crunch), loop.run_in_executor(pool, crunch))
    print(f"two jobs in processes: {time.monotonic() - start:.2f} s")


if __name__ == "__main__":
    asyncio.run(main())
