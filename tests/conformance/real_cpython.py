"""real_cpython.py - real CPython, the third witness: every scenario that can
also runs under plain python3.11, in real time, and must print what the
reference runner prints in virtual time.

    real_cpython.py [-j N] [-k TEXT] PYTHON REFRUN FILE_OR_DIR...

For each scenario (FILE.py, or the *.py of a folder but sim.py), from the
repository root:
  1. the reference runner runs it (refrun.py [ARGS] FILE.py, ARGS from a
     "# conformance-args:" line) and says how much virtual time it took;
  2. it is skipped, with the reason printed, when it cannot run in real
     time: the model stopped it (a deadlock, a limit: exit status 124 or a
     "looplab:" message), it takes more than MAX_VIRTUAL seconds of virtual
     time (a real run must stay short), or it is listed in
     real_cpython_skips.txt ("SCENARIO | REASON": its output hangs on
     real-time jitter, the absolute clock, the CPU model...);
  3. otherwise `PYTHON FILE.py` runs it in real time (PYTHONPATH=scenarios
     for `import sim`, PYTHONHASHSEED=0) and its stdout, its stderr (without
     the frames of asyncio, concurrent.futures and the reference runner,
     which differ by design) and its exit status must equal the reference's,
     line for line, except that numbers with a decimal point may differ by
     SLACK seconds plus one unit of their last printed digit, and that an
     absolute time (virtual clocks start at 0.0, real ones do not) is
     compared from the real clock's start (see Clocks).
The real runs go six at a time (they mostly sleep); one that differs runs
once more, alone, and must agree then (a real run on a busy machine can be
late; a real difference shows twice). Every
scenario listed in real_cpython_skips.txt must exist. Exits 1 on a failure.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SKIPS = os.path.join(HERE, 'real_cpython_skips.txt')
MAX_VIRTUAL = 10.0
SLACK = 0.1
REAL_AT_ONCE = 6                    # real runs side by side (they mostly sleep)
NUMBER = re.compile(r'-?\d+\.\d+')
FRAME = re.compile(r'^([ |]*)File "([^"]*)", line \d+')
DROPPED = ('/asyncio/', '/concurrent/futures/', os.sep + 'reference' + os.sep + 'refloop' + os.sep)


def header_args(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        for _, line in zip(range(30), f):
            if line.startswith('# conformance-args:'):
                return line.split(':', 1)[1].split()
    return []


def read_skips(path):
    skips = {}
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                fields = [field.strip() for field in line.split('|')]
                if len(fields) != 2 or not all(fields):
                    raise SystemExit(f'{path}:{number}: expected SCENARIO | REASON')
                skips[fields[0]] = fields[1]
    return skips


def drop_frames(text):
    out, skipping, indent = [], False, ''
    for line in text.splitlines():
        m = FRAME.match(line)
        if m:
            indent, path = m.group(1) + '  ', m.group(2)
            skipping = any(part in os.path.abspath(path) for part in DROPPED)
            if not skipping:
                out.append(line)
            continue
        if skipping and line.startswith(indent):
            continue
        skipping = False
        out.append(line)
    return out


class Clocks:
    """The real clocks' readings when python3.11 started: a number the
    reference prints as an absolute time t (virtual clocks start at 0.0)
    prints in real time as START + t, START being the real clock's reading
    when the program started, a little after launch. Such a number matches
    when, for one START per clock and run, |real - (START + t)| is within
    the tolerance; every other number must match as it is."""

    WINDOW = (-0.2, 3.0)                # program start relative to launch

    def __init__(self, launched):
        self.launched = launched        # [monotonic, time] at launch
        self.start = [None, None]

    def match(self, want, got, tolerance):
        if abs(want - got) <= tolerance:
            return True
        for clock, launched in enumerate(self.launched):
            offset = got - want - launched
            if not self.WINDOW[0] <= offset <= self.WINDOW[1]:
                continue
            start = self.start[clock]
            if start is None:
                self.start[clock] = got - want
                return True
            if abs(got - want - start) <= 2 * tolerance:
                return True
        return False


def same_line(expected, actual, clocks):
    """Equal but for decimal numbers, each within its tolerance."""
    if NUMBER.sub('#', expected) != NUMBER.sub('#', actual):
        return False
    for want, got in zip(NUMBER.findall(expected), NUMBER.findall(actual)):
        digits = len(want.split('.')[1])
        if not clocks.match(float(want), float(got), SLACK + 10 ** -digits + 1e-9):
            return False
    return True


def compare(label, expected, actual, clocks):
    """A description of the first difference, or None."""
    for i, (want, got) in enumerate(zip(expected, actual)):
        if not same_line(want, got, clocks):
            return f'{label} line {i + 1}:\n  reference: {want}\n  python:    {got}'
    if len(expected) == len(actual):
        return None
    return (f'{label}: reference prints {len(expected)} lines, python {len(actual)}:\n'
            + '\n'.join('  ' + line for line in (expected if len(expected) > len(actual)
                                                 else actual)[min(len(expected), len(actual)):][:6]))


def run(argv, env=None, timeout=120):
    try:
        p = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    return (p.returncode, p.stdout.decode('utf-8', 'replace'),
            p.stderr.decode('utf-8', 'replace'))


def reference(python, refrun, rel):
    """(status, stdout, stderr, virtual seconds) from the reference runner."""
    with tempfile.TemporaryDirectory(prefix='real-witness-') as tmp:
        end_file = os.path.join(tmp, 'end')
        result = run([python, refrun, '--end-file', end_file] + header_args(rel) + [rel])
        if result is None:
            return None
        try:
            with open(end_file) as f:
                end = float(f.read())
        except (OSError, ValueError):
            end = None
    return result + (end,)


def real_run(python, rel, virtual):
    """(status, stdout, stderr, clocks) of `python FILE.py`; the script's
    absolute path (python makes __file__ absolute) reads as given."""
    env = dict(os.environ, PYTHONPATH=os.path.join(REPO, 'scenarios'), PYTHONHASHSEED='0')
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    clocks = Clocks([time.monotonic(), time.time()])
    result = run([python, rel], env=env, timeout=virtual * 4 + 30)
    if result is None:
        return None
    status, out, err = result
    if status < 0:                      # killed by a signal: as a shell says
        status = 128 - status
    absolute = os.path.join(REPO, '')
    return status, out.replace(absolute, ''), err.replace(absolute, ''), clocks


def scenarios(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith('.py') and name != 'sim.py':
                    yield os.path.relpath(os.path.join(path, name), REPO)
        else:
            yield os.path.relpath(path, REPO)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-j', type=int, default=2, help='reference runs at once')
    parser.add_argument('-k', default='', help='only scenarios whose path contains this')
    parser.add_argument('python')
    parser.add_argument('refrun')
    parser.add_argument('paths', nargs='+')
    options = parser.parse_args(argv[1:])
    python, refrun = os.path.abspath(options.python), os.path.abspath(options.refrun)
    skips = read_skips(SKIPS)
    failed = 0
    for rel in sorted(skips):
        if not os.path.isfile(os.path.join(REPO, rel)):
            failed += 1
            print(f'FAIL {rel} is listed in {os.path.basename(SKIPS)} but does not exist')
    names = [rel for rel in scenarios(options.paths) if options.k in rel]
    listed = [rel for rel in names if rel in skips]
    for rel in listed:
        print(f'skip {rel} (listed: {skips[rel]})')
    names = [rel for rel in names if rel not in skips]

    with concurrent.futures.ThreadPoolExecutor(options.j) as pool:
        refs = dict(zip(names, pool.map(lambda rel: reference(python, refrun, rel), names)))
    todo = []
    for rel in names:
        ref = refs[rel]
        if ref is None:
            failed += 1
            print(f'FAIL {rel}: the reference runner did not finish')
        elif ref[0] == 124 or 'looplab: ' in ref[2]:
            print(f'skip {rel} (the model stops it: exit status {ref[0]})')
        elif ref[3] is None or ref[3] > MAX_VIRTUAL:
            print(f'skip {rel} (long: {ref[3]} s of virtual time, more than {MAX_VIRTUAL:g})')
        else:
            todo.append(rel)
    # Real runs mostly sleep: several side by side, longest first.
    todo.sort(key=lambda rel: -refs[rel][3])
    with concurrent.futures.ThreadPoolExecutor(REAL_AT_ONCE) as pool:
        reals = dict(zip(todo, pool.map(lambda rel: real_run(python, rel, refs[rel][3]), todo)))
    def problems_of(rel, real):
        status, out, err, _ = refs[rel]
        if real is None:
            return ['python3.11 did not finish in time']
        problems = []
        if real[0] != status:
            problems.append(f'exit status: reference {status}, python {real[0]}')
        for label, a, b in (('stdout', out.splitlines(), real[1].splitlines()),
                            ('stderr', drop_frames(err), drop_frames(real[2]))):
            problem = compare(label, a, b, real[3])
            if problem:
                problems.append(problem)
        return problems

    passed = 0
    for rel in sorted(todo):
        problems = problems_of(rel, reals[rel])
        retried = False
        if problems:
            # Once more, alone: a real run on a busy machine can be late. A
            # real difference shows twice.
            retried = True
            problems = problems_of(rel, real_run(python, rel, refs[rel][3]))
        if problems:
            failed += 1
            print(f'FAIL {rel}')
            for problem in problems:
                print('    ' + problem.replace('\n', '\n    '))
        else:
            passed += 1
            print(f'ok   {rel}' + (' (on a second run, alone)' if retried else ''))
    print(f'{passed} agree with python3.11, {len(names) + len(listed) - len(todo)} skipped, '
          f'{failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
