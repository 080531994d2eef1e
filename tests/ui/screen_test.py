"""screen_test.py - `looplab shot` of real scenarios, checked for what must
be on screen: the frozen loop during a time.sleep with its overdue timers,
one ready card per ready task step, a timer bar for each sleeping task, an
error with its line, every size from 1024x640 to 4K. Each shot's frame is
read back through `shot --report` (what the frame was drawn from) and its
pixels from the PNG itself.
Usage: screen_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pngread  # noqa: E402

LOOPLAB = os.path.abspath(sys.argv[1])
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def read_png(path):
    """(width, height, pixel) where pixel(x, y) is the (r, g, b) at x, y."""
    width, height, rows = pngread.read(path)  # RGBA rows
    return width, height, lambda x, y: tuple(rows[y][x * 4:x * 4 + 3])


def shot(tmp, program, at, size=None):
    out = os.path.join(tmp, "shot.png")
    report = os.path.join(tmp, "shot.txt")
    args = [LOOPLAB, "shot", program, "--at", str(at), "--out", out, "--report", report]
    if size:
        args += ["--size", size]
    p = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        return p.returncode, p.stderr, [], None
    items = []
    with open(report) as f:
        for line in f:
            parts = line.rstrip("\n").split(" ", 6)
            tag, ident = parts[0], int(parts[1])
            x, y, w, h = (float(v) for v in parts[2:6])
            items.append((tag, ident, (x, y, w, h), parts[6] if len(parts) > 6 else ""))
    return 0, p.stderr, items, out


def tags(items, tag):
    return [i for i in items if i[0] == tag]


def texts(items):
    return [i[3] for i in items if i[0] == "text"]


def reddish(rgb):
    r, g, b = rgb
    return r > 90 and r > g + 30 and r > b + 30


BLOCKED = '''import asyncio, time
async def worker(i):
    await asyncio.sleep(1 + i / 10)
    print("worker", i)
async def main():
    tasks = [asyncio.create_task(worker(i)) for i in range(5)]
    time.sleep(0.5)
    await asyncio.gather(*tasks)
asyncio.run(main())
'''

SYNTAX = '''import asyncio
async def main(:
    pass
'''

with tempfile.TemporaryDirectory() as tmp:
    # the blocking call: frozen loop, overdue timers, the line lit, red on screen
    rc, err, items, png = shot(tmp, "tests/scenarios/blocking_sleep_late_timers.py", 1.25)
    check("shot exits 0", rc == 0, err)
    check("frozen loop shown during time.sleep", len(tags(items, "frozen")) == 1, items[:5])
    check("LOOP FROZEN written", "LOOP FROZEN" in texts(items))
    check("the two timers due at 0.5 and 1.0 are overdue", len(tags(items, "overdue")) == 2,
          tags(items, "overdue"))
    check("the timer due at 2.5 still drains", len(tags(items, "timer_bar")) == 1, tags(items, "timer_bar"))
    check("the blocking line (21) is lit in the source", [i[1] for i in tags(items, "src_current")] == [21],
          tags(items, "src_current"))
    check("the clock shows the time asked", "t = 1.250 s" in texts(items))
    check("the worker lane shows its job", len(tags(items, "lane_job")) == 1)
    if png:
        w, h, pixel = read_png(png)
        check("PNG is 1600x900", (w, h) == (1600, 900), (w, h))
        fx, fy, fw, fh = tags(items, "frozen")[0][2]
        red = sum(reddish(pixel(int(fx + fw * k / 20), int(fy + 1))) for k in range(1, 20))
        check("the frozen box is drawn red", red >= 15, red)
        cx, cy, cw, ch = tags(items, "tl_cursor")[0][2] if tags(items, "tl_cursor") else (0, 0, 0, 0)
        white = [pixel(x, int(cy + ch / 2)) == (255, 255, 255) for x in range(int(cx) - 1, int(cx + cw) + 1)]
        check("the timeline cursor is drawn white", cw > 0 and any(white), (cx, cy))

    # five new tasks' first steps wait in the ready queue while the loop is blocked
    program = os.path.join(tmp, "blocked.py")
    with open(program, "w") as f:
        f.write(BLOCKED)
    rc, err, items, png = shot(tmp, program, 0.25)
    cards = sorted(i[1] for i in tags(items, "ready_card"))
    check("five ready cards, one per task step, in order", cards == [2, 3, 4, 5, 6], cards)
    check("frozen while they wait", len(tags(items, "frozen")) == 1)
    rc, err, items, png = shot(tmp, program, 0.75)
    check("then five sleeping tasks: five timer bars", len(tags(items, "timer_bar")) == 5,
          tags(items, "timer_bar"))
    check("and five waiting cards plus main", len(tags(items, "wait_card")) == 6, tags(items, "wait_card"))
    check("no frozen box once the loop is free", not tags(items, "frozen"))
    check("console empty before the first print", "console_line" not in [i[0] for i in items])
    rc, err, items, png = shot(tmp, program, 2.0)
    check("console lines come with time and task", len(tags(items, "console_line")) == 5,
          tags(items, "console_line"))

    # threads: CPU shares under the GIL, waits on a lock, a wake-up arrow
    wide = "2560x1440"                  # room for the threads' whole lines
    rc, err, items, png = shot(tmp, "tests/scenarios/gil_two_threads.py", 2.0, wide)
    check("two threads computing: two CPU bars", len(tags(items, "thread_cpu")) == 2, tags(items, "thread_cpu"))
    check("each computes at half a CPU",
          sum("(crunch) \u00b7 computes, 50% CPU" in t for t in texts(items)) == 2,
          [t for t in texts(items) if "computes" in t])
    rows = {i[1]: i[2] for i in tags(items, "lane_job")}
    halves = [cpu[2] / rows[serial][2] for _, serial, cpu, _ in tags(items, "thread_cpu") if serial in rows]
    check("each bar is half full: 0.5 s of its 1 s done", len(halves) == 2 and all(0.45 < h < 0.55 for h in halves),
          halves)
    check("the timeline names the threads' lanes with what they do",
          sum(t.startswith("thread \u00b7 computes") for t in texts(items)) == 2,
          [t for t in texts(items) if t.startswith("thread")])
    rc, err, items, png = shot(tmp, "tests/scenarios/threads_lock_across_sleep.py", 0.1, wide)
    check("two threads wait for the lock, the loop thread for them", len(tags(items, "thread_wait")) == 3,
          tags(items, "thread_wait"))
    check("what they wait in, and the line",
          sum("waits in Lock.acquire() \u00b7 line 12" in t for t in texts(items)) == 2,
          [t for t in texts(items) if "waits" in t])
    rc, err, items, png = shot(tmp, "tests/scenarios/threads_lock_across_sleep.py", 0.2, wide)
    check("a release draws an arrow to the thread it woke", len(tags(items, "wake_arrow")) == 1,
          tags(items, "wake_arrow"))
    rc, err, items, png = shot(tmp, "tests/scenarios/threads_lock_across_sleep.py", 0.3, wide)
    check("no arrow once the moment has passed", not tags(items, "wake_arrow"))

    # a queue: every sleeping task has a timer bar
    rc, err, items, png = shot(tmp, "tests/scenarios/queue_producer_consumer.py", 0.3)
    waiting_on_sleep = 4
    check("queue: a timer bar per sleeping task", len(tags(items, "timer_bar")) == waiting_on_sleep,
          tags(items, "timer_bar"))
    check("queue: each task marked in the source", len(tags(items, "src_marker")) == 5, tags(items, "src_marker"))

    # errors stay in the window, with their line
    rc, err, items, png = shot(tmp, "tests/scenarios/uncaught_exit1.py", 10)
    check("an uncaught exception is shown", len(tags(items, "error")) == 1 and tags(items, "error")[0][1] == 7,
          tags(items, "error"))
    check("the error names the exception", any("ZeroDivisionError" in t for t in texts(items)))
    program = os.path.join(tmp, "syntax.py")
    with open(program, "w") as f:
        f.write(SYNTAX)
    rc, err, items, png = shot(tmp, program, 0)
    check("a syntax error: shot still draws", rc == 0, err)
    check("a syntax error is shown with its line", any("SyntaxError" in t for t in texts(items))
          and any(i[1] == 2 for i in tags(items, "error")), tags(items, "error"))
    rc, err, items, png = shot(tmp, "tests/scenarios/deadlock_event.py", 100)
    check("a deadlock is shown", any("deadlock" in t for t in texts(items)), texts(items)[-5:])

    # a lesson: its title, and its question's choices as buttons
    rc, err, items, png = shot(tmp, "scenarios/09_blocking_call.py", 2.0)
    check("a lesson shows its title", "A blocking call freezes the whole loop" in texts(items), texts(items)[:8])
    check("its question's three choices are buttons", [i[1] for i in tags(items, "choice")] == [1, 2, 3],
          tags(items, "choice"))

    # any size: panels inside, text inside
    for size in ("1024x640", "3840x2160"):
        rc, err, items, png = shot(tmp, "tests/scenarios/queue_producer_consumer.py", 0.3, size)
        w, h = (int(v) for v in size.split("x"))
        outside = [i for i in items if i[0] == "text" and (i[2][0] < 0 or i[2][1] < 0 or
                                                           i[2][0] + i[2][2] > w + 0.5 or i[2][1] + i[2][3] > h + 0.5)]
        check(f"{size}: every text inside the window", rc == 0 and not outside, outside[:3])
        if png:
            pw, ph, _ = read_png(png)
            check(f"{size}: PNG of that size", (pw, ph) == (w, h), (pw, ph))

    rc = subprocess.run([LOOPLAB, "shot", "nope.py", "--at", "0", "--out", os.path.join(tmp, "x.png")],
                        capture_output=True, text=True).returncode
    check("a missing file exits 2", rc == 2, rc)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
