"""CPython's own asyncio tests, as a program to run under a runner.

    looplab run tests/reference/asyncio_tests.py [MODULE...]
    /usr/bin/python3.11 tests/reference/refrun.py tests/reference/asyncio_tests.py [MODULE...]

DESIGN.md names the test modules of Debian's libpython3.11-testsuite that
run on the loop the event-loop policy makes; they must pass on looplab's
loop in virtual time as they do on CPython's loop under the same model.

Most of those modules also hold tests that never touch the runner's loop
(they use test_utils.TestLoop, or no loop at all). This program counts the
tests that REALLY made a loop through the event-loop policy (the runner's
loop: asyncio.run, Runner, new_event_loop, IsolatedAsyncioTestCase), and
prints one summary line:

    policy loops: N tests made one, P passed, F failed; all tests: T ran, E not ok

Exit status 0 when every test passed (skips are fine), 1 otherwise.
With --list, it also prints the id of each policy-loop test and its outcome.
"""

import asyncio
import gc
import os
import sys
import time
import unittest

MODULES = ('test_locks', 'test_queues', 'test_taskgroups', 'test_timeouts',
           'test_waitfor', 'test_tasks', 'test_context', 'test_threads')


class LoopCounter:
    """Counts the loops the current event-loop policy makes."""

    def __init__(self):
        self.made = 0
        policy_class = type(asyncio.get_event_loop_policy())
        factory = policy_class._loop_factory

        def counting_factory(*args, **kwargs):
            self.made += 1
            return factory(*args, **kwargs)

        policy_class._loop_factory = staticmethod(counting_factory)


class CountingResult(unittest.TextTestResult):
    """Notes, per test, whether it made a policy loop and how it ended."""

    counter = None                      # set before the run

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {}              # test id -> 'ok' | 'failed' | 'skipped'
        self.policy_tests = []          # ids, in run order
        self._made_before = 0

    def startTest(self, test):
        # Tests on CPython's TestLoop never touch the runner's loop: a
        # zero sleep between tests shows the real-time watchdog that the
        # run makes progress (a long stretch of them is not a stuck loop).
        time.sleep(0)
        self._made_before = self.counter.made
        self.outcomes[test.id()] = 'ok'
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        if self.counter.made > self._made_before:
            self.policy_tests.append(test.id())

    def _mark(self, test, outcome):
        self.outcomes[test.id()] = outcome

    def addError(self, test, err):
        self._mark(test, 'failed')
        super().addError(test, err)

    def addFailure(self, test, err):
        self._mark(test, 'failed')
        super().addFailure(test, err)

    def addSkip(self, test, reason):
        self._mark(test, 'skipped')
        super().addSkip(test, reason)

    def addUnexpectedSuccess(self, test):
        self._mark(test, 'failed')
        super().addUnexpectedSuccess(test)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self._mark(test, 'failed')
        super().addSubTest(test, subtest, err)


def main(argv):
    listing = '--list' in argv
    modules = [arg for arg in argv if not arg.startswith('--')] or MODULES
    CountingResult.counter = LoopCounter()
    names = ['test.test_asyncio.' + name for name in modules]
    suite = unittest.defaultTestLoader.loadTestsFromNames(names)
    # Some tests call gc.collect() a hundred times (test_task_del_collect);
    # leaving the test modules out of every collection keeps them from
    # spending the real-time budget of code that never gives control back.
    gc.freeze()
    runner = unittest.TextTestRunner(verbosity=int(os.environ.get("LP_SUITE_VERBOSITY", "1")), resultclass=CountingResult)
    result = runner.run(suite)
    policy = result.policy_tests
    passed = sum(1 for test_id in policy if result.outcomes[test_id] == 'ok')
    failed = sum(1 for test_id in policy if result.outcomes[test_id] == 'failed')
    if listing:
        for test_id in policy:
            print(f'{result.outcomes[test_id]:8} {test_id}')
    not_ok = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f'policy loops: {len(policy)} tests made one, {passed} passed, {failed} failed; '
          f'all tests: {result.testsRun} ran, {not_ok} not ok')
    return 0 if result.wasSuccessful() else 1


sys.exit(main(sys.argv[1:]))
