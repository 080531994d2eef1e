"""claims.py - every lesson proves what it says it proves.

For every lesson in scenarios/ (files NN_*.py):
  1. its narration parses and every moment it is anchored to happens in the
     run (lesson_moments FILE exits 0: no "never");
  2. `looplab run --stamp FILE` shows the lesson's key claim, checked below
     on the stamped output (the conformance test separately checks that the
     output equals the reference runner's).

Usage: claims.py LOOPLAB LESSON_MOMENTS [--gil]
  --gil  checks instead the claims that need the GIL model (DESIGN.md), not
         built yet: lesson 8's two CPU-bound threads taking 2.00 s. The ctest
         lessons_claims_gil passes while exactly that claim fails; once the
         model lands it fails, and should become an ordinary test.
Prints one line per lesson; exits 1 if any failed.
"""
import os
import re
import sys

from lessons import names, report, run

STAMP = re.compile(r"^\[\s*(\d+\.\d{3})\] (.*)$")


class Run:
    """The stamped output of one run: lines as (time, text)."""

    def __init__(self, status, stdout, stderr):
        self.status, self.stderr = status, stderr
        self.lines = []
        for raw in stdout.splitlines():
            m = STAMP.match(raw)
            if not m:
                raise AssertionError("unstamped line %r" % raw)
            self.lines.append((float(m.group(1)), m.group(2)))

    def find(self, text):
        """Index of the first line containing text; fails if none."""
        for i, (_, line) in enumerate(self.lines):
            if text in line:
                return i
        raise AssertionError("no line contains %r" % text)

    def at(self, text):
        """The virtual time of the first line containing text."""
        return self.lines[self.find(text)][0]

    def has(self, text):
        return any(text in line for _, line in self.lines)

    def before(self, first, second):
        assert self.find(first) < self.find(second), "%r should come before %r" % (first, second)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# One function per lesson: the claim the lesson is about.
def lesson_01(r):
    check(r.has("in sequence: 2.00 s"), "two sequential one-second waits take 2.00 s")
    check(r.has("together: 1.00 s"), "the same waits gathered take 1.00 s")
    check(r.has("longest wins: 3.00 s"), "waits of 1, 2, 3 s gathered take the longest, 3.00 s")


def lesson_02(r):
    r.before("made a coroutine, nothing brewed yet", "brewing tea")
    check(not r.has("brewing coffee"), "a coroutine never awaited never runs")
    check("coroutine 'brew' was never awaited" in r.stderr, "Python warns about it")


def lesson_03(r):
    steps = [line for _, line in r.lines if " step " in line]
    check(steps == ["A step 0", "B step 0", "A step 1", "B step 1", "A step 2", "B step 2"],
          "each await hands the turn to the other task: %r" % steps)
    check(r.at("awaited a future: 42") == 0.5, "the future is filled by the 0.5 s timer")


def lesson_04(r):
    check(r.has("nested asyncio.run refused: asyncio.run() cannot be called from a running event loop"),
          "asyncio.run refuses to nest")
    check(r.has("the first loop is closed=True"), "asyncio.run closes its loop")
    check(r.has("two runs, two loops: True"), "each asyncio.run makes a new loop")


def lesson_05(r):
    check(r.has("results: ['slow', 'quick', 'medium']"), "results in the order given")
    raised = r.at("gather raised at 3.5 s: B broke")
    check(r.at("A finished at 4.0 s") > raised and r.at("C finished at 5.0 s") > raised,
          "the siblings keep running after gather raised")
    check(r.has("results: ['D', ValueError('E broke')]"), "return_exceptions collects the error")
    check(not r.has("F finished"), "a TaskGroup cancels the rest")


def lesson_06(r):
    r.before("main carries on", "clock: tick 0")
    check(r.at("clock: tick 0") == 0.0, "the task starts at the loop's next turn, not later")
    check(r.has("spinner.cancelled() is True"), "a cancelled task reads as cancelled")
    check(not r.has("spinner: tick 3"), "the cancelled task stops ticking")


def lesson_07(r):
    check(r.at("query: cancelled at 2.00 s, rolling back") == 2.0, "the cleanup runs when the timer fires")
    r.before("query: connection released at 2.00 s", "wait_for gave up at 2.00 s")
    check(not r.has("query: answered"), "the query is cancelled, never answered")
    check(r.has("block: first done at 3.00 s") and r.at("timeout block gave up") == 3.5,
          "asyncio.timeout bounds the whole block")


def lesson_08(r):
    check(r.has("two jobs on the loop: 2.00 s"), "CPU work on the loop adds up")
    check(r.has("heartbeat at 2.00 s, 1.50 s late"), "the heartbeat is late while the loop computes")
    threads = r.find("two jobs in threads")
    beats = [line for _, line in r.lines[r.find("two jobs on the loop") + 2:threads] if "heartbeat" in line]
    check(beats and not any("late" in b for b in beats), "the loop stays responsive with threads")
    check(r.has("two jobs in processes: 1.00 s"), "a process pool overlaps them")


