"""plain_python.py - every lesson also runs, and proves its point, as plain Python.

A lesson is an ordinary asyncio program: `python3.11 scenarios/NN_name.py`
must run it to the end (in real time, on CPython's own loop, with sim.py's
real waits and real, calibrated CPU work), exit 0, print no traceback, and
show the same key claim as under looplab (claims.py, with real timings
matched loosely: the lessons print times from their own start). The
lessons run side by side, so the test takes about as long as the longest
lesson (some fifteen seconds), not the sum.

Usage: plain_python.py PYTHON
"""
import concurrent.futures
import os
import sys

from claims import claim
from lessons import names, report, run


def check(python, name):
    status, out, err = run([python, os.path.join("scenarios", name)])
    if status != 0 or "Traceback" in err or not out.strip():
        return "python exits %d:\n%s%s" % (status, out, err)
    problem = claim(name, out, err, plain=True)
    return problem and "%s\n--- what python printed:\n%s" % (problem, out)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    lessons = names()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        problems = list(pool.map(lambda n: check(argv[1], n), lessons))
    return report(lessons, problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
