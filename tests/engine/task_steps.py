"""task_steps.py - each task's steps, in the trace, against CPython.

A task's step is said by the RUN record of the handle that runs it (its
arg names the task: trace.h), with no TASK_STEP record after it. The
witness is real python3.11: the same program on CPython's own loop, its
tasks made as asyncio's pure-Python Task with Task.__step wrapped to count
each task's steps. looplab's raw trace (--raw-trace) must give every task
as many steps as CPython takes, by the task's name, and hold no TASK_STEP
record; both with the loop's own handles and in debug mode (whose handles
are asyncio's classes, recorded by the Python layer).
Usage: task_steps.py LOOPLAB PYTHON
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from known_calls import read_raw, trace_format  # noqa: E402 (the raw trace's reader)

PROGRAM = """\
import asyncio
import sys


async def ticker(n):
    for i in range(n):
        await asyncio.sleep(0.1 * i)


async def ping(q_in, q_out, n):
    for i in range(n):
        await q_out.put(i)
        await q_in.get()


async def forever():
    await asyncio.sleep(10)


async def main():
    asyncio.current_task().set_name("main")
    a = asyncio.create_task(ticker(3), name="ticker3")
    b = asyncio.create_task(ticker(5), name="ticker5")
    q1, q2 = asyncio.Queue(), asyncio.Queue()
    p = asyncio.create_task(ping(q1, q2, 4), name="ping")
    r = asyncio.create_task(ping(q2, q1, 4), name="pong")
    f = asyncio.create_task(forever(), name="forever")
    await asyncio.gather(a, b)
    f.cancel()
    for _ in range(3):
        await asyncio.sleep(0)
    await asyncio.wait([p, r], timeout=1)
    try:
        await asyncio.wait_for(forever(), 0.2)
    except asyncio.TimeoutError:
        print("timed out")
    print("done")


asyncio.run(main(), debug=len(sys.argv) > 1)
"""

# Runs the program on CPython with pure-Python tasks; prints each task's steps to stderr.
WITNESS = """\
import sys
import asyncio.tasks as tasks
steps = {}
plain = tasks._PyTask._Task__step
def step(self, exc=None):
    steps[self] = steps.get(self, 0) + 1
    return plain(self, exc)
tasks._PyTask._Task__step = step
tasks.Task = tasks._PyTask
prog = sys.argv[1]
sys.argv = sys.argv[1:]
exec(compile(open(prog).read(), prog, "exec"), {"__name__": "__main__"})
for task, n in steps.items():
    sys.stderr.write("STEPS %s %d\\n" % (task.get_name(), n))
"""


def steps_in_trace(records, strings, kinds):
    """({task name: steps} from the RUN records that name a task, TASK_STEP records seen)."""
    names, steps, task_steps = {}, {}, 0
    for kind, subject, small, arg in records:
        if kind == kinds["TASK_NEW"]:
            names[subject] = strings[arg & 0xFFFFFFFF]
        elif kind == kinds["TASK_NAME"]:
            names[subject] = strings[arg]
        elif kind == kinds["RUN"] and arg:
            steps[arg] = steps.get(arg, 0) + 1
        elif kind == kinds["TASK_STEP"]:
            task_steps += 1
            steps[subject] = steps.get(subject, 0) + 1
    return {names.get(t, "?%d" % t): n for t, n in steps.items()}, task_steps


def main(argv):
    looplab, python = argv[1], argv[2]
    kinds, _ = trace_format()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "steps.py")
        witness = os.path.join(tmp, "witness.py")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        with open(witness, "w") as f:
            f.write(WITNESS)
        for mode, extra in (("plain", []), ("debug", ["debug"])):
            raw = os.path.join(tmp, mode + ".raw")
            ref = subprocess.run([python, "-I", witness, prog] + extra, capture_output=True, text=True,
                                 timeout=60)
            ours = subprocess.run([looplab, "run", "--raw-trace", raw, prog] + extra, capture_output=True,
                                  text=True, timeout=60)
            if ref.returncode or ours.returncode or ref.stdout != ours.stdout:
                failures.append("%s: runs differ: %r / %r" % (
                    mode, (ref.returncode, ref.stdout, ref.stderr[-300:]),
                    (ours.returncode, ours.stdout, ours.stderr[-300:])))
                continue
            expected = {}
            for line in ref.stderr.splitlines():
                if line.startswith("STEPS "):
                    name, n = line[6:].rsplit(" ", 1)
                    expected[name] = int(n)
            got, task_steps = steps_in_trace(*read_raw(raw), kinds)
            if got != expected:
                failures.append("%s: steps by task\n  CPython: %s\n  looplab: %s"
                                % (mode, sorted(expected.items()), sorted(got.items())))
            if task_steps:
                failures.append("%s: %d TASK_STEP records (each step is its RUN's)" % (mode, task_steps))
            if len(expected) < 9 or sum(expected.values()) < 25:
                failures.append("%s: the program makes too few steps to tell: %s" % (mode, expected))
            print("%s: %d tasks, %d steps, as CPython's; %d TASK_STEP records"
                  % (mode, len(got), sum(got.values()), task_steps))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
