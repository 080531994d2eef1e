"""truth_test.py - the window tells the truth: what it draws is what the loop does.

1. Every lesson (scenarios/NN_*.py) and every bundled scenario
   (tests/scenarios/*.py) is run as the window runs it (`looplab run
   --raw-trace`), and tools/truth_scan.c builds the window's frame after
   every single event of the run (no sampling: a frame is a list of drawing
   commands, built without SDL in well under a millisecond). No frame may
   show lesson markup ("#:"), a question's choices or explanation before the
   question is reached, internal numbering ("callback #2", "timer #3") or a
   location with no line ("line 0"); at each question's checkpoint the
   question itself must be on screen without its answer. A location in
   another file ("sim.py:53") is clicked: SOURCE shows that file, read
   only, and Esc brings the program back.
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
        m = re.search(r"(\d+) frames, (\d+) questions asked, (\d+) locations clicked", last)
        check("%s: every frame tells the truth (%s)" % (path, m.group(0) if m else "?"),
              p.returncode == 0 and m and int(m.group(1)) > 1, p.stdout[-3000:] + p.stderr[-500:])
        if path.startswith("scenarios/") and "ask " in open(path).read():
            check("%s: its questions were asked" % path, m and int(m.group(2)) > 0, last)
        if path in ("scenarios/01_sequence_vs_together.py", "scenarios/09_blocking_call.py"):
            check("%s: a location in another file was clicked and shown" % path, m and int(m.group(3)) > 0, last)


def frames(tmp, source, name):
    """[(index, kind, time, narration text, loop panel text)] after each event
    of the program `source`, as the window draws them (truth_scan --narration)."""
    program = os.path.join(tmp, name + ".py")
    with open(program, "w") as f:
        f.write(source)
    raw = os.path.join(tmp, name + ".raw")
    subprocess.run([LOOPLAB, "run", "--raw-trace", raw, program], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=120)
    p = subprocess.run([SCAN, program, raw, "--narration"], capture_output=True, text=True, timeout=120)
    out = []
    for line in p.stdout.splitlines():
        head, narration, loop = (line.split("\t") + ["", ""])[:3]
        index, kind, time = head.split(" ")
        out.append((int(index), kind, float(time), narration, loop))
    return out


def said(fs, kind):
    """The narrations drawn right after each event of `kind`."""
    return [f[3] for f in fs if f[1] == kind]


def shot_texts(tmp, source, at):
    """The texts `looplab shot --report` draws at virtual time `at`."""
    program = os.path.join(tmp, "shot_prog.py")
    with open(program, "w") as f:
        f.write(source)
    out, report = os.path.join(tmp, "shot.png"), os.path.join(tmp, "shot.txt")
    p = subprocess.run([LOOPLAB, "shot", program, "--at", str(at), "--out", out, "--report", report],
                       capture_output=True, text=True, timeout=120)
    texts = []
    if p.returncode == 0:
        with open(report) as f:
            for line in f:
                parts = line.rstrip("\n").split(" ", 6)
                if parts[0] == "text" and len(parts) == 7:
                    texts.append(parts[6])
    return " | ".join(texts)


WAIT_FOR = """import asyncio

async def work():
    await asyncio.sleep(5)

async def main():
    try:
        await asyncio.wait_for(work(), 1)
    except TimeoutError:
        print("timed out")

asyncio.run(main())
"""

WAIT = """import asyncio

async def main():
    t = asyncio.create_task(asyncio.sleep(5))
    done, pending = await asyncio.wait({t}, timeout=1)
    print(len(done), len(pending), t.cancelled())
    t.cancel()

asyncio.run(main())
"""

TIMEOUT_BLOCK = """import asyncio

async def main():
    try:
        async with asyncio.timeout(1):
            await asyncio.sleep(5)
    except TimeoutError:
        print("timed out")

asyncio.run(main())
"""

TWO_BLOCKS = """import asyncio
import time

