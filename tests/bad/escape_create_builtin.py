"""A fresh _posixsubprocess made by _imp.create_builtin, its fork_exec called directly."""
import _imp, importlib.machinery, os
fork_exec = _imp.create_builtin(importlib.machinery.ModuleSpec("_posixsubprocess", None)).fork_exec
err_read, err_write = os.pipe()
fork_exec([b"/bin/echo", b"escaped"], [b"/bin/echo"], True, (err_write,), None, None,
          -1, -1, -1, -1, -1, -1, err_read, err_write, True, False, 0, None, None, None,
          -1, None, True)
