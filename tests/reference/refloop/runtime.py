"""runtime.py - install the model in this interpreter and prepare __main__.

Called once from boot/sitecustomize.py, before the scenario runs, in the
child that refrun.py starts as

    /usr/bin/python3.11 -P -s TMPDIR/__main__.pyc ARGS...

(PYTHONHASHSEED=0). The scenario is compiled here under its name as given,
and the .pyc holds a one-line stub that executes it as __main__, so
tracebacks, warnings and exit statuses are CPython's own; the stub's frame
is this package's, which the conformance test drops.
"""

import atexit
import importlib.util
import marshal
import os
import sys
import threading
import types

from . import clock as _clock
from . import loop as _loop
from . import pools as _pools
from . import threads as _threads
from .lockstep import Scheduler
from .stamp import StampWriter
from .stops import Stops, start_watchdog

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


def boot(config):
    clock = _clock.VirtualClock(config['until'])
    stops = Stops(clock)
    sched = Scheduler(clock, stops, threading.main_thread())

    def sleep(value):
        sched.sleep_until(clock.now + _clock.seconds(value))

    _clock.install_time(clock, sleep)
    _clock.install_datetime(clock)
    _clock.install_entropy(config['seed'])
    _threads.install(sched)
    _pools.install(sched)
    _loop.install(sched)
    lpsim = types.ModuleType('_lpsim', 'the witness: CPU work for scenarios/sim.py')
    lpsim.cpu = lambda seconds: sched.cpu.compute(_clock.seconds(seconds))
    sys.modules['_lpsim'] = lpsim
    sys.path.append(os.path.join(REPO, 'scenarios'))
    if config['stamp']:
        sys.stdout = StampWriter(sys.stdout, lambda: clock.now)
    if config.get('end_file'):
        atexit.register(_write_end, config['end_file'], clock)
    start_watchdog(sched, stops, config['watchdog'])
    _prepare_main(config['script'], config['pyc'])


def _write_end(path, clock):
    with open(path, 'w') as f:
        f.write(repr(clock.now))


def _prepare_main(script, pyc):
    main = sys.modules['__main__']
    main.__file__ = script
    main.__cached__ = None
    sys.argv[0] = script
    sys.path.insert(0, os.path.dirname(os.path.realpath(script)))
    with open(script, 'rb') as f:
        source = f.read()
    try:
        code = compile(source, script, 'exec', dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        exc.__traceback__ = None
        if isinstance(exc, ValueError):
            exc = SyntaxError('source code cannot contain null bytes')
        sys.excepthook(type(exc), exc, None)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(1)
    # The .pyc only holds a stub: marshal would rebuild the script's
    # frozenset constants anew, and a set display could then print in
    # another order than under python3.
    holder = types.ModuleType('_refrun_main')
    holder.code = code
    sys.modules['_refrun_main'] = holder
    stub = compile("exec(__import__('sys').modules.pop('_refrun_main').code)",
                   os.path.join(os.path.dirname(os.path.abspath(__file__)), 'main_stub.py'),
                   'exec')
    with open(pyc, 'wb') as f:
        f.write(importlib.util.MAGIC_NUMBER + bytes(12) + marshal.dumps(stub))
