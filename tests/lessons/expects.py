"""expects.py - every note of every lesson says what the window shows, truly.

For every lesson in scenarios/ (files NN_*.py), `lesson_moments FILE` runs
it on looplab's engine and checks each note's "#: expect" lines against the
window's state at the moment the window shows the note (the same moments,
labels and cards the window uses: src/app/lessoncheck.c). This test passes
when, for every lesson:
  - every note (say or ask) has at least one expectation,
  - every moment happens and every expectation holds (exit status 0).

First it checks that a wrong expectation is caught: every expectation of
tests/lessons/fixtures/wrong_expects.py but the first of each note is false, and each
must be reported with what the window shows instead.

Usage: expects.py LESSON_MOMENTS
"""
import concurrent.futures
import os
import re
import sys

from lessons import names, report, run

NOTE = re.compile(r"^(\d+) (say|ask) \S+ .* expects (\d+)$")


def check(moments, name):
    status, out, err = run([moments, os.path.join("scenarios", name)])
    notes = [m for m in (NOTE.match(line) for line in out.splitlines()) if m]
    problems = [line.strip() for line in out.splitlines() if line.startswith("  FAIL")]
    problems += ["line %s: this %s has no expectation" % (m.group(1), m.group(2))
                 for m in notes if m.group(3) == "0"]
    problems += ["line %s: its moment never happens" % m.group(1)
                 for m in notes if m.group(0).split()[3] == "never"]
    if not notes:
        problems.append("no notes found in:\n" + out + err)
    if status != 0 and not problems:
        problems.append("lesson_moments exits %d:\n%s%s" % (status, out, err))
    return "\n".join(problems) or None


# What the window shows at the fixture's notes, for each false expectation:
# at the first (main reached `await task`, the worker's first step is
# queued, the loop not blocked yet), then after main blocked it at line 30.
WRONG = [
    "FAIL 19 expect timers 2: TIMERS lists 0",
    "FAIL 20 expect running worker: RUNNING shows main",
    "FAIL 21 expect waiting worker: WAITING holds nothing",
    "FAIL 22 expect frozen: the loop is not frozen",
    'FAIL 23 expect output "hello": nothing printed yet',
    "FAIL 24 expect time 0.5: the clock reads 0.000 s",
    "FAIL 25 expect task worker done: worker is ready",
    "FAIL 26 expect workers 1: 0 at work in workers",
    "FAIL 27 expect not ready worker: the ready queue holds worker",
    "FAIL 28 expect finding blocked_loop: no finding yet",
    "FAIL 34 expect finding blocked_loop line 29: the findings so far: blocked_loop at line 30",
    "FAIL 35 expect finding never_awaited: the findings so far: blocked_loop at line 30",
]
OK = ["  ok   18 expect ready worker", "  ok   33 expect finding blocked_loop line 30"]


def self_check(moments):
    """The wrong expectations of the fixture are each reported; None if so."""
    status, out, err = run([moments, os.path.join("tests", "lessons", "fixtures", "wrong_expects.py")])
    failed = [line.strip() for line in out.splitlines() if line.startswith("  FAIL")]
    if status != 1 or failed != WRONG or any(ok not in out.splitlines() for ok in OK):
        return "lesson_moments missed wrong expectations (exit %d):\n%s%s" % (status, out, err)
    return None


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    moments = os.path.abspath(argv[1])
    problem = self_check(moments)
    if problem:
        print("FAIL self-check: " + problem)
        return 1
    lessons = names()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        problems = list(pool.map(lambda n: check(moments, n), lessons))
    return report(lessons, problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
