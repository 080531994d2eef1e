"""Lesson 8: CPU-bound work, threads and the GIL, processes."""
#: title CPU work: async does not help, threads share one GIL
#: teaches GIL, to_thread, process pool
#: uses coroutine, task, event loop, timer
#: intro
#:   async helps when a program waits. It cannot help when a program
#:   computes: while one coroutine computes, no other coroutine runs, and
#:   the loop is frozen. A heartbeat task that prints every half second shows
#:   when the loop is free.
#:
#:   Two ways out, side by side. asyncio.to_thread(func, ...) runs a plain
#:   function in a worker thread and gives the loop something to await: the
#:   loop stays free. But CPython has a GIL, a global interpreter lock: only
#:   the thread holding it runs Python code, so two CPU jobs in two threads
#:   take twice as long as one. A process pool (ProcessPoolExecutor, used
#:   through loop.run_in_executor) runs each job in a separate process with
#:   its own interpreter and its own GIL: on a machine with two free cores,
#:   two jobs take the time of one.
import asyncio
import concurrent.futures
import time

import sim

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


def crunch(name):
    sim.cpu(1)  # one second of pure-Python computation
    return name


async def heartbeat(beats):
    """Beats every half second, saying when a beat comes late."""
    for _ in range(beats):
        due = time.monotonic() + 0.5
        await asyncio.sleep(0.5)
        late = time.monotonic() - due
        #: say at print "  heartbeat at 4.00 s"
        #:   Two worker threads compute (THREADS), and the heartbeat beats on
        #:   time: the loop thread is free, waiting for its next timer.
        #: expect workers 2
        #: expect not frozen
        #: expect output "heartbeat at 4.00 s"
        print(f"  heartbeat at {clock()}" + (f", {late:.2f} s late" if late > 0.05 else ""))


async def measure(label, work):
    beat = asyncio.create_task(heartbeat(4))
    await asyncio.sleep(0)  # the heartbeat sets its first timer
    start = time.monotonic()
    await work()
    print(f"{label}: {time.monotonic() - start:.2f} s")
    await beat


async def main():
    async def on_the_loop():
        crunch("a")  # in the coroutine itself: blocks the loop
        crunch("b")

    async def in_threads():
        await asyncio.gather(asyncio.to_thread(crunch, "a"), asyncio.to_thread(crunch, "b"))

    async def in_processes():
        loop = asyncio.get_running_loop()
        with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
            await asyncio.gather(loop.run_in_executor(pool, crunch, "a"),
                                 loop.run_in_executor(pool, crunch, "b"))

    #: say at block
    #:   The loop thread is computing. No heartbeat, no timer, nothing else
    #:   runs until the computation returns: the heartbeat's timer, due at
    #:   0.50 s, will go late.
    #: expect frozen
    #: expect timers 1
    #: expect task heartbeat waiting
    await measure("two jobs on the loop", on_the_loop)
    #: say at print "two jobs on the loop"
    #:   Two seconds for the two jobs, and the heartbeat that was due at
    #:   0.50 s beats only now, late.
    #: expect output "two jobs on the loop: 2.00 s"
    #: expect not frozen
    #: expect finding blocked_loop line 34
    #: finding blocked_loop
    #: ask at line
    #:   Next, the same two jobs, each in a thread of its own (to_thread). Each
    #:   computes for one second. How long will the pair take?
    #:   [ ] 1.00 s: each thread gets its own CPU
    #:   [x] 2.00 s: the threads take turns holding the GIL
    #:   [ ] 0.00 s: threads do not count against the loop
    #:   why: the threads run Python code, and only the thread holding the GIL
    #:     can run it. Each gets half the time, so both finish after two
    #:     seconds. But the heartbeat kept beating: the loop was free.
    #: expect output "heartbeat at 3.50 s"
    #: expect not frozen
    #: expect workers 0
    await measure("two jobs in threads", in_threads)
    #: ask at line
    #:   Last, the two jobs in a process pool with two workers, on a machine
    #:   with two free cores. How long?
    #:   [x] 1.00 s
    #:   [ ] 2.00 s
    #:   why: each worker process has its own interpreter and its own GIL, and
    #:     the machine has a core for each, so the jobs compute side by side.
    #: expect output "two jobs in threads: 2.00 s"
    #: expect not frozen
    #: expect workers 0
    await measure("two jobs in processes", in_processes)
    #: say at print "two jobs in processes"
    #:   One second for the pair, and the heartbeat on time throughout. Under
    #:   plain python3 this needs the two free cores: on a busy machine the
    #:   processes wait for a CPU like any other program.
    #: expect output "two jobs in processes: 1.00 s"
    #: expect time 6.5
    #: expect not frozen
    #: expect finding gil_contention
    #: finding gil_contention


if __name__ == "__main__":  # process pools import this file again in the workers
    asyncio.run(main())
