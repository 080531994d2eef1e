"""The engine's modules, looked up in sys.modules and through importlib."""
import importlib
import sys
print(sorted(name for name in sys.modules if name.startswith("_looplab")))
importlib.import_module("_looplab_introspect")
