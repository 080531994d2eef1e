"""The builtins replaced by spies, to catch the engine's objects on their way through."""
import asyncio
import builtins
import threading
import time
import types

caught = []
_isinstance, _getattr, _module_type = isinstance, getattr, types.ModuleType


def spy(real):
    def spying(*args, **kwargs):
        for arg in args:
            if _isinstance(arg, _module_type) and arg.__name__.startswith("_looplab"):
                caught.append(arg)
            elif type(arg).__module__.startswith("_looplab") or _getattr(arg, "__module__", "") == "_looplab":
                caught.append(arg)
        return real(*args, **kwargs)
    return spying


for name in ("len", "isinstance", "getattr", "hasattr", "iter", "next", "min", "max", "sorted",
             "repr", "id", "hash", "callable", "setattr", "list", "tuple"):
    setattr(builtins, name, spy(getattr(builtins, name)))


async def main():
    await asyncio.gather(*(asyncio.sleep(0.1 * i) for i in range(5)))
    await asyncio.to_thread(time.sleep, 0.1)
    threading.Thread(target=time.sleep, args=(0.1,)).start()

asyncio.run(main())
print("objects of the engine caught:", [type(o).__name__ for o in caught][:5])