def gil_08(r):
    """Lesson 8's claim that needs the GIL model (DESIGN.md): the ctest
    lessons_claims_gil expects exactly this claim to fail until it lands."""
    check(r.has("two jobs in threads: 2.00 s"), "two CPU-bound threads take twice as long (GIL)")


def lesson_09(r):
    check(r.has("first alarm: due 0.50 s, rang at 2.00 s, 1.50 s late") and
          r.has("second alarm: due 1.00 s, rang at 2.00 s, 1.00 s late"),
          "timers come due late while time.sleep blocks the loop")
    check(r.has("first alarm: due 2.60 s, rang at 2.60 s, on time") and
          r.has("second alarm: due 3.10 s, rang at 3.10 s, on time"),
          "with to_thread the timers are on time")
    check(r.has("worker finished at 4.10 s"), "the worker's sleep still takes its 2 s")


def lesson_10(r):
    check(r.has("async client: 1.00 s for 3 pages"), "the async client overlaps")
    check(r.has("blocking client: 3.00 s for 3 pages"), "the blocking client adds up")
    check(r.has("blocking client in threads: 1.00 s for 3 pages"), "threads overlap blocking calls")


def lesson_11(r):
    check([line for _, line in r.lines if "boiler#" in line] ==
          ["0.50 s  boiler#0", "1.00 s  boiler#1", "1.50 s  boiler#2"], "async for gets each value in time")
    r.before("fan#0", "door#0")
    check(r.at("door stream ended") == 2.3, "the two streams overlap")
    check(r.has("an async comprehension: [0, 1, 4, 9]"), "async comprehensions work")


def lesson_12(r):
    check(r.at("db: connected at 0.50 s") == 0.5, "__aenter__ awaits its setup")
    r.before("cache: closing (KeyError)", "caught KeyError('missing') after the connection closed")
    r.before("shop: ROLLBACK", "shop: closing (no error)")


def lesson_13(r):
    counts = [int(m.group(1)) for _, line in r.lines for m in [re.search(r"(\d+) running", line)] if m]
    check(counts and max(counts) == 2, "never more than 2 at a time: %r" % counts)
    check(r.at("start  2") == 1.0, "the third waits for a permit")
    check(r.has("5 downloads, 2 at a time: 3.00 s"), "five one-second jobs, two at a time: 3 s")


def lesson_14(r):
    check(not r.has("saved order 17"), "a call without await saves nothing")
    check("coroutine 'save' was never awaited" in r.stderr, "Python warns about save")
    check("coroutine 'main' was never awaited" in r.stderr, "and about main() without asyncio.run")
    check(r.has("SyntaxError: 'await' outside async function"), "await in a def is a SyntaxError")
    check(r.has("SyntaxError: 'await' outside function"), "await at the top is a SyntaxError")


def lesson_15(r):
    check(r.has("sleep tick at 1.00 s, 0.75 s late"), "time.sleep in a coroutine makes the ticker late")
    check(r.has("cpu tick at 2.25 s, 0.75 s late"), "CPU work in a coroutine makes the ticker late")
    check(r.has("stubborn: caught the cancellation at 4.00 s"), "a bare except catches the cancellation")
    check(r.has("after cancel(): stubborn done? False"), "the task keeps running")
    check(r.has("stubborn finished all 4 rounds"), "the cancellation was lost")
    check(r.has("after cancel(): polite cancelled? True"), "re-raising ends the task, cancelled")


CLAIMS = {name: fn for name, fn in globals().items() if name.startswith("lesson_")}
GIL_CLAIMS = {"lesson_08": gil_08}


def check_lesson(looplab, moments, name, claims=CLAIMS):
    path = os.path.join("scenarios", name)
    key = "lesson_" + name[:2]
    if key not in claims:
        return "no claim written for this lesson (add %s to tests/lessons/claims.py)" % key
    status, out, err = run([moments, path])
    if status != 0:
        return "its moments:\n" + out + err
    status, out, err = run([looplab, "run", "--stamp", path])
    if status != 0:
        return "exit status %d\n%s" % (status, err)
    try:
        claims[key](Run(status, out, err))
    except AssertionError as e:
        return "claim failed: %s" % e
    return None


def main(argv):
    if len(argv) not in (3, 4) or (len(argv) == 4 and argv[3] != "--gil"):
        print(__doc__)
        return 2
    looplab, moments = (os.path.abspath(a) for a in argv[1:3])
    if len(argv) == 4:
        lessons = [n for n in names() if "lesson_" + n[:2] in GIL_CLAIMS]
        return report(lessons, [check_lesson(looplab, moments, n, GIL_CLAIMS) for n in lessons])
    lessons = names()
    return report(lessons, [check_lesson(looplab, moments, n) for n in lessons])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
