"""C-level recursion in a threading.Thread (the recursion cap got round through a fresh sys)."""
import _imp, importlib.machinery, threading
fresh = _imp.create_builtin(importlib.machinery.ModuleSpec("sys", None))
fresh.setrecursionlimit(10 ** 7)

class Deep:
    def __getattr__(self, name):
        return getattr(self, name)

t = threading.Thread(target=lambda: Deep().x)
t.start()
t.join()
