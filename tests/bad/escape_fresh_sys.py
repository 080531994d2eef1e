"""The recursion cap got round through a fresh sys: the C stack guard still stops it."""
import _imp, importlib.machinery
fresh = _imp.create_builtin(importlib.machinery.ModuleSpec("sys", None))
fresh.setrecursionlimit(10 ** 7)

class Deep:
    def __getattr__(self, name):
        return getattr(self, name)

Deep().x
