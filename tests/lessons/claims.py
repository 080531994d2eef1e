"""claims.py - every lesson proves what it says it proves, under both runners.

For every lesson in scenarios/ (files NN_*.py):
  1. its narration parses and every moment it is anchored to happens in the
     run (lesson_moments FILE exits 0: no "never", no expectation failing);
  2. `looplab run --stamp FILE` shows the lesson's key claim, checked below
     on its output (the conformance test separately checks that the output
     equals the reference runner's).
plain_python.py checks the same claims on what real python3.11 prints
(Run(..., plain=True)): the lessons print times from their own start, so
the same lines come out, with real timings a little late. There a number
in a claim matches a printed one from 0.02 below to 0.4 above; a few claims
that need a quiet machine (CPU work timed on a busy one) are checked in
their plain form (see lesson_08 and lesson_15).

Usage: claims.py LOOPLAB LESSON_MOMENTS
Prints one line per lesson; exits 1 if any failed.
"""
import os
import re
import sys

from lessons import names, report, run

STAMP = re.compile(r"^\[\s*(\d+\.\d{3})\] (.*)$")
NUMBER = re.compile(r"\d+\.\d+")
# how far a real run's printed number may be from the virtual one
EARLY, LATE = 0.02, 0.4


class Run:
    """The output of one run, as lines of text. looplab's is stamped
    (--stamp); real python's is not, and its numbers match loosely."""

    def __init__(self, stdout, stderr, plain=False):
        self.stderr, self.plain = stderr, plain
        self.lines = []
        for raw in stdout.splitlines():
            if plain:
                self.lines.append(raw)
                continue
            m = STAMP.match(raw)
            if not m:
                raise AssertionError("unstamped line %r" % raw)
            self.lines.append(m.group(2))

    def _matches(self, line, text):
        if not self.plain:
            return text in line
        parts = NUMBER.split(text)
        numbers = [float(n) for n in NUMBER.findall(text)]
        pattern = r"(\d+\.\d+)".join(re.escape(p) for p in parts)
        for m in re.finditer(pattern, line):
            got = [float(g) for g in m.groups()]
            if all(w - EARLY <= g <= w + LATE for w, g in zip(numbers, got)):
                return True
        return False

    def find(self, text):
        """Index of the first line containing text; fails if none."""
        for i, line in enumerate(self.lines):
            if self._matches(line, text):
                return i
        raise AssertionError("no line contains %r" % text)

    def has(self, text):
        return any(self._matches(line, text) for line in self.lines)

    def seconds(self, text):
        """The time a line containing `text` prints ("... at 4.0 s")."""
        line = self.lines[self.find(text)]
        m = re.search(r" at (\d+\.\d+) s", line)
        if not m:
            raise AssertionError("%r prints no time" % line)
        return float(m.group(1))

    def number(self, prefix):
        """The first number printed after `prefix` on its line."""
        for line in self.lines:
            if prefix in line:
                m = NUMBER.search(line, line.index(prefix) + len(prefix))
                if m:
                    return float(m.group(0))
        raise AssertionError("no line has %r and a number after it" % prefix)

    def before(self, first, second):
        check(self.find(first) < self.find(second), "%r should come before %r" % (first, second))


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# One function per lesson: the claim the lesson is about.
def lesson_01(r):
    check(r.has("in sequence: 2.00 s"), "two sequential one-second waits take 2.00 s")
    check(r.has("together: 1.00 s"), "the same waits gathered take 1.00 s")
    check(r.has("got c at 3.00 s") and r.has("got d at 3.00 s"), "both gathered downloads end at once")
    check(r.has("longest wins: 3.00 s"), "waits of 1, 2, 3 s gathered take the longest, 3.00 s")


def lesson_02(r):
    r.before("made a coroutine, nothing brewed yet", "brewing tea")
    check(not r.has("brewing coffee"), "a coroutine never awaited never runs")
    check("coroutine 'brew' was never awaited" in r.stderr, "Python warns about it")


def lesson_03(r):
    steps = [line for line in r.lines if " step " in line]
    check(steps == ["A step 0", "B step 0", "A step 1", "B step 1", "A step 2", "B step 2"],
          "each await hands the turn to the other task: %r" % steps)
    check(r.has("awaited a future: 42 at 0.50 s"), "the future is filled by the 0.5 s timer")


def lesson_04(r):
    check(r.has("nested asyncio.run refused: asyncio.run() cannot be called from a running event loop"),
          "asyncio.run refuses to nest")
    check(r.has("the first loop is closed=True"), "asyncio.run closes its loop")
    check(r.has("second: running on a loop, closed=False"), "the second run has a loop of its own")
    check(r.has("two runs, two loops: True"), "each asyncio.run makes a new loop")


