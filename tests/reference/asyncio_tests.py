"""CPython's own asyncio tests, as a program to run under a runner.

    /usr/bin/python3.11 tests/reference/refrun.py tests/reference/asyncio_tests.py [MODULE...]

DESIGN.md names the test modules of Debian's libpython3.11-testsuite that
run on the loop the event-loop policy makes; they must pass on looplab's
loop in virtual time as they do on CPython's loop under the same model.
Run under refrun, this checks the second half of that sentence (and so the
reference runner itself); run under `looplab run`, the first half.
Exit status 0 when every test passes.
"""

import sys
import unittest

MODULES = ('test_locks', 'test_queues', 'test_taskgroups', 'test_timeouts',
           'test_waitfor', 'test_tasks', 'test_context', 'test_threads')

names = ['test.test_asyncio.' + name for name in (sys.argv[1:] or MODULES)]
suite = unittest.defaultTestLoader.loadTestsFromNames(names)
result = unittest.TextTestRunner(verbosity=1).run(suite)
sys.exit(0 if result.wasSuccessful() else 1)
