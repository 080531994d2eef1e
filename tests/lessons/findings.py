"""findings.py - each mistake lesson shows its finding, whole, at its moment.

A lesson note with "#: finding KIND" shows the run's insight of that kind
once it has happened (src/app/lessonview.c). For each such moment listed
below (the lesson, a time at which the window shows that note, the finding
the note is about, by kind and line, written down by hand from reading the
lesson), this test draws the window with `looplab shot --report` at
1600x900 and 1024x640 and checks, in the LESSON panel:
  - "Insight: HEADING", the finding's file:line and cost, and its summary,
    word for word as `looplab run --insights=json` gives them (one reader
    for the command line, the panel and the lessons), and the pointer to
    the INSIGHTS panel (key I);
  - nothing there is shortened (a question's choices included);
  - the timeline marks its span, lit (tag insight with the finding's number);
and, drawn at a time just before the note's moment, that the finding is
not in the narration yet (for a question: it is still to be answered).

The top bar's count ("N insights") and the timeline's marks agree with what
the learner has reached: at each of those times, they count exactly the
findings whose span has ended by then (t1 from the JSON report), less those
a question still to come is about (QUESTIONS, written down by hand from the
lessons' "#: ask" blocks); no count at all when that is none. And in the
real window (SDL's dummy driver, synthetic keys), at the start of lesson
14 the INSIGHTS panel lists nothing yet, so its number keys jump nowhere:
the key 1 leaves the cursor and the panel where they are.

Usage: findings.py LOOPLAB   (prints ok/FAIL lines and "N passed, N failed")
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from lessons import REPO

# lesson, drawn at, kind, line in the lesson, drawn before (no insight yet)
MOMENTS = [
    ("01_sequence_vs_together", 3.5, "one_at_a_time", 49, 2.5),
    ("02_coroutines", 1.0, "never_awaited", 47, 0.5),
    ("08_cpu_and_gil", 3.0, "blocked_loop", 34, 1.9),
    ("08_cpu_and_gil", 6.5, "gil_contention", 0, 6.4),
    ("09_blocking_call", 2.05, "blocked_loop", 45, 1.99),
    ("10_async_vs_blocking_client", 4.5, "blocked_loop", 42, 3.9),
    ("14_mistakes_calling", 1.5, "never_awaited", 43, 0.99),
    ("14_mistakes_calling", 2.2, "task_dropped", 63, 1.9),
    ("14_mistakes_calling", 100, "never_awaited", 92, 2.4),
    ("15_mistakes_blocking", 1.1, "blocked_loop", 89, 0.9),
    ("15_mistakes_blocking", 2.3, "blocked_loop", 100, 2.2),
    ("15_mistakes_blocking", 6.2, "cancellation_swallowed", 61, 5.9),
]
# lesson, kind, line: a finding a question is about, and the question's time
QUESTIONS = [("14_mistakes_calling", "never_awaited", 43, 1.0)]
SIZES = ("1600x900", "1024x640")
HEADINGS = {"blocked_loop": "The loop was blocked", "one_at_a_time": "One thing at a time",
            "never_awaited": "A coroutine was never awaited", "task_dropped": "A task was made and thrown away",
            "cancellation_swallowed": "A cancellation was swallowed", "gil_contention": "Threads shared the GIL"}
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)[:600]))


def squash(text):
    return re.sub(r"\s+", " ", text.replace("`", "")).strip()


def findings(looplab, lesson):
    p = subprocess.run([looplab, "run", "--insights=json", f"scenarios/{lesson}.py"], cwd=REPO,
                       capture_output=True, text=True, timeout=120)
    start = p.stderr.find('{"findings"')
    return json.loads(p.stderr[start:])["findings"] if start >= 0 else []


def chip(report_path):
    """The top bar's insight count (the text drawn after tag insight 0), or None."""
    lines = open(report_path, encoding="utf-8").read().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("insight 0 ") and i + 1 < len(lines) and lines[i + 1].startswith("text "):
            return lines[i + 1].split(" ", 6)[6]
    return None


