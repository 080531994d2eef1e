"""Wire the virtual-time model into this interpreter and prepare __main__.

Called once, from boot/sitecustomize.py, while the interpreter starts and
before it runs the scenario. refrun.py starts the interpreter as

    /usr/bin/python3.11 -P -s TMPDIR/__main__.pyc ARGS...

with PYTHONHASHSEED=0; `boot` compiles the scenario (with its file name as
given on the command line) and has that .pyc run it as __main__ through a
one-line stub (see _prepare_main), so tracebacks, warnings and exit
statuses (0, 1 for an uncaught exception, sys.exit(n)) are CPython's own;
the stub's single frame (in this package) is dropped by the conformance
test, as the runner's frames are.
-P keeps CPython from putting the .pyc's directory on sys.path; `boot`
puts the script's directory there instead, as python3 FILE.py does.
"""

import atexit
import importlib.util
import marshal
import os
import sys
import threading
import types

from . import clock as vclock
from . import loop
from .shared import load

load("vcpu")                            # before vthreads, which uses it
vthreads = load("vthreads")
lanes = load("lanes")
from .lockstep import Scheduler
from .stops import Stops, start_watchdog

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))


def boot(config):
    """Install everything; `config` is the dict refrun.py passes along."""
    clock = vclock.VirtualClock(config['until'])
    stops = Stops(clock)
    sched = Scheduler(clock, stops)

    vclock.install_time(clock, sched.sleep)
    vclock.install_datetime(clock)
    vclock.install_entropy(config['seed'])
    vthreads.install(sched)
    lanes.install(sched)
    loop.install(sched)
    _install_lpsim(sched)
    sys.path.append(os.path.join(REPO, 'scenarios'))

    if config['stamp']:
        writer = load("vstamp").LineWriter(sys.stdout, lambda: clock.now, True)
        sys.stdout = writer
        stops.flushers.append(writer.finish)
        atexit.register(writer.finish)      # first registered: runs last

    # Program exit waits for pool lanes where concurrent.futures would.
    threading._register_atexit(lanes.shut_down_at_exit, sched)
    start_watchdog(sched, stops, config['watchdog'])
    _prepare_main(config['script'], config['pyc'])


def _install_lpsim(sched):
    """The `_lpsim` module that scenarios/sim.py delegates to."""
    module = types.ModuleType('_lpsim', 'looplab reference runner hooks')

    def cpu(seconds):
        """CPU work of `seconds` on the calling thread (see sim.cpu)."""
        sched.compute(vclock.sleep_seconds(seconds))

    module.cpu = cpu
    sys.modules['_lpsim'] = module


def _prepare_main(script, pyc):
    """Make __main__ look as `python3 SCRIPT` makes it, and write the .pyc."""
    main = sys.modules['__main__']
    main.__file__ = script          # CPython keeps a __file__ already set
    main.__cached__ = None
    sys.argv[0] = script
    sys.path.insert(0, os.path.dirname(os.path.realpath(script)))

    with open(script, 'rb') as f:
        source = f.read()
    try:
        code = compile(source, script, 'exec', dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        _report_compile_error(exc)
    # The .pyc holds only a one-line stub that runs the compiled code:
    # marshal would rebuild the script's frozenset constants by inserting
    # their items anew, and with colliding hashes a set display such as
    # {'apple', 'banana', ...} could then print in another order than under
    # python3. The stub's frame is the runner's (its file is in this
    # package); the conformance test drops the runner's frames.
    holder = types.ModuleType('_refrun_main')
    holder.code = code
    sys.modules['_refrun_main'] = holder
    stub = compile("exec(__import__('sys').modules.pop('_refrun_main').code)",
                   os.path.join(os.path.dirname(os.path.abspath(__file__)), 'main_stub.py'),
                   'exec')
    with open(pyc, 'wb') as f:
        f.write(importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(stub))


def _report_compile_error(exc):
    """Print a compile error as python3 does for its main file; exit 1."""
    exc.__traceback__ = None        # no runner frames: python shows none
    if isinstance(exc, ValueError):   # null bytes: 3.11 says SyntaxError
        exc = SyntaxError('source code cannot contain null bytes')
    sys.excepthook(type(exc), exc, None)
    sys.stderr.flush()
    sys.stdout.flush()
    os._exit(1)
