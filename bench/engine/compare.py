"""compare.py - times each engine benchmark under looplab and the reference.

For every scenario given, runs `looplab run --stats` (the trace is recorded,
as always) and the reference runner (CPython's own loop under the same
virtual-time model), REPEAT times each, interleaved, and prints the best
wall time of each, their ratio (looplab / reference: goal <= 0.7) and the
trace's bytes per event (goal <= 64). The outputs must be equal, or the
comparison means nothing: a mismatch is reported and fails the run.
Usage: compare.py LOOPLAB REFRUN PYTHON REPEAT SCENARIO...
"""
import re
import subprocess
import sys
import time


def timed(command):
    t0 = time.perf_counter()
    p = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - t0, p


def main(argv):
    looplab, refrun, python, repeat = argv[1], argv[2], argv[3], int(argv[4])
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
