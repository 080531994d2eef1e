"""Lesson 10: an async client next to a blocking one."""
#: title Async libraries and blocking libraries
#: uses event loop, task, timer, to_thread, coroutine, ready queue
#: intro
#:   Concurrency only works if every wait gives control back to the loop.
#:   An async-aware library awaits inside; a blocking library waits by
#:   blocking the thread. Async ones: aiohttp and httpx's AsyncClient for
#:   HTTP, asyncpg for PostgreSQL, aiofiles for files. Blocking ones:
#:   requests, httpx's plain Client, most classic database drivers, open().
#:
#:   We fetch the same three pages, one second each, with a simulated async
#:   client (sim.fetch) and with a blocking one (sim.fetch_blocking), both
#:   inside asyncio.gather. Only one of them overlaps.
import asyncio
import time

import sim

START = time.monotonic()
PAGES = ["https://example.com/news", "https://example.com/weather", "https://example.com/sport"]


async def get_async(url):
    #: say at line #3
    #:   Three tasks, three timers, all due at 1.00 s: each task waits here
    #:   on its own request, and the waits overlap.
    #: expect timers 3
    #: expect ready none
    #: expect waiting main, get_async, get_async
    response = await sim.fetch(url)
    print(f"  {response.url} {response.status} at {time.monotonic() - START:.2f} s")


async def get_blocking(url):
    #: say at block
    #:   The first task called the blocking client: LOOP FROZEN for a whole
    #:   second. The other two tasks wait in the ready queue; they cannot
    #:   even send their requests.
    #: expect frozen
    #: expect ready get_blocking, get_blocking
    #: expect running get_blocking
    response = sim.fetch_blocking(url)  # blocks the loop for a second
    print(f"  {response.url} {response.status} at {time.monotonic() - START:.2f} s")


async def main():
    print("async client:")
    start = time.monotonic()
    await asyncio.gather(*(get_async(url) for url in PAGES))
    print(f"async client: {time.monotonic() - start:.2f} s for {len(PAGES)} pages")

    #: ask at print "blocking client:"
    #:   Same pages, same gather, but with the blocking client. How long?
    #:   [ ] 1.00 s, gather runs them together
    #:   [x] 3.00 s, one after the other
    #:   [ ] it never finishes
    #:   why: each task blocks the loop's thread for its whole second, so the
    #:     next task cannot even start its request until the previous one is
    #:     done. gather cannot overlap waits that never give control back.
    #: expect output "async client: 1.00 s for 3 pages"
    #: expect running main
    #: expect timers 0
    print("blocking client:")
    start = time.monotonic()
    await asyncio.gather(*(get_blocking(url) for url in PAGES))
    #: say at print "blocking client: 3"
    #:   Three seconds for three pages: inside gather, yet one after the other.
    #: expect output "blocking client: 3.00 s for 3 pages"
    #: expect not frozen
    #: expect finding blocked_loop line 42
    #: finding blocked_loop
    print(f"blocking client: {time.monotonic() - start:.2f} s for {len(PAGES)} pages")

    print("blocking client in worker threads:")
    start = time.monotonic()
    await asyncio.gather(*(asyncio.to_thread(sim.fetch_blocking, url) for url in PAGES))
    #: say at print "blocking client in threads:"
    #:   If only a blocking library will do, to_thread lends each call a
    #:   thread of its own, and the waits overlap again.
    #: expect output "blocking client in threads: 1.00 s for 3 pages"
    #: expect time 5
    #: expect not frozen
    print(f"blocking client in threads: {time.monotonic() - start:.2f} s for {len(PAGES)} pages")


asyncio.run(main())
