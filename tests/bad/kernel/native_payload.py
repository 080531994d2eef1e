"""Native code (payload.bin, compiled from tests/bad/payload.c) loaded from a memfd: its
constructor writes a file and starts /bin/sh. Without the native gate it loads; the kernel
must refuse what it does."""
import importlib.machinery
import importlib.util
import os
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "payload.bin"), "rb") as f:
    data = f.read()
fd = os.memfd_create("payload")
os.write(fd, data)
path = "/proc/self/fd/%d" % fd
loader = importlib.machinery.ExtensionFileLoader("payload", path)
spec = importlib.util.spec_from_file_location("payload", path, loader=loader)
importlib.util.module_from_spec(spec)
