"""refloop: the witness. CPython's own asyncio event loop run in virtual
time, under the model of DESIGN.md, written apart from looplab (nothing
here reads src/).

    clock.py     the virtual clock; clocks, dates, randomness, cpu_count
    lockstep.py  threads in lockstep: events, waits, the main thread's drive
    cpu.py       sim.cpu and the GIL model
    threads.py   threading on lockstep (a lock that waits in virtual time)
    pools.py     thread and process pools as lanes
    loop.py      asyncio's loop with a virtual-time select(); Task hashing
    stops.py     deadlock, limits, real-time watchdog: the messages
    stamp.py     --stamp
    runtime.py   wires it together and prepares __main__
"""
