"""ctest asyncio_suite: CPython's own asyncio tests on looplab's loop.

    asyncio_suite.py LOOPLAB REFRUN PYTHON SUITE

Runs SUITE (tests/reference/asyncio_tests.py: test_locks, test_queues,
test_taskgroups, test_timeouts, test_waitfor, test_tasks, test_context and
test_threads of Debian's libpython3.11-testsuite) under `looplab run` and
under the reference runner, in virtual time. Passes when, under both, every
test passes, the tests that made a loop through the event-loop policy are
the same ones, and there are EXPECTED_POLICY_TESTS of them (DESIGN.md).
"""

import subprocess
import sys

EXPECTED_POLICY_TESTS = 441


def run(label, command):
    proc = subprocess.run(command + ['--list'], capture_output=True, text=True, timeout=1200)
    lines = proc.stdout.splitlines()
    summary = lines[-1] if lines else ''
    tests = {}
    for line in lines[:-1]:
        outcome, _, test_id = line.partition(' ')
        if outcome in ('ok', 'failed', 'skipped'):
            tests[test_id.strip()] = outcome
    print(f'{label}: status {proc.returncode}; {summary}')
    if proc.returncode != 0:
        sys.stdout.write(proc.stderr[-6000:])
    return proc.returncode, tests


def main(looplab, refrun, python, suite):
    errors = []
    # --trust: CPython's own tests start subprocesses (test_env_var_debug)
    lp_status, lp_tests = run('looplab', [looplab, 'run', '--trust', suite])
    ref_status, ref_tests = run('reference', [python, refrun, suite])
    for label, status, tests in (('looplab', lp_status, lp_tests),
                                 ('reference', ref_status, ref_tests)):
        if status != 0:
            errors.append(f'{label}: exit status {status}')
        if len(tests) != EXPECTED_POLICY_TESTS:
            errors.append(f'{label}: {len(tests)} tests made a policy loop, '
                          f'expected {EXPECTED_POLICY_TESTS}')
        bad = sorted(test_id for test_id, outcome in tests.items() if outcome != 'ok')
        errors.extend(f'{label}: {test_id} {tests[test_id]}' for test_id in bad)
    for test_id in sorted(set(lp_tests) ^ set(ref_tests)):
        errors.append(f'made a policy loop under only one runner: {test_id}')
    for error in errors:
        print('FAIL', error)
    if not errors:
        print(f'asyncio_suite: {len(lp_tests)} policy-loop tests pass on looplab and on the reference')
    return 1 if errors else 0


sys.exit(main(*sys.argv[1:5]))
