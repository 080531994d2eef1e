"""Deadlock across threads: the loop thread and a pool lane both block on futures nobody completes; the runner names both threads. [exit 1]"""
import asyncio
import concurrent.futures


def job(never_done):
    return never_done.result()


async def main():
    loop = asyncio.get_running_loop()
    never_done = concurrent.futures.Future()
    loop.run_in_executor(None, job, never_done)
    await asyncio.sleep(1)
    print('the loop thread now blocks on a future too')
    concurrent.futures.Future().result()


asyncio.run(main())
