"""A fresh _socket module made by _imp.create_builtin."""
import _imp, importlib.machinery
fresh = _imp.create_builtin(importlib.machinery.ModuleSpec("_socket", None))
fresh.socket()
