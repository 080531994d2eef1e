"""Records forged into the trace the window replays, through the engine's own module."""
import _looplab
for serial in range(1, 100000):
    _looplab.trace(_looplab.EV_CANCEL, serial, 0, 0)
print("forged")
