"""patched_on_import.py - the model's modules are patched when imported.

looplab imports datetime, random, sched and concurrent.futures.process only
when the program (or a module it imports) does, and patches each inside
that import (src/py/shim/onimport.py). Checked here, against witnesses
computed by real python3.11 with nothing from src/:
  - an empty program starts with none of them (nor what
    concurrent.futures.process drags in) imported, sealed or --trust;
  - a module imported again (after leaving sys.modules, or reloaded) is
    patched again: random starts from random.Random(SEED) each time and
    datetime.now() reads the virtual clock;
  - a module of the program's own with one of those names (random.py
    beside it) shadows the standard one and is left alone, as python3.11
    runs it;
  - a loader that cannot take an exec_module of its own (one with
    __slots__, from the program's own finder) still gets the module
    patched, and is the module's loader afterwards;
  - the finder's own functions are sealed like the rest of the engine;
  - a program that takes the finder out of sys.meta_path imports these
    modules unpatched from then on (what README says it gets).
Usage: patched_on_import.py LOOPLAB PYTHON
"""
import os
import subprocess
import sys
import tempfile

LAZY = ("datetime", "random", "sched", "pickle", "multiprocessing",
        "concurrent.futures.process", "tempfile", "shutil", "bz2", "lzma")

STARTUP = """\
import sys
print(sorted(name for name in %r if name in sys.modules))
""" % (LAZY,)

REIMPORT = """\
import asyncio, importlib, sys

async def main():
    import random
    first = random.random()
    del sys.modules['random']
    import random as again
    second = again.random()
    importlib.reload(again)
    print(first, second, again.random())
    await asyncio.sleep(61.5)
    import datetime
    del sys.modules['datetime']
    import datetime as dt
    print(dt.datetime.now().isoformat())
    importlib.reload(dt)
    print(dt.datetime.now().isoformat())

asyncio.run(main())
"""

SEALED = """\
import sys
finders = [f for f in sys.meta_path if type(f).__module__.startswith('_looplab')]
print(len(finders))
find_spec = type(finders[0]).find_spec
print(sorted(find_spec.__globals__))
"""

UNHOOKED = """\
import sys
sys.meta_path[:] = [f for f in sys.meta_path if not type(f).__module__.startswith('_looplab')]
import datetime
print(datetime.datetime.now().year > 1970)
"""

SHADOWED = """\
import asyncio, os
import random
print(random.VALUE, random.__file__ == os.path.join(os.path.dirname(__file__), 'random.py'))
"""

OWN_RANDOM = "VALUE = 42\n"

SLOTTED_LOADER = """\
import asyncio, sys
from importlib.machinery import PathFinder

class SlotLoader:
    __slots__ = ('real',)
    def __init__(self, real):
        self.real = real
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        self.real.exec_module(module)

class Finder:
    def find_spec(self, name, path=None, target=None):
        if name != 'datetime':
            return None
        spec = PathFinder.find_spec(name, path, target)
        spec.loader = SlotLoader(spec.loader)
        return spec

sys.meta_path.insert(sys.meta_path.index(PathFinder), Finder())

async def main():
    await asyncio.sleep(61.5)
    import datetime
    print(datetime.datetime.now().isoformat())
    print(type(datetime.__loader__).__name__, datetime.__spec__.loader is datetime.__loader__)

asyncio.run(main())
"""

WITNESS = """\
import datetime, random
r = random.Random(7).random()
print(r, r, r)
print(datetime.datetime.utcfromtimestamp(61.5).isoformat())
print(datetime.datetime.utcfromtimestamp(61.5).isoformat())
"""


def run(command, program, beside=None):
    """stdout of COMMAND program.py, with files `beside` it (name -> text)."""
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in dict(beside or {}, **{"program.py": program}).items():
            with open(os.path.join(tmp, name), "w") as f:
                f.write(text)
        p = subprocess.run(command + [os.path.join(tmp, "program.py")],
                           capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        return "exit status %d: %s" % (p.returncode, p.stderr.strip().splitlines()[-1:])
    return p.stdout


def check(name, got, want, failures):
    if got == want:
        print("ok   %s" % name)
    else:
        print("FAIL %s\n  got:  %r\n  want: %r" % (name, got, want))
        failures.append(name)


def main(argv):
    looplab, python = argv[1], argv[2]
    failures = []
    for options in ([], ["--trust"]):
        check("start-up imports none of them %s" % options,
              run([looplab, "run"] + options, STARTUP), "[]\n", failures)
    witness = subprocess.run([python, "-I", "-c", WITNESS], capture_output=True,
                             text=True, check=True, env={"TZ": "UTC"}).stdout
    check("imported again: patched again", run([looplab, "run", "--seed", "7"], REIMPORT),
          witness, failures)
    own = {"random.py": OWN_RANDOM}
    check("a program's own random.py shadows random, left alone",
          run([looplab, "run"], SHADOWED, own), run([python, "-E", "-s"], SHADOWED, own), failures)
    check("a loader with __slots__: patched all the same",
          run([looplab, "run"], SLOTTED_LOADER),
          witness.splitlines(True)[-1] + "SlotLoader True\n", failures)
    check("the finder is sealed", run([looplab, "run"], SEALED),
          "1\n['__file__', '__name__']\n", failures)
    check("no finder: datetime unpatched", run([looplab, "run"], UNHOOKED), "True\n", failures)
    if failures:
        print("%d failed" % len(failures))
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
