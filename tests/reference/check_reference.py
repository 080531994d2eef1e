#!/usr/bin/python3.11
"""Check the reference runner against itself and, where it can, CPython.

    /usr/bin/python3.11 tests/reference/check_reference.py [-j N] [-k TEXT]

For every scenario tests/scenarios/*.py (run from the repository root, with
its path relative to it, as the conformance test will):
  * its docstring is one line, and its tags are known: [real-order] and
    [exit N] (the expected exit status; 0 when absent);
  * a line "# conformance-args: ..." in its first 30 lines gives extra
    refrun options, as for tests/conformance/conformance.py;
  * refrun --stamp runs it twice with byte-identical stdout, stderr and
    exit status (determinism), and that status is the expected one;
  * with [real-order] (the output does not depend on timing, hashing or
    the virtual clock), refrun's stdout equals real `/usr/bin/python3.11
    FILE.py`'s stdout, line for line (PYTHONPATH=scenarios, for `sim`).
Prints one line per scenario and "N passed, N failed"; exits 1 on failure.
"""

import argparse
import ast
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys

PYTHON = '/usr/bin/python3.11'
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REFRUN = os.path.join('tests', 'reference', 'refrun.py')
SCENARIOS = os.path.join('tests', 'scenarios')
TIMEOUT = 120
TAG = re.compile(r'\[([a-z-]+)(?: (\d+))?\]')
KNOWN_TAGS = {'real-order', 'exit'}


def run(argv, env=None):
    proc = subprocess.run(argv, cwd=REPO, env=env, capture_output=True,
                          timeout=TIMEOUT)
    return proc.stdout, proc.stderr, proc.returncode


def read_tags(path):
    """(tags, problems) from the scenario's one-line docstring."""
    with open(os.path.join(REPO, path), encoding='utf-8') as f:
        doc = ast.get_docstring(ast.parse(f.read()))
    if not doc:
        return {}, ['no docstring']
    problems = [] if '\n' not in doc else ['docstring is not one line']
    tags = {}
    for name, number in TAG.findall(doc):
        if name not in KNOWN_TAGS:
            problems.append(f'unknown tag [{name}]')
        tags[name] = int(number) if number else True
    return tags, problems


def extra_args(path):
    with open(os.path.join(REPO, path), encoding='utf-8') as f:
        for _, line in zip(range(30), f):
            if line.startswith('# conformance-args:'):
                return line.split(':', 1)[1].split()
    return []


def diff(label, a, b):
    lines = difflib.unified_diff(
        a.decode(errors='replace').splitlines(),
        b.decode(errors='replace').splitlines(), label + ' (a)', label + ' (b)',
        lineterm='', n=1)
    return '\n'.join(list(lines)[:30])


def check(path):
    """A list of failure descriptions for one scenario (empty: passed)."""
    tags, failures = read_tags(path)
    refrun = [PYTHON, REFRUN] + extra_args(path)
    first = run(refrun + ['--stamp', path])
    second = run(refrun + ['--stamp', path])
    for label, a, b in zip(('stdout', 'stderr', 'status'), first, second):
        if a != b:
            detail = diff(label, a, b) if label != 'status' else f'{a} != {b}'
            failures.append(f'not deterministic ({label}):\n{detail}')
    expected = tags.get('exit', 0)
    if first[2] != expected:
        failures.append(f'exit status {first[2]}, expected {expected}:\n'
                        + first[1].decode(errors='replace')[-2000:])
    if tags.get('real-order'):
        env = dict(os.environ, PYTHONPATH=os.path.join(REPO, 'scenarios'))
        real = run([PYTHON, path], env=env)
        ours = run(refrun + [path])
        if real[0] != ours[0]:
            failures.append('stdout differs from python3.11 (a: python3.11, '
                            'b: refrun):\n' + diff('stdout', real[0], ours[0]))
        if real[2] != ours[2]:
            failures.append(f'exit status differs from python3.11: '
                            f'{real[2]} != {ours[2]}')
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('-j', type=int, default=os.cpu_count() or 2,
                        help='scenarios run at once')
    parser.add_argument('-k', default='', help='only scenarios whose name contains this')
    options = parser.parse_args()

    names = sorted(name for name in os.listdir(os.path.join(REPO, SCENARIOS))
                   if name.endswith('.py') and options.k in name)
    paths = [os.path.join(SCENARIOS, name) for name in names]
    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(options.j) as pool:
        for path, failures in zip(paths, pool.map(check, paths)):
            if failures:
                failed += 1
                print(f'FAIL {path}')
                for failure in failures:
                    print('    ' + failure.replace('\n', '\n    '))
            else:
                passed += 1
                print(f'ok   {path}')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
