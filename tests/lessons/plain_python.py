"""plain_python.py - every lesson also runs as a plain Python program.

A lesson is an ordinary asyncio program: `python3.11 scenarios/NN_name.py`
must run it to the end (in real time, on CPython's own loop, with sim.py's
real waits), exit 0, print no traceback, and print as many lines as
`looplab run` does (the values differ: real clocks do not start at 0),
unless the lesson is marked "# conformance-pending:" (it needs a part of
looplab's model not built yet, so looplab's run is not compared).
The lessons run side by side, so the test takes about as long as the
longest lesson (some ten seconds), not the sum.

Usage: plain_python.py PYTHON LOOPLAB
"""
import concurrent.futures
import os
import sys

from lessons import is_pending, names, report, run


def check(python, looplab, name):
    path = os.path.join("scenarios", name)
    status, out, err = run([python, path])
    if status != 0 or "Traceback" in err:
        return "python exits %d:\n%s" % (status, err)
    if is_pending(name):
        return None
    _, ours, _ = run([looplab, "run", path])
    if len(out.splitlines()) != len(ours.splitlines()):
        return "python prints %d lines, looplab %d:\n%s" % (
            len(out.splitlines()), len(ours.splitlines()), out)
    return None


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    python, looplab = argv[1], os.path.abspath(argv[2])
    lessons = names()
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(lessons) or 1) as pool:
        problems = list(pool.map(lambda n: check(python, looplab, n), lessons))
    return report(lessons, problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
