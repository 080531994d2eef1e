"""audit_independence.py - the reference runner reads nothing from src/.

    /usr/bin/python3.11 tests/reference/audit_independence.py [SCENARIO...]

A witness that loads the product's code proves nothing, so this checks two
ways that tests/reference shares nothing with looplab's sources:
  * statically: every module refrun.py, boot/ and refloop/ import is in the
    standard library or refloop itself, and none of their text names src/;
  * while it runs: refrun.py runs scenarios (threads, pools, the CPU model,
    a deadlock, --stamp) with an audit hook in both of its interpreters
    (a sitecustomize put on PYTHONPATH, which boot/ chains to before the
    runner loads). The hook logs every file opened, imported, compiled or
    executed and every folder listed. No logged path may lie under src/,
    and the log must show the runner's own files and the scenario (so the
    hook did watch).
Exits 1 on a failure.
"""

import ast
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SRC = os.path.join(REPO, 'src')
PYTHON = '/usr/bin/python3.11'
SCENARIOS = ['tests/scenarios/threads_nested_executors.py',
             'tests/scenarios/process_pool_jobs.py',
             'tests/scenarios/gil_two_threads.py',
             'tests/scenarios/threads_deadlock_two_locks.py',
             'scenarios/05_gather.py']

AUDIT_HOOK = r'''
import os, sys
_log = os.environ.get('REFRUN_AUDIT_LOG')
_seen = set()
_PATHS = {'open': 0, 'os.listdir': 0, 'os.scandir': 0, 'exec': None,
          'compile': 1, 'import': 1}

def _hook(event, args):
    if event not in _PATHS or not _log:
        return
    if event == 'exec':
        value = getattr(args[0], 'co_filename', None)
    elif event == 'import':
        value = args[1]
    else:
        value = args[_PATHS[event]]
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if isinstance(value, str) and value not in _seen:
        _seen.add(value)
        fd = os.open(_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.write(fd, (event + ' ' + os.path.abspath(value) + '\n').encode('utf-8', 'replace'))
        os.close(fd)

sys.addaudithook(_hook)
'''


def runner_files():
    files = [os.path.join(HERE, 'refrun.py'), os.path.join(HERE, 'boot', 'sitecustomize.py')]
    package = os.path.join(HERE, 'refloop')
    files += [os.path.join(package, name) for name in sorted(os.listdir(package))
              if name.endswith('.py')]
    return files


def static_problems():
    problems = []
    allowed = set(sys.stdlib_module_names) | {'refloop'}
    for path in runner_files():
        with open(path, encoding='utf-8') as f:
            text = f.read()
        tree = ast.parse(text, path)
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split('.')[0] not in allowed:
                    problems.append(f'{path}:{node.lineno}: imports {name}, '
                                    f'not the standard library')
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if 'src' in node.value.replace('\\', '/').split('/'):
                    problems.append(f'{path}:{node.lineno}: names src/ ({node.value!r})')
    return problems


def run_audited(scenarios):
    problems = []
    with tempfile.TemporaryDirectory(prefix='refrun-audit-') as tmp:
        hook_dir = os.path.join(tmp, 'hook')
        os.mkdir(hook_dir)
        with open(os.path.join(hook_dir, 'sitecustomize.py'), 'w') as f:
            f.write(AUDIT_HOOK)
        log = os.path.join(tmp, 'audit.log')
        env = dict(os.environ, PYTHONPATH=hook_dir, REFRUN_AUDIT_LOG=log)
        for scenario in scenarios:
            subprocess.run([PYTHON, os.path.join(HERE, 'refrun.py'), '--stamp', scenario],
                           cwd=REPO, env=env, capture_output=True, timeout=300)
        with open(log, encoding='utf-8') as f:
            lines = f.read().splitlines()
    paths = [line.split(' ', 1)[1] for line in lines]
    inside = os.path.join(SRC, '')
    problems += [f'the runner touched {line}' for line, path in zip(lines, paths)
                 if path == SRC or path.startswith(inside)]
    expected = [os.path.join(HERE, 'refloop', 'lockstep.py'),
                os.path.join(HERE, 'refloop', 'pools.py')]
    expected += [os.path.join(REPO, s) for s in scenarios]
    for path in expected:
        if path not in paths:
            problems.append(f'the audit hook did not see {path} (is it watching?)')
    print(f'audit: {len(set(paths))} distinct paths seen over {len(scenarios)} runs')
    return problems


def main(argv):
    scenarios = argv[1:] or SCENARIOS
    problems = static_problems() + run_audited(scenarios)
    for problem in problems:
        print('FAIL', problem)
    if not problems:
        print('ok: the reference runner imports, opens and runs nothing from src/')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
