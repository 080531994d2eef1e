"""Lesson 10: an async client next to a blocking one."""
#: title Async libraries and blocking libraries
#: intro
#:   Concurrency only works if every wait gives control back to the loop.
#:   An async-aware library (an async HTTP client, an async database driver)
#:   awaits inside; a blocking library (a classic HTTP client) waits by
#:   blocking the thread.
#:
#:   We fetch the same three pages, one second each, with a simulated async
#:   client (sim.fetch) and with a blocking one (sim.fetch_blocking), both
#:   inside asyncio.gather. Only one of them overlaps.
import asyncio
import time

import sim

PAGES = ["https://example.com/news", "https://example.com/weather", "https://example.com/sport"]


async def get_async(url):
    response = await sim.fetch(url)
    print(f"  {response.url} {response.status} at {time.monotonic():.2f} s")


async def get_blocking(url):
    response = sim.fetch_blocking(url)  # blocks the loop for a second
    print(f"  {response.url} {response.status} at {time.monotonic():.2f} s")


async def main():
    print("async client:")
    start = time.monotonic()
    #: say at line
    #:   Three tasks, three timers, all due at 1.00 s. The waits overlap.
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
    print("blocking client:")
    start = time.monotonic()
    await asyncio.gather(*(get_blocking(url) for url in PAGES))
    print(f"blocking client: {time.monotonic() - start:.2f} s for {len(PAGES)} pages")

    print("blocking client in worker threads:")
    start = time.monotonic()
    await asyncio.gather(*(asyncio.to_thread(sim.fetch_blocking, url) for url in PAGES))
    #: say at print "blocking client in threads:"
    #:   If only a blocking library will do, to_thread lends each call a
    #:   thread of its own, and the waits overlap again.
    print(f"blocking client in threads: {time.monotonic() - start:.2f} s for {len(PAGES)} pages")


asyncio.run(main())
