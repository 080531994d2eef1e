"""determinism.py - every scenario, run RUNS times, gives byte-identical
traces (and the same stdout, stderr and exit status).

Runs `looplab run [# conformance-args] FILE --trace OUT.json` for every .py in
the given folders (but sim.py, the lessons' helper) RUNS times from the
repository root, and fails when any two runs of a file differ.
Usage: determinism.py LOOPLAB DIR_OR_FILE... [--runs N] [--jobs N]
Prints one line a scenario and "N passed, N failed"; exits 1 on a failure.
"""
import argparse
import concurrent.futures
import hashlib
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(ROOT, "tests", "conformance"))
from conformance import scenario_args, scenarios  # noqa: E402  (the same files, the same options)

TIMEOUT = 120


def one_run(looplab, path, trace):
    rel = os.path.relpath(path, ROOT)
    p = subprocess.run([looplab, "run", *scenario_args(path), "--trace", trace, rel],
                       cwd=ROOT, capture_output=True, timeout=TIMEOUT)
    with open(trace, "rb") as f:
        data = f.read()
    return (p.returncode, hashlib.sha256(p.stdout).hexdigest(),
            hashlib.sha256(p.stderr).hexdigest(), hashlib.sha256(data).hexdigest(), len(data))


def check(looplab, path, runs, tmp):
    results = []
    for i in range(runs):
        trace = os.path.join(tmp, "%s.%d.json" % (os.path.basename(path), i))
        try:
            results.append(one_run(looplab, path, trace))
        except (subprocess.TimeoutExpired, FileNotFoundError) as e:
            return ["run %d: %s" % (i + 1, type(e).__name__)]
        os.remove(trace)
    problems = []
    for field, index in (("exit status", 0), ("stdout", 1), ("stderr", 2), ("trace", 3)):
        if len({r[index] for r in results}) != 1:
            problems.append("%s differs between runs" % field)
    if results[0][4] < 20:
        problems.append("the trace is empty")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("looplab")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    looplab = os.path.abspath(args.looplab)
    files = list(scenarios(args.paths))
    with tempfile.TemporaryDirectory(prefix="looplab_determinism_") as tmp, \
            concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(lambda p: (p, check(looplab, p, args.runs, tmp)), files))
    failed = 0
    for path, problems in outcomes:
        name = os.path.relpath(path, ROOT)
        print(("ok   " if not problems else "FAIL ") + name +
              ("" if not problems else ": " + "; ".join(problems)))
        failed += bool(problems)
    print("%d passed, %d failed (%d runs each)" % (len(outcomes) - failed, failed, args.runs))
    return 1 if failed or not outcomes else 0


if __name__ == "__main__":
    sys.exit(main())
