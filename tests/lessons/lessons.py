"""lessons.py - what the lesson test scripts share: finding the lessons,
running a command, and the one-line-per-lesson report."""
import os
import re
import subprocess

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LESSON_DIR = os.path.join(REPO, "scenarios")


def names():
    """The lesson files (NN_name.py) in course order."""
    return sorted(n for n in os.listdir(LESSON_DIR) if re.match(r"^\d+_.*\.py$", n))


def run(command, timeout=120):
    """(status, stdout, stderr) of command run in the repository."""
    p = subprocess.run(command, cwd=REPO, capture_output=True, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def report(names, problems):
    """Prints ok/FAIL per lesson and a total; returns the exit status."""
    failed = 0
    for name, problem in zip(names, problems):
        if problem:
            failed += 1
            print("FAIL %s: %s" % (name, problem.replace("\n", "\n    ")))
        else:
            print("ok   %s" % name)
    print("%d passed, %d failed" % (len(names) - failed, failed))
    return 1 if failed or not names else 0