async def main():
    asyncio.get_running_loop().call_later(0.5, print, "timer")
    time.sleep(1)
    time.sleep(1)
    await asyncio.sleep(0)
    print("after")

asyncio.run(main())
"""

CANCEL_CAUGHT = """import asyncio

async def worker():
    try:
        await asyncio.sleep(5)
    except asyncio.CancelledError:
        print("caught, carrying on")
    await asyncio.sleep(1)
    print("worker still ran")

async def main():
    t = asyncio.create_task(worker())
    await asyncio.sleep(1)
    t.cancel()
    await t

asyncio.run(main())
"""

CANCEL_EARLY = """import asyncio

async def worker():
    print("body ran")

async def main():
    t = asyncio.create_task(worker())
    t.cancel()
    try:
        await t
    except asyncio.CancelledError:
        print("cancelled before it ran")

asyncio.run(main())
"""

ALARMS = """import asyncio

def ring(name):
    print(name, "rings")

async def main():
    loop = asyncio.get_running_loop()
    loop.call_at(loop.time() + 0.5, ring, "first")
    worker = asyncio.create_task(asyncio.sleep(2))
    await asyncio.sleep(1)
    await worker

asyncio.run(main())
"""

THREAD_CPU = """import asyncio

def spin():
    return sum(range(10))

async def main():
    await asyncio.to_thread(spin)

