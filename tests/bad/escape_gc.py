"""Every object, the engine's module included, through the garbage collector."""
import gc
engine = [o for o in gc.get_objects() if getattr(o, "__name__", "") == "_looplab"]
print(engine)
