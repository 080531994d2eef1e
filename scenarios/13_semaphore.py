"""Lesson 13: limiting concurrency with a semaphore."""
#: title Semaphore: at most N at a time
#: teaches Semaphore
#: uses task, async with, coroutine, ready queue
#: intro
#:   Starting everything at once is not always polite: a server may allow
#:   only a few connections per client. asyncio.Semaphore(n) holds n
#:   permits. `async with semaphore:` takes one, waiting if none is free,
#:   and gives it back at the end of the block. The tasks that wait are
#:   served first come, first served.
#:
#:   Five downloads of one second each, at most two at a time: three seconds.
import asyncio
import time

START = time.monotonic()
limit = asyncio.Semaphore(2)
running = 0


async def download(n):
    global running
    #: say at line
    #:   Two permits are taken, so download 2 waits here: the semaphore
    #:   parks it until a permit comes back. Downloads 3 and 4, next in the
    #:   ready queue, will stop here too.
    #: expect output "start  1 at 0.00 s, 2 running"
    #: expect running download
    #: expect ready download, download
    #: expect timers 2
    async with limit:
        running += 1
        #: say at print "start  2"
        #:   At 1.00 s downloads 0 and 1 both finished and gave their permits
        #:   back. Downloads 2 and 3, first in the semaphore's queue, take
        #:   them, in the order they came; download 4 waits for the next one.
        #: expect output "start  2 at 1.00 s, 1 running"
        #: expect time 1
        #: expect task main waiting
        print(f"start  {n} at {time.monotonic() - START:.2f} s, {running} running")
        await asyncio.sleep(1)
        running -= 1
        print(f"finish {n} at {time.monotonic() - START:.2f} s")


async def main():
    start = time.monotonic()
    #: ask at print "start  0"
    #:   Five downloads start together and there are two permits. Downloads 0
    #:   and 1 take them. When does download 2 start?
    #:   [ ] at 0.00 s, with the others
    #:   [x] at 1.00 s, when a permit comes back
    #:   [ ] at 2.00 s, when both permits come back
    #:   why: download 0 gives its permit back at 1.00 s, and the first task
    #:     in the semaphore's queue, download 2, takes it.
    #: expect output none
    #: expect ready download, download, download, download
    #: expect running download
    await asyncio.gather(*(download(n) for n in range(5)))
    #: say at print "5 downloads"
    #:   Five one-second downloads, two at a time: three rounds, three
    #:   seconds. The semaphore never let a third one in.
    #: expect output "5 downloads, 2 at a time: 3.00 s"
    #: expect time 3
    #: expect waiting none
    print(f"5 downloads, 2 at a time: {time.monotonic() - start:.2f} s")


asyncio.run(main())