asyncio.run(main())
"""


def sentences(tmp):
    # wait_for: the waiter wakes and cancels its own inner task; it is not cancelled
    fs = frames(tmp, WAIT_FOR, "wait_for")
    t = said(fs, "timeout")
    check("wait_for: one timeout, explained", len(t) == 1, t)
    check("wait_for: the waiter wakes and cancels the inner task, TimeoutError in it",
          t and "main wakes up" in t[0] and "cancels the task wait_for runs" in t[0]
          and "raises TimeoutError in main" in t[0] and "main itself is not cancelled" in t[0], t)
    check("wait_for: the waiter's card says wait_for timed out",
          any("wait_for timed out" in f[4] for f in fs if f[1] == "timeout"), [f[4] for f in fs if f[1] == "timeout"])
    c = said(fs, "task_cancel")
    check("wait_for: the inner task (work) is the one cancelled", len(c) == 1 and "Cancellation of work" in c[0], c)
    check("wait_for: its timer is named for what it is",
          any("wait_for sets its timeout" in n for n in said(fs, "call_at")), said(fs, "call_at"))

    # asyncio.wait(timeout=): cancels nothing, raises nothing
    fs = frames(tmp, WAIT, "wait")
    t = said(fs, "timeout")
    check("asyncio.wait: its timeout says nothing is cancelled or raised",
          len(t) == 1 and "Nothing is cancelled and nothing is raised" in t[0] and "TimeoutError" not in t[0], t)
    check("asyncio.wait: the card says it returns",
          any("asyncio.wait timed out" in f[4] for f in fs if f[1] == "timeout"), "")
    timeout_at = [f[0] for f in fs if f[1] == "timeout"]
    cancels = [f for f in fs if f[1] == "task_cancel"]
    check("asyncio.wait: no cancellation until the program's own t.cancel()",
          timeout_at and all(f[0] > timeout_at[0] + 3 for f in cancels), cancels)

    # asyncio.timeout: the current task is cancelled, TimeoutError on leaving the block
    fs = frames(tmp, TIMEOUT_BLOCK, "timeout_block")
    t = said(fs, "timeout")
    check("asyncio.timeout: cancellation of main requested, TimeoutError on leaving the block",
          len(t) == 1 and "cancellation of main is requested" in t[0] and "leaves the async with block" in t[0]
          and "TimeoutError" in t[0], t)
    check("asyncio.timeout: its deadline timer is named",
          any("asyncio.timeout sets its deadline" in n for n in said(fs, "call_at")), said(fs, "call_at"))

    # a blocking call that returns straight into another: no timer runs between
    fs = frames(tmp, TWO_BLOCKS, "two_blocks")
    ends = said(fs, "block_end")
    check("two blocks: two block ends", len(ends) == 2, ends)
    check("two blocks: the first goes straight into another, timers keep waiting",
          ends and "straight into another blocking call" in ends[0] and "run now" not in ends[0], ends[:1])
    check("two blocks: the second lets the timers run at the loop's next turn",
          len(ends) == 2 and "next turn runs the timers" in ends[1], ends[1:])
    frozen = [f[3] for f in fs if "The loop is frozen" in f[3]]
    check("two blocks: the loop is shown frozen", len(frozen) > 0, "")
    repeats = []
    for n in frozen:
        parts = [p.strip() for p in re.split(r"(?<=[.:])\s+", n.replace("WHAT HAPPENS", "")) if len(p.strip()) > 20]
        if len(parts) != len(set(parts)):
            repeats.append(n)
    check("two blocks: WHAT HAPPENS never says one sentence twice during the freeze", not repeats, repeats[:1])

    # a cancellation the task catches: "requested", and the task goes on
    fs = frames(tmp, CANCEL_CAUGHT, "cancel_caught")
    c = said(fs, "task_cancel")
    check("cancel caught: the request is a request that may be caught",
          len(c) == 1 and "Cancellation of worker is requested" in c[0] and "may catch it" in c[0]
          and "worker is cancelled" not in c[0], c)
    check("cancel caught: the card says cancellation requested",
          any("cancellation requested" in f[4] for f in fs if f[1] == "task_cancel"), "")
    done = said(fs, "task_done")
    check("cancel caught: worker finishes by returning, not cancelled",
          any("worker is finished: it returned" in d for d in done), done)

    # a cancellation before the first step: the body never runs
    fs = frames(tmp, CANCEL_EARLY, "cancel_early")
    c = said(fs, "task_cancel")
    check("cancel before the first step: the body never runs",
          len(c) == 1 and "before its first step" in c[0] and "body never runs" in c[0], c)
    outs = [f for f in fs if f[1] == "output"]
    check("cancel before the first step: indeed nothing of the body printed",
          len(outs) == 1, [f[3] for f in outs])

    # cards: a new task, a call_at alarm, a sleep; no numbering
    fs = frames(tmp, ALARMS, "alarms")
    loops = " ".join(f[4] for f in fs)
    check("cards: a call_at alarm reads as a call to ring",
          "ring('first')" in loops and "callback #" not in loops and "timer #" not in loops, "")
    news = [f[4] for f in fs if f[1] == "task_new" and f[0] > 3]
    check("cards: a new task reads 'new · first step queued', not 'line 0'",
          news and "new \u00b7 first step queued" in news[0] and "line 0" not in news[0], news[:1])
    check("cards: a sleep's timer reads 'sleep(1) → wakes main'",
          any("sleep(1) \u2192 wakes main" in f[4] or "wakes main" in f[4] for f in fs), "")
    check("timers: looked at once per turn",
          "once per turn of the loop" in loops and "gets control back" not in loops, "")

    # threads: the model's rule is said to be the model's
    fs = frames(tmp, THREAD_CPU, "thread_cpu")
    j = said(fs, "job_submit")
    check("a thread's start is looplab's model's rule, said so",
          j and "In looplab's model" in j[0] and "the OS decides" in j[0], j)

    # the same words reach the real window's drawing (looplab shot --report)
    texts = shot_texts(tmp, WAIT_FOR, 1.0)
    check("shot: after wait_for's timeout, no sentence calls main cancelled",
          "main is cancelled" not in texts and "the task is cancelled" not in texts, texts[:300])


def main():
    with tempfile.TemporaryDirectory() as tmp:
        sentences(tmp)
        scan_all(tmp)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed else 0)


main()
