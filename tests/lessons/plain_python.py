"""plain_python.py - every lesson also runs, and proves its point, as plain Python.

A lesson is an ordinary asyncio program: `python3.11 scenarios/NN_name.py`
must run it to the end (in real time, on CPython's own loop, with sim.py's
real waits and real, calibrated CPU work), exit 0, print no traceback, print the same
lines as `looplab run` (numbers aside, and whether a beat came late: in
real time a busy machine decides that; in any order, as real timing may
interleave two tasks' lines differently), and show the same key claim
(claims.py, with real timings matched loosely: the lessons print times
from their own start). The lessons run side by side, so the test takes
about as long as the longest lesson (some fifteen seconds), not the sum;
those that compute (sim.cpu) then run one at a time, alone on the machine,
since real CPU work measured while other lessons compete is not the same
length once they stop.

Usage: plain_python.py PYTHON LOOPLAB
"""
import collections
import concurrent.futures
import os
import re
import sys

from claims import claim
from lessons import names, report, run


def shape(stdout):
    """The lines printed, numbers masked and lateness dropped, as a multiset."""
    lines = (re.sub(r"\d+\.\d+", "#", line) for line in stdout.splitlines())
    return collections.Counter(re.sub(r", (# s late|on time)$", "", line) for line in lines)


def check(python, looplab, name):
    path = os.path.join("scenarios", name)
    status, out, err = run([python, path])
    if status != 0 or "Traceback" in err or not out.strip():
        return "python exits %d:\n%s%s" % (status, out, err)
    _, ours, _ = run([looplab, "run", path])
    missing, extra = shape(ours) - shape(out), shape(out) - shape(ours)
    if missing or extra:
        return "python prints other lines than looplab: missing %r, extra %r" % (
            sorted(missing.elements()), sorted(extra.elements()))
    problem = claim(name, out, err, plain=True)
    return problem and "%s\n--- what python printed:\n%s" % (problem, out)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    python, looplab = argv[1], os.path.abspath(argv[2])
    lessons = names()
    computing = set()
    for name in lessons:
        with open(os.path.join("scenarios", name), encoding="utf-8") as f:
            if "sim.cpu(" in f.read():
                computing.add(name)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        waiting = [n for n in lessons if n not in computing]
        results.update(zip(waiting, pool.map(lambda n: check(python, looplab, n), waiting)))
    for name in sorted(computing):
        results[name] = check(python, looplab, name)
    return report(lessons, [results[n] for n in lessons])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
