"""expects.py - every note of every lesson says what the window shows, truly.

For every lesson in scenarios/ (files NN_*.py), `lesson_moments FILE` runs
it on looplab's engine and checks each note's "#: expect" lines against the
window's state at the moment the window shows the note (the same moments,
labels and cards the window uses: src/app/lessoncheck.c). This test passes
when, for every lesson:
  - every note (say or ask) has at least one expectation,
  - every moment happens and every expectation holds (exit status 0).

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


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    moments = os.path.abspath(argv[1])
    lessons = names()
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        problems = list(pool.map(lambda n: check(moments, n), lessons))
    return report(lessons, problems)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
