#!/usr/bin/python3.11
"""refrun: run a scenario on CPython's own asyncio loop, in virtual time.

    /usr/bin/python3.11 tests/reference/refrun.py [--stamp] [--seed N]
        [--until SECONDS] FILE.py [ARGS...]

The reference runner of looplab's conformance tests: `looplab run` must
print what this prints, byte for byte, and exit with the same status.

FILE.py runs as __main__, as `python3 FILE.py` would run it, except for
the virtual-time model (DESIGN.md): __file__ and sys.argv[0] are FILE.py
as given (python3 would make __file__ absolute), sys.argv[1:] are ARGS,
sys.path[0] is the script's directory and the repository's scenarios/
directory is appended to sys.path (so `import sim` works).

  --stamp         prefix every stdout line with printf("[%8.3f] ", t),
                  t = the virtual time when its first character was written
  --seed N        seed for random and os.urandom (default 0)
  --until S       virtual-time limit in seconds (default 3600)
  --watchdog S    real-time budget in seconds (default 10); a testing aid
                  of the reference runner, not part of looplab's options
  --end-file F    at exit, write the final virtual time to F (for the
                  real-CPython witness; not a looplab option)

Exit status: the program's (0; 1 for an uncaught exception or a syntax
error; n for sys.exit(n)); 1 for a deadlock; 124 when a limit stops it
(virtual time, busy loop, real time); 2 for a usage error or a file that
cannot be read. The messages are documented in refloop/stops.py.

The runner is a witness that shares nothing with looplab: it reads nothing
from src/ (audit_independence.py checks it).

How: this process only checks the command line and the file, then runs a
child /usr/bin/python3.11 whose sitecustomize (boot/) installs the model
and compiles the scenario; see refloop/runtime.py. The child is always
Debian's python3.11, whichever python runs this file.
"""

import json
import os
import signal
import subprocess
import sys
import tempfile

PYTHON = '/usr/bin/python3.11'
HERE = os.path.dirname(os.path.abspath(__file__))
USAGE = ('usage: refrun.py [--stamp] [--seed N] [--until SECONDS] '
         'FILE.py [ARGS...]')

# Variables the child needs while it starts; boot/ restores the values the
# scenario should see (None: unset).
_CHILD_ONLY = ('PYTHONHASHSEED', 'PYTHONPATH', 'PYTHONDONTWRITEBYTECODE')


class UsageError(Exception):
    pass


def parse_args(argv):
    """Options come before FILE.py; everything after it belongs to it."""
    options = {'stamp': False, 'seed': 0, 'until': 3600.0, 'watchdog': 10.0,
               'end_file': None}
    args = list(argv)
    while args and args[0].startswith('-') and args[0] != '-':
        arg = args.pop(0)
        if arg == '--':
            break
        if arg == '--stamp':
            options['stamp'] = True
            continue
        name, eq, value = arg.partition('=')
        if name not in ('--seed', '--until', '--watchdog', '--end-file'):
            raise UsageError(f'unknown option {arg}')
        if not eq:
            if not args:
                raise UsageError(f'{name} needs a value')
            value = args.pop(0)
        try:
            if name == '--end-file':
                options['end_file'] = value
                continue
            if name == '--seed':
                options['seed'] = int(value)
            else:
                options[name[2:]] = float(value)
        except ValueError:
            raise UsageError(f'bad value for {name}: {value!r}') from None
        if name != '--seed' and not options[name[2:]] > 0:
            raise UsageError(f'{name} must be positive')
    if not args:
        raise UsageError('no FILE.py given')
    return options, args[0], args[1:]


def check_readable(script):
    """None if `script` can be read, else python's kind of message."""
    try:
        with open(script, 'rb') as f:
            f.read(1)
    except OSError as exc:
        return (f"looplab: can't open file {script!r}: "
                f"[Errno {exc.errno}] {exc.strerror}")
    return None


def child_environment(config):
    env = dict(os.environ)
    config['environ'] = {name: env.get(name) for name in _CHILD_ONLY}
    boot = os.path.join(HERE, 'boot')
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in (boot, env.get('PYTHONPATH')) if p)
    env['PYTHONHASHSEED'] = '0'
    env['PYTHONDONTWRITEBYTECODE'] = '1'
    env['LOOPLAB_REFRUN'] = json.dumps(config)
    return env


def main(argv):
    try:
        options, script, script_args = parse_args(argv)
    except UsageError as exc:
        print(f'refrun: {exc}\n{USAGE}', file=sys.stderr)
        return 2
    problem = check_readable(script)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix='refrun-') as tmp:
        pyc = os.path.join(tmp, '__main__.pyc')
        config = dict(options, script=script, pyc=pyc)
        env = child_environment(config)
        child = subprocess.Popen([PYTHON, '-P', '-s', pyc, *script_args],
                                 env=env)
        # Ctrl-C reaches the child too (same process group); we just wait.
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            status = child.wait()
        finally:
            signal.signal(signal.SIGINT, previous)
    return 128 - status if status < 0 else status


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
