"""The engine's own module, imported by the program to switch its busy-loop stop off:
the watchdog still stops the loop (and the supervisor behind it, see patch_watchdog.py)."""
import _looplab
_looplab.set_stop_handler(lambda kind: None, 2 ** 62)
while True:
    pass
