"""refloop: CPython's own asyncio event loop, run in virtual time.

This package is the reference runner's engine. It is imported into a fresh
/usr/bin/python3.11 by boot/sitecustomize.py before the scenario starts, and
it changes the interpreter so that the scenario sees the looplab
virtual-time model (DESIGN.md, "The virtual-time model"):

    clock.py    the virtual clock; the model's patches (src/py/shim/vmodel.py)
    lockstep.py lockstep threads: a baton, wake-up events, blocking waits
    shared.py   loads the model files shared with looplab (src/py/shim):
                vmodel.py, vreport.py, vstamp.py, lanes.py
    loop.py     asyncio's loop with a selector that moves the clock
    stops.py    deadlock, limits and the real-time watchdog: their messages
    runtime.py  wires the pieces together and prepares __main__

Nothing here runs the event loop itself: BaseEventLoop._run_once is
CPython's, unchanged. The only seam is the selector's select(), which is
where a real loop waits and where this one moves virtual time.

The C engine copies this behaviour; where a choice had to be made the
module docs say so, and stops.py gives the exact messages.
"""
