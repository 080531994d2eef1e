"""The engine's own module, imported by the program to switch its busy-loop stop off."""
import _looplab
_looplab.set_stop_handler(lambda kind: None, 2 ** 62)
while True:
    pass
