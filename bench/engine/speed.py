"""speed.py - the engine against CPython's own loop under the same model.

Times, as CPU seconds of the child (user + sys: steadier than wall time on
a shared machine), best of REPEAT runs, interleaved:
  fanout     looplab run bench/engine/fanout.py (trace recorded in memory,
             as always) vs CPython's own asyncio loop in virtual time
             (bench/engine/cpython_vt.py): goal <= 0.7x
  start-up   looplab run bench/engine/empty.py vs the same empty program
             on CPython's loop (cpython_vt.py: python3 with asyncio imported),
             and where it goes: `looplab --version` (loading the binary and
             its shared libraries) vs `python3 -c pass`, `looplab run
             --trust` (no sandbox) vs `python3 -c "import asyncio"`
  --trace    looplab run --trace OUT.json fanout vs the same without
             --trace: goal <= 1.3x
and, from `looplab run --stats`, the trace's events per asyncio.sleep and
bytes per event. The outputs of the runners must be equal.
Usage: speed.py LOOPLAB PYTHON [REPEAT]
"""
import os
import re
import resource
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FANOUT = os.path.join(HERE, "fanout.py")
EMPTY = os.path.join(HERE, "empty.py")
CPYTHON_VT = os.path.join(HERE, "cpython_vt.py")
SLEEPS = 10_000 * 20                    # fanout.py's tasks x sleeps


def cpu_run(command):
    """(CPU seconds of the child, its CompletedProcess)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(command, capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, p


def best_pair(repeat, ours, theirs):
    a, b, outs = [], [], set()
    for _ in range(repeat):
        t, p = cpu_run(ours)
        a.append(t)
        outs.add(p.stdout)
        t, p = cpu_run(theirs)
        b.append(t)
        outs.add(p.stdout)
    return min(a), min(b), outs


def row(name, ours, theirs, goal=""):
    print("%-34s %9.3f %9.3f %7.2fx  %s" % (name, ours, theirs, ours / theirs, goal))


def main(argv):
    looplab, python = argv[1], argv[2]
    repeat = int(argv[3]) if len(argv) > 3 else 3
    failed = False
    print("%-34s %9s %9s %8s" % ("figure (CPU s, best of %d)" % repeat, "looplab", "reference", "ratio"))
    ours, theirs, outs = best_pair(repeat, [looplab, "run", FANOUT], [python, "-I", CPYTHON_VT, FANOUT])
    row("fanout vs CPython's loop (vt)", ours, theirs, "goal <= 0.7x")
    if len(outs) != 1:
        print("  outputs differ:", outs)
        failed = True
    ours, theirs, _ = best_pair(repeat, [looplab, "run", EMPTY], [python, "-I", CPYTHON_VT, EMPTY])
    row("start-up vs CPython's loop (vt)", ours, theirs)
    ours, theirs, _ = best_pair(repeat, [looplab, "--version"], [python, "-I", "-c", "pass"])
    row("  binary loaded vs python3 -c pass", ours, theirs)
    ours, theirs, _ = best_pair(repeat, [looplab, "run", "--trust", EMPTY],
                                [python, "-I", "-c", "import asyncio"])
    row("  run --trust vs import asyncio", ours, theirs)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "trace.json")
        traced, plain, outs = best_pair(repeat, [looplab, "run", "--trace", out, FANOUT],
                                        [looplab, "run", FANOUT])
        size = os.path.getsize(out)
    row("fanout --trace vs without", traced, plain, "goal <= 1.3x")
    _, p = cpu_run([looplab, "run", "--stats", FANOUT])
    m = re.search(r"(\d+) trace events, (\d+) bytes", p.stderr)
    if m:
        events, size_mem = int(m.group(1)), int(m.group(2))
        print("trace: %.2f events per asyncio.sleep, %.1f bytes per event in memory, "
              "%.1f bytes per event as JSON" % (events / SLEEPS, size_mem / events, size / events))
    else:
        print("trace: no --stats line:", p.stderr.strip()[:200])
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
