"""check_insights.py - each insight case gives exactly its expected findings.

Every tests/insights/cases/*.py says in its docstring what
`looplab run --insights=json` must find, one tag per finding:
    [expect KIND line N]            a finding of KIND at line N of the case
    [expect KIND line N cost C]     ... whose cost is C seconds (within 1 ms)
    [expect none]                   nothing at all (a near miss)
    [expect KIND line N loop NAME]  ... in the event loop thread NAME runs: its
                                    summary says so first ("In the loop of
                                    thread 'NAME': "); without it, it does not
Findings must match the tags exactly: nothing missing, nothing more. Each
report must also be the same when the run's saved trace (--raw-trace, what
the window reads) is read back by INSIGHTS_FROM_RAW: findings come from the
trace alone.

Usage: python3 check_insights.py LOOPLAB CASES_DIR INSIGHTS_FROM_RAW
"""
import json
import os
import re
import subprocess
import sys
import tempfile

TAG = re.compile(r"\[expect (\w+)(?: line (\d+))?(?: cost ([0-9.]+))?(?: loop ([\w.-]+))?\]")


def expected(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    tags = TAG.findall(text)
    if not tags:
        raise SystemExit(f"{path}: no [expect ...] tag")
    if any(kind == "none" for kind, _, _, _ in tags):
        return []
    return [(kind, int(line or 0), float(cost) if cost else None, loop or None) for kind, line, cost, loop in tags]


def findings(looplab, from_raw, path):
    """The run's report, and the report read back from its saved trace."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "run.trace")
        out = subprocess.run([looplab, "run", "--insights=json", "--raw-trace", raw,
                              os.path.basename(path)],
                             cwd=os.path.dirname(path), capture_output=True, text=True,
                             timeout=60)
        start = out.stderr.rfind('{"findings": [')
        if start < 0:
            raise AssertionError(f"no JSON report on stderr:\n{out.stderr}")
        replayed = subprocess.run([from_raw, raw, os.path.basename(path)], cwd=os.path.dirname(path),
                                  capture_output=True, text=True, timeout=60)
    return json.loads(out.stderr[start:])["findings"], replayed.stdout


def check(looplab, from_raw, path):
    want = expected(path)
    got, replayed = findings(looplab, from_raw, path)
    problems = []
    try:
        if json.loads(replayed)["findings"] != got:
            problems.append("the saved trace read back gives another report")
    except ValueError:
        problems.append(f"the saved trace read back gives no report: {replayed!r}")
    unmatched = list(got)
    for kind, line, cost, loop in want:
        match = next((f for f in unmatched if f["kind"] == kind and f["line"] == line), None)
        if match is None:
            problems.append(f"missing {kind} at line {line}")
            continue
        unmatched.remove(match)
        if cost is not None and abs(match["cost"] - cost) > 1e-3:
            problems.append(f"{kind} at line {line}: cost {match['cost']:.3f}, expected {cost:.3f}")
        said = match["summary"].startswith("In the loop of thread ")
        if loop and not match["summary"].startswith(f"In the loop of thread '{loop}': "):
            problems.append(f"{kind} at line {line}: does not say it is in {loop}'s loop: {match['summary']}")
        if not loop and said:
            problems.append(f"{kind} at line {line}: says another thread's loop: {match['summary']}")
        for key in ("summary", "fix"):
            if not match[key].strip():
                problems.append(f"{kind} at line {line}: empty {key}")
        if line and os.path.basename(match["file"] or "") != os.path.basename(path):
            problems.append(f"{kind}: file {match['file']!r}, expected the case itself")
    for f in unmatched:
        problems.append(f"unexpected {f['kind']} at line {f['line']}: {f['summary']}")
    return problems


def main():
    looplab, cases, from_raw = (os.path.abspath(a) for a in sys.argv[1:4])
    names = sorted(n for n in os.listdir(cases) if n.endswith(".py"))
    failed = 0
    for name in names:
        problems = check(looplab, from_raw, os.path.join(cases, name))
        status = "ok" if not problems else "FAILED"
        print(f"{name}: {status}")
        for p in problems:
            print(f"    {p}")
        failed += bool(problems)
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
