"""With --trust the engine's module is importable: its stop handler replaced by one that stops nothing."""
import _looplab
_looplab.set_stop_handler(lambda kind: None, 2 ** 62)
print("the stops are off")