def lesson_05(r):
    check(r.has("results: ['slow', 'quick', 'medium']"), "results in the order given")
    raised = r.seconds("gather raised at")
    check(r.has("gather raised at 3.5 s: B broke"), "gather raises as soon as B fails")
    check(r.seconds("A finished") > raised and r.seconds("C finished") > raised,
          "the siblings keep running after gather raised")
    check(r.has("results: ['D', ValueError('E broke')]"), "return_exceptions collects the error")
    check(r.has("TaskGroup raised at 7.0 s: (ValueError('G broke'),)"), "a TaskGroup raises an ExceptionGroup")
    check(not r.has("F finished"), "a TaskGroup cancels the rest")


def lesson_06(r):
    r.before("main carries on", "clock: tick 0")
    check(r.has("clock: tick 0 at 0.0 s"), "the task starts at the loop's next turn, not later")
    check(r.has("spinner cancelled at 5.5 s"), "cancel() ends the task at once")
    check(r.has("spinner.cancelled() is True"), "a cancelled task reads as cancelled")
    check(not r.has("spinner: tick 3"), "the cancelled task stops ticking")


def lesson_07(r):
    check(r.has("query: cancelled at 2.00 s, rolling back"), "the cleanup runs when the timer fires")
    r.before("query: cancelled at", "query: connection released at")
    r.before("query: connection released at 2.00 s", "wait_for gave up at 2.00 s")
    check(not r.has("query: answered"), "the query is cancelled, never answered")
    check(r.has("block: first done at 3.00 s") and r.has("timeout block gave up at 3.50 s"),
          "asyncio.timeout bounds the whole block")
    check(not r.has("block: second done"), "the second step is cut off")


def two_free_cores():
    """Whether this machine has two cores to spare now (lesson 8's question)."""
    try:
        return (os.cpu_count() or 1) >= 2 and os.getloadavg()[0] <= (os.cpu_count() or 1) - 2
    except OSError:
        return False


def lesson_08(r):
    on_loop, threads = r.number("two jobs on the loop:"), r.number("two jobs in threads:")
    first = r.find("two jobs on the loop")
    threads_at = r.find("two jobs in threads")
    late = re.search(r", (\d+\.\d+) s late", r.lines[first + 1])  # the beat after the work
    beats = [line for line in r.lines[first + 2:threads_at] if "heartbeat" in line]
    if not r.plain:
        check(on_loop == 2.0, "CPU work on the loop adds up: %r" % on_loop)
        check(r.has("heartbeat at 2.00 s, 1.50 s late"), "the heartbeat is late while the loop computes")
        check(threads == 2.0, "two CPU-bound threads take twice as long (GIL): %r" % threads)
        check(beats and not any("late" in b for b in beats), "the loop stays responsive with threads")
        check(r.has("two jobs in processes: 1.00 s"), "a process pool overlaps them")
        return
    # Real CPU work on a machine shared with others: times only grow. Each
    # job is a second of CPU (sim.cpu, calibrated on CPU time), so two that
    # take turns cannot finish in much less than two seconds.
    check(on_loop >= 1.8, "CPU work on the loop adds up: %r" % on_loop)
    check(late and float(late.group(1)) >= 1.2, "the heartbeat is late while the loop computes: %r"
          % r.lines[first + 1])
    check(threads >= 1.8, "two CPU-bound threads take about twice as long as one (GIL): %r" % threads)
    check(len(beats) >= 5 and max(lateness(b) for b in beats) < 0.3,
          "the loop keeps beating on time while the threads compute: %r" % beats)
    if two_free_cores():
        processes = r.number("two jobs in processes:")
        check(processes <= 1.5, "with two free cores a process pool overlaps them: %r" % processes)
    else:
        check(r.has("two jobs in processes:"), "the process pool runs the jobs")


def lateness(line):
    """How late a line says something came: "..., 0.75 s late" -> 0.75; 0 if on time."""
    m = re.search(r", (\d+\.\d+) s late", line)
    return float(m.group(1)) if m else 0.0


def lesson_09(r):
    if r.plain:  # on a busy machine "on time" may read "0.06 s late": far from 1.50 s
        for alarm in ("first alarm: due 2.60 s, rang at 2.60 s", "second alarm: due 3.10 s, rang at 3.10 s"):
            check(lateness(r.lines[r.find(alarm)]) < 0.3, "with to_thread the timers are on time")
    else:
        check(r.has("first alarm: due 2.60 s, rang at 2.60 s, on time") and
              r.has("second alarm: due 3.10 s, rang at 3.10 s, on time"),
              "with to_thread the timers are on time")
    check(r.has("first alarm: due 0.50 s, rang at 2.00 s, 1.50 s late") and
          r.has("second alarm: due 1.00 s, rang at 2.00 s, 1.00 s late"),
          "timers come due late while time.sleep blocks the loop")
    check(r.has("worker finished at 4.10 s"), "the worker's sleep still takes its 2 s")