def shot(looplab, tmp, lesson, at, size):
    """(narration texts, any of them shortened, insight marks) of the window at `at`."""
    rep = os.path.join(tmp, "r.txt")
    p = subprocess.run([looplab, "shot", f"scenarios/{lesson}.py", "--at", str(at), "--size", size,
                        "--out", os.path.join(tmp, "s.png"), "--report", rep],
                       cwd=REPO, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return None, False, []
    box, texts, marks = None, [], []
    for line in open(rep, encoding="utf-8"):
        parts = line.rstrip("\n").split(" ", 6)
        rect = tuple(float(v) for v in parts[2:6])
        if parts[0] == "narration":
            box = rect
        elif parts[0] == "insight" and parts[1] != "0":
            marks.append(int(parts[1]))
        elif parts[0] == "text" and box:
            x, y = rect[0], rect[1]
            if box[0] - 1 <= x < box[0] + box[2] and box[1] - 1 <= y < box[1] + box[3]:
                texts.append((parts[1] == "1", parts[6] if len(parts) > 6 else ""))
    shot.chip = chip(rep)
    return [t for _, t in texts], any(cut for cut, _ in texts), marks


def window_keys(looplab, tmp, lesson, keys):
    """The real window on `lesson`, after `keys`: (events after each, last report)."""
    report = os.path.join(tmp, "w.txt")
    steps = ["runs:1"] + sum([["key:" + k, "frames:2", "status"] for k in keys], []) + ["report:" + report,
                                                                                        "key:ctrl+q"]
    env = dict(os.environ, LOOPLAB_TEST_INPUT=" ".join(steps), SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               XDG_STATE_HOME=tmp)
    p = subprocess.run([looplab, f"scenarios/{lesson}.py"], cwd=REPO, capture_output=True, text=True, env=env,
                       timeout=120)
    events = [int(m.group(1)) for m in re.finditer(r"status event=(\d+)/", p.stdout)]
    shown = open(report, encoding="utf-8").read() if os.path.exists(report) else ""
    return events, shown


def reached(found, lesson, at):
    """The numbers (1-based, report order) of the findings the learner has
    reached at `at`: ended by then, and no question still to come about it."""
    held = [(k, ln) for les, k, ln, t in QUESTIONS if les == lesson and t > at]
    return [i + 1 for i, f in enumerate(found) if f["t1"] <= at and (f["kind"], f["line"]) not in held]


def check_count(looplab, tmp, lesson, found, at):
    texts, _, marks = shot(looplab, tmp, lesson, at, SIZES[0])
    want = reached(found, lesson, at)
    n = len(want)
    words = None if n == 0 else f"\u2691 {n} insight{'' if n == 1 else 's'}  \u00b7  I"
    check(f"{lesson} at {at} s: the top bar counts the {n} finding(s) reached", texts is not None and
          shot.chip == words, (shot.chip, words))
    check(f"{lesson} at {at} s: the timeline marks only those", sorted(set(marks)) == want, (marks, want))


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    looplab = os.path.abspath(argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        for lesson, at, kind, line, before in MOMENTS:
            name = f"{lesson} {kind}@{line}"
            found = findings(looplab, lesson)
            same = [f for f in found if f["kind"] == kind and (line == 0 or f["line"] == line)]
            check(f"{name}: the run has this finding", len(same) == 1, [(f["kind"], f["line"]) for f in found])
            if len(same) != 1:
                continue
            f = same[0]
            number = found.index(f) + 1
            for size in SIZES:
                texts, cut, marks = shot(looplab, tmp, lesson, at, size)
                if texts is None:
                    check(f"{name} at {at} s, {size}: drawn", False)
                    continue
                shown = squash(" ".join(texts))
                want = [f"Insight: {HEADINGS[kind]}", squash(f["summary"]), "INSIGHTS (key I)"]
                if f["file"]:
                    want.append(f"{os.path.basename(f['file'])}:{f['line']}")
                if f["cost"] > 0:
                    want.append("cost %.3f s" % f["cost"])
                missing = [w for w in want if w not in shown]
                check(f"{name} at {at} s, {size}: the lesson shows it", not missing, (missing, shown))
                check(f"{name} at {at} s, {size}: nothing in the lesson is cut", not cut, texts)
                check(f"{name} at {at} s, {size}: its span is marked", number in marks, marks)
            texts, _, _ = shot(looplab, tmp, lesson, before, SIZES[0])
            check(f"{name}: not yet at {before} s",
                  texts is not None and squash(f["summary"]) not in squash(" ".join(texts)), texts)
            for t in (before, at):
                check_count(looplab, tmp, lesson, found, t)
        for lesson, _, _, t in QUESTIONS:
            check_count(looplab, tmp, lesson, findings(looplab, lesson), t - 0.5)
        events, shown = window_keys(looplab, tmp, "14_mistakes_calling", ["i", "1"])
        check("14_mistakes_calling at its start: the key 1 in the INSIGHTS panel jumps nowhere (nothing listed)",
              len(events) == 2 and events[0] == events[1] and " INSIGHTS" in shown, (events, shown[-300:]))
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
