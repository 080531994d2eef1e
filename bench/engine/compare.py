"""compare.py - times each engine benchmark under looplab and the reference.

For every scenario given, runs `looplab run --stats` (the trace is recorded,
as always) and the reference runner (CPython's own loop under the same
virtual-time model), REPEAT times each, interleaved, and prints the best
wall time of each, their ratio (looplab / reference: goal <= 0.7) and the
trace's bytes per event (goal <= 64). The outputs must be equal, or the
comparison means nothing: a mismatch is reported and fails the run.
With REPEAT given as "instructions", it instead counts the instructions
each runner executes (valgrind's callgrind, repeatable on a noisy machine)
for the scenarios at a tenth of their size, the reference's child
interpreter included and its parent (which only starts the child) left out.
Give bench/engine/empty.py first to also see each figure less start-up.
Usage: compare.py LOOPLAB REFRUN PYTHON REPEAT|instructions SCENARIO...
"""
import os
import re
import subprocess
import sys
import tempfile
import time


def timed(command):
    t0 = time.perf_counter()
    p = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def instructions(command, workdir):
    """Instructions executed by the busiest process of `command` (callgrind)."""
    subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                    "--callgrind-out-file=" + workdir + "/cg.%p"] + command,
                   capture_output=True, check=False)
    counts = []
    for name in os.listdir(workdir):
        with open(os.path.join(workdir, name)) as f:
            for line in f:
                if line.startswith("summary:") or line.startswith("totals:"):
                    counts.append(int(line.split()[1]))
                    break
        os.unlink(os.path.join(workdir, name))
    return max(counts) if counts else 0


def count_instructions(looplab, refrun, python, scenarios):
    print("%-22s %14s %14s %8s" % ("scenario (x0.1)", "looplab instr", "cpython instr", "ratio"))
    with tempfile.TemporaryDirectory() as workdir:
        for scenario in scenarios:
            ours = instructions([looplab, "run", scenario, "0.1"], workdir)
            theirs = instructions([python, refrun, scenario, "0.1"], workdir)
            name = scenario.rsplit("/", 1)[-1]
            print("%-22s %14d %14d %7.2fx" % (name, ours, theirs, ours / max(theirs, 1)))
            if name == "empty.py":
                base_ours, base_theirs = ours, theirs
            elif "base_ours" in locals():
                print("%-22s %14d %14d %7.2fx" % ("  less start-up", ours - base_ours,
                                                  theirs - base_theirs,
                                                  (ours - base_ours) / max(theirs - base_theirs, 1)))
    return 0


def main(argv):
    looplab, refrun, python = argv[1], argv[2], argv[3]
    if argv[4] == "instructions":
        return count_instructions(looplab, refrun, python, argv[5:])
    repeat = int(argv[4])
    failed = False
    print("%-22s %10s %10s %8s %12s" % ("scenario", "looplab s", "cpython s", "ratio", "bytes/event"))
    for scenario in argv[5:]:
        ours, theirs, stats, outputs = [], [], "", set()
        for _ in range(repeat):
            t, p = timed([looplab, "run", "--stats", scenario])
            ours.append(t)
            stats = p.stderr
            outputs.add(p.stdout)
            t, p = timed([python, refrun, scenario])
            theirs.append(t)
            outputs.add(p.stdout)
        m = re.search(r"\(([\d.]+) bytes/event", stats)
        per_event = m.group(1) if m else "?"
        name = scenario.rsplit("/", 1)[-1]
        print("%-22s %10.3f %10.3f %7.2fx %12s" % (name, min(ours), min(theirs),
                                                  min(ours) / min(theirs), per_event))
        if len(outputs) != 1:
            print("  outputs differ between the runners:", outputs)
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