def lesson_10(r):
    check(r.has("async client: 1.00 s for 3 pages"), "the async client overlaps")
    check(r.has("blocking client: 3.00 s for 3 pages"), "the blocking client adds up")
    check(r.has("blocking client in threads: 1.00 s for 3 pages"), "threads overlap blocking calls")


def lesson_11(r):
    boiler = [line for line in r.lines if "boiler#" in line]
    check(len(boiler) == 3 and all(r._matches(line, want) for line, want in
                                   zip(boiler, ["0.50 s  boiler#0", "1.00 s  boiler#1", "1.50 s  boiler#2"])),
          "async for gets each value in time: %r" % boiler)
    r.before("fan#0", "door#0")
    if not r.plain:  # 2.25 s against 2.30 s: in real time, drift may swap them
        r.before("fan#2", "door#1")
    check(r.has("2.30 s  door#1"), "the two streams overlap")
    check(r.has("an async comprehension: [0, 1, 4, 9]"), "async comprehensions work")


def lesson_12(r):
    check(r.has("db: connected at 0.50 s"), "__aenter__ awaits its setup")
    r.before("cache: closing (KeyError)", "caught KeyError('missing') after the connection closed")
    r.before("shop: ROLLBACK", "transaction failed: out of stock")
    r.before("transaction failed: out of stock", "shop: closing (no error)")


def lesson_13(r):
    counts = [int(m.group(1)) for line in r.lines for m in [re.search(r"(\d+) running", line)] if m]
    check(counts and max(counts) == 2, "never more than 2 at a time: %r" % counts)
    check(r.has("start  2 at 1.00 s"), "the third waits for a permit")
    check(r.has("5 downloads, 2 at a time: 3.00 s"), "five one-second jobs, two at a time: 3 s")


def lesson_14(r):
    check(not r.has("saved order 17"), "a call without await saves nothing")
    check("coroutine 'save' was never awaited" in r.stderr, "Python warns about save")
    r.before("main goes on at", "saved order 20")
    check(r.has("saved order 21"), "gather without await still runs its tasks")
    check("coroutine 'main' was never awaited" in r.stderr, "and about main() without asyncio.run")
    check(r.has("SyntaxError: 'await' outside async function"), "await in a def is a SyntaxError")
    check(r.has("SyntaxError: 'await' outside function"), "await at the top is a SyntaxError")


def lesson_15(r):
    check(r.has("sleep tick at 1.00 s, 0.75 s late"), "time.sleep in a coroutine makes the ticker late")
    if r.plain:  # a second of real CPU work: at least 0.75 s late, more on a busy machine
        check(r.number("cpu tick at") >= 2.2 and "s late" in r.lines[r.find("cpu tick at")],
              "CPU work in a coroutine makes the ticker late")
    else:
        check(r.has("cpu tick at 2.25 s, 0.75 s late"), "CPU work in a coroutine makes the ticker late")
    check(r.has("stubborn: caught the cancellation at"), "a bare except catches the cancellation")
    check(r.has("after cancel(): stubborn done? False"), "the task keeps running")
    check(r.has("stubborn finished all 4 rounds"), "the cancellation was lost")
    r.before("stubborn finished all 4 rounds", "the fix:")
    check(r.has("polite: cleaning up at") and not r.has("polite: CancelledError"),
          "except Exception lets the cancellation through, finally cleans up")
    check(r.has("after cancel(): polite cancelled? True"), "the task ends, cancelled")


CLAIMS = {name: fn for name, fn in globals().items() if name.startswith("lesson_")}


def claim(name, stdout, stderr, plain=False):
    """None if the lesson's claim holds on this output, else what failed."""
    key = "lesson_" + name[:2]
    if key not in CLAIMS:
        return "no claim written for this lesson (add %s to tests/lessons/claims.py)" % key
    try:
        CLAIMS[key](Run(stdout, stderr, plain))
    except AssertionError as e:
        return "claim failed: %s" % e
    return None


def check_lesson(looplab, moments, name):
    path = os.path.join("scenarios", name)
    status, out, err = run([moments, path])
    if status != 0:
        return "its moments:\n" + out + err
    status, out, err = run([looplab, "run", "--stamp", path])
    if status != 0:
        return "exit status %d\n%s" % (status, err)
    return claim(name, out, err)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    looplab, moments = (os.path.abspath(a) for a in argv[1:3])
    lessons = names()
    return report(lessons, [check_lesson(looplab, moments, n) for n in lessons])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
