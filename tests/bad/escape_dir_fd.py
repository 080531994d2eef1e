"""A read relative to a folder descriptor of the standard library, climbing out with '..':
the audit hook sees only the relative path, the native gate refuses the call."""
import os
stdlib = os.open(os.path.dirname(os.__file__), os.O_RDONLY)
os.open("asyncio/../../../../etc/passwd", os.O_RDONLY, dir_fd=stdlib)
