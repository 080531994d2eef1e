"""Native code shipped next to the program (payload.bin, compiled from tests/bad/payload.c),
loaded straight from the folder: without the native gate it loads, and its constructor tries
to write a file and start /bin/sh. The kernel must refuse what it does."""
import importlib.machinery
import importlib.util
import os
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "payload.bin")
loader = importlib.machinery.ExtensionFileLoader("payload", path)
spec = importlib.util.spec_from_file_location("payload", path, loader=loader)
importlib.util.module_from_spec(spec)
