"""loops_test.py - a program with an event loop in another thread, on screen:
the loop panels show one thread's loop at a time and say that the other
exists, and where.

Two scenarios (tests/scenarios/tloop_*): a thread's asyncio.run with three
call_later bells beside the main thread's loop, which sleeps; a run_forever
thread fed with run_coroutine_threadsafe by the main thread's loop. What
each loop holds is known from the programs themselves (the bells are the
thread's timers, the main loop's only timer wakes its sleeping task), so the
checks read what the window draws (`looplab shot --report`, and the real
window's report driven by synthetic keys, app/script.h):
  - by default the panels show the main thread's loop: its timers, none of
    the other loop's; its waiting tasks only; a note names the other thread;
  - Shift+L shows the other thread's loop at the same event: its timers in
    firing order, its tasks, none of the main loop's; Shift+L again goes back;
  - THREADS says the thread runs its own loop;
  - WHAT HAPPENS names the loop an event belongs to when it is not the one
    the panels show ("the loop of thread 'bell-thread'"), as the chip does,
    and says "the loop" for the one on screen; a thread that waits in its
    own loop's poll is said to sleep until its loop's next timer; the main
    thread feeding another thread's loop is said to hand it a callback.
Usage: loops_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import os
import re
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BELLS = os.path.join(ROOT, "tests", "scenarios", "tloop_timers_beside_main_loop.py")
FED = os.path.join(ROOT, "tests", "scenarios", "tloop_run_forever_fed_by_main_loop.py")
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def parse(report):
    """The report's tagged commands as (tag, id, text): a command's text is
    the first text drawn after it (whole, when it was shortened)."""
    items, lines = [], report.splitlines()
    for i, line in enumerate(lines):
        parts = line.split(" ", 6)
        if parts[0] in ("text", "full"):
            continue
        text = ""
        for j in range(i + 1, min(i + 6, len(lines))):
            if lines[j].startswith("text "):
                fields = lines[j].split(" ", 6)
                text = fields[6] if len(fields) > 6 else ""
                if fields[1] == "1" and j + 1 < len(lines) and lines[j + 1].startswith("full "):
                    text = lines[j + 1].split(" ", 6)[6]
                break
            if not lines[j].startswith("full "):
                break
        items.append((parts[0], int(parts[1]), text))
    return items


def texts(report):
    out = []
    lines = report.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("text "):
            fields = line.split(" ", 6)
            whole = fields[6] if len(fields) > 6 else ""
            if fields[1] == "1" and i + 1 < len(lines) and lines[i + 1].startswith("full "):
                whole = lines[i + 1].split(" ", 6)[6]
            out.append(whole)
    return out


def of(items, tag):
    return [(i, t) for g, i, t in items if g == tag]


def shot(program, at):
    with tempfile.TemporaryDirectory() as tmp:
        rep = os.path.join(tmp, "r.txt")
        p = subprocess.run([LOOPLAB, "shot", program, "--at", str(at), "--out", os.path.join(tmp, "x.png"),
                            "--report", rep], capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            return ""
        with open(rep) as f:
            return f.read()


def window(program, keys):
    """The real window (SDL's dummy video driver): after the run loads,
    `keys` (a list), each followed by a status line and a report. Returns
    [(event, report), ...], one for the start and one per key."""
    with tempfile.TemporaryDirectory() as tmp:
        steps = ["runs:1"]
        for n, key in enumerate([None] + keys):
            if key:
                steps += ["key:" + key, "frames:2"]
            steps += ["status", "report:" + os.path.join(tmp, f"{n}.txt")]
        steps.append("key:ctrl+q")
        env = dict(os.environ, LOOPLAB_TEST_INPUT=" ".join(steps), SDL_VIDEODRIVER="dummy",
                   SDL_AUDIODRIVER="dummy", XDG_STATE_HOME=tmp)
        p = subprocess.run([LOOPLAB, program], capture_output=True, text=True, env=env, timeout=180)
        events = [int(m.group(1)) for m in re.finditer(r"status event=(\d+)/", p.stdout)]
        out = []
        for n in range(len(keys) + 1):
            path = os.path.join(tmp, f"{n}.txt")
            with open(path) if os.path.exists(path) else open(os.devnull) as f:
                out.append((events[n] if n < len(events) else -1, f.read()))
        return out


def narration(report):
    """The text WHAT HAPPENS shows (the texts drawn inside the narration panel)."""
    box, out = None, []
    for line in report.splitlines():
        parts = line.split(" ", 6)
        if parts[0] == "narration":
            box = [float(v) for v in parts[2:6]]
        elif parts[0] == "text" and box and len(parts) > 6:
            x, y = float(parts[2]), float(parts[3])
            if box[0] <= x < box[0] + box[2] and box[1] <= y < box[1] + box[3]:
                out.append(parts[6])
    return re.sub(r"\s+", " ", " ".join(out))


def stepped(program, count, first=()):
    """WHAT HAPPENS after each of `count` steps (Right), after keys `first`."""
    frames = window(program, list(first) + ["Right"] * count)
    return [narration(r) for _, r in frames[1 + len(first):]]


def chip(items):
    return [t for _, t in of(items, "loop_chip")]


def timers(items):
    return [t for _, t in of(items, "timer_card")]


def waiting(items):
    return sorted(i for i, _ in of(items, "wait_card"))


# --- a thread's asyncio.run with bells, beside the main loop ------------------
# tasks: 1 main() (main thread), 2 bells() (bell-thread)
for at in (0.2, 1.0, 2.0):
    rep = shot(BELLS, at)
    items = parse(rep)
    check(f"bells at {at}: the chip names the main thread's loop", chip(items) == ["loop of the main thread"],
          chip(items))
    check(f"bells at {at}: a note names the other loop's thread",
          any("another event loop runs in thread 'bell-thread'" in t for t in texts(rep)), texts(rep)[:40])
    check(f"bells at {at}: the main loop's timer only (it wakes main), no bell",
          len(timers(items)) == 1 and "main" in timers(items)[0] and not any("bell" in t for t in timers(items)),
          timers(items))
    check(f"bells at {at}: WAITING lists main, not the thread's bells() task", waiting(items) == [1],
          waiting(items))
    check(f"bells at {at}: THREADS says bell-thread runs its own loop",
          any(t.startswith("bell-thread's event loop") for t in texts(rep)), [t for t in texts(rep) if "bell-" in t])
    # its loop waits in its poll for its next bell (0.5, 1.5, 2.5 s), not "in run()"
    nxt = "0.500" if at < 0.5 else "1.500" if at < 1.5 else "2.500"
    check(f"bells at {at}: THREADS says bell-thread's loop is idle until its next timer",
          f"bell-thread's event loop \u00b7 idle until {nxt}" in texts(rep), [t for t in texts(rep) if "bell-" in t])
    check(f"bells at {at}: the timeline row of bells() says whose loop it is in",
          any(t.startswith("bell-thread's loop \u00b7 ") for t in texts(rep)) and
          not any(t.startswith("main thread's loop") for t in texts(rep)), [t for t in texts(rep) if "loop" in t])

# Shift+Right: the first moment in time, when both loops have set their timers
frames = window(BELLS, ["shift+Right", "shift+l", "shift+l"])
(e0, r0), (e1, r1), (e2, r2) = frames[1:]
i0, i1, i2 = parse(r0), parse(r1), parse(r2)
check("window: Shift+L keeps the event", e0 == e1 == e2 and e0 > 0, (e0, e1, e2))
check("window: first the main thread's loop", chip(i0) == ["loop of the main thread"], chip(i0))
check("window: Shift+L shows bell-thread's loop", chip(i1) == ["loop of thread 'bell-thread'"], chip(i1))
bells = timers(i1)
check("window: bell-thread's timers, in firing order, none of main's",
      [re.match(r"bell\('(\w+)'", t).group(1) if re.match(r"bell\('(\w+)'", t) else t for t in bells]
      == ["first", "second", "third"], bells)
check("window: the main loop shows none of them", not any("bell" in t for t in timers(i0)), timers(i0))
check("window: bell-thread's WAITING is its bells() task", waiting(i1) == [2], waiting(i1))
check("window: the note then names the main thread",
      any("another event loop runs in the main thread" in t for t in texts(r1)), texts(r1)[:40])
check("window: Shift+L again goes back", chip(i2) == chip(i0) and timers(i2) == timers(i0), (chip(i2), timers(i2)))

# WHAT HAPPENS, event by event from the start: the records of bell-thread's
# loop name it, the main loop's (on screen) say "the loop"; after Shift+L
# the other way round
said = stepped(BELLS, 20)
def saying(start):
    return [t for t in said_now if t.startswith(start)]
for view, said_now, other, here in (("main", said, "the loop of thread 'bell-thread'", "main"),
                                    ("bell-thread", stepped(BELLS, 20, ["shift+l"]), "the loop of the main thread",
                                     "bells")):
    theirs = "bells" if here == "main" else "main"
    check(f"{view} on screen: a step of {theirs} names its loop",
          saying(f"{theirs} runs a step") and all(f"{theirs} runs a step in {other}:" in t
                                                  for t in saying(f"{theirs} runs a step")), said_now)
    check(f"{view} on screen: a step of {here} says no loop's name",
          saying(f"{here} runs a step") and all(f"{here} runs a step: " in t for t in saying(f"{here} runs a step")),
          said_now)
    check(f"{view} on screen: {theirs} going back to its loop names it",
          saying(f"{theirs} stops at") and all(f"Control goes back to {other}," in t
                                               for t in saying(f"{theirs} stops at")), said_now)
    check(f"{view} on screen: {here} going back to its loop says the loop",
          saying(f"{here} stops at") and all("Control goes back to the loop, which" in t
                                             for t in saying(f"{here} stops at")), said_now)
    check(f"{view} on screen: {theirs}'s timers are set in its loop's heap",
          any(t.startswith("A timer is set for t = ") and f"{other[0].upper() + other[1:]} keeps its timers" in t
              for t in said_now) if theirs == "bells" else
          any(t.startswith("main sleeps:") and "The loop of the main thread keeps its timers" in t for t in said_now),
          said_now)
check("bell-thread waiting in its loop's poll: it sleeps until its loop's next timer",
      any(t.startswith("Thread 'bell-thread' waits until t = 0.500: nothing is ready in its event loop") for t in said)
      and not any("bell-thread' waits" in t and "the loop is not affected" in t for t in said), said)

# two pool threads each running asyncio.run: one note names both
rep = shot(os.path.join(ROOT, "tests", "scenarios", "tloop_to_thread_asyncio_run.py"), 0.5)
check("two loops in pool threads: one note names both",
      "other event loops run in thread 'asyncio_0' and thread 'asyncio_1'" in texts(rep),
      [t for t in texts(rep) if "event loop" in t])
check("two loops in pool threads: THREADS says each is idle until its own timer (2 s and 1 s)",
      "asyncio_0's event loop \u00b7 idle until 2.000" in texts(rep) and
      "asyncio_1's event loop \u00b7 idle until 1.000" in texts(rep), [t for t in texts(rep) if "event loop" in t])

# the timeline's strip of frozen spans is the main thread's: so it says, when
# another thread runs a loop too; with one loop it is "the loop thread"
rep = shot(BELLS, 0.2)
check("bells: the timeline's strip of the frozen loop thread is named 'main thread'",
      "main thread" in texts(rep) and "loop thread" not in texts(rep), [t for t in texts(rep) if "thread" in t])
rep = shot(os.path.join(ROOT, "tests", "scenarios", "blocking_sleep_late_timers.py"), 0.2)
check("one loop: the strip is 'loop thread' as before", "loop thread" in texts(rep), texts(rep)[:30])

# one loop, run by a thread, not the main one (which blocks on fut.result()):
# the chip says whose loop the panels show (nothing to switch to: no key),
# the main thread is no "loop thread", and its hand-over is said as such
ALONE = os.path.join(ROOT, "tests", "scenarios", "tloop_run_forever_thread.py")
rep = shot(ALONE, 0.5)
items = parse(rep)
check("one loop in loop-thread: the chip names its thread", chip(items) == ["loop of thread 'loop-thread'"], chip(items))
check("one loop in loop-thread: no Shift+L (no other loop)", "Shift+L" not in texts(rep), texts(rep)[:30])
check("one loop in loop-thread: THREADS, the main thread waits in Future.result(), the loop idles until 1.000",
      any(t.startswith("main thread \u00b7 waits in Future.result()") for t in texts(rep)) and
      "loop-thread's event loop \u00b7 idle until 1.000" in texts(rep), [t for t in texts(rep) if "thread" in t])
said = stepped(ALONE, 9)
check("one loop in loop-thread: the main thread hands it a callback (run_coroutine_threadsafe)",
      any(t.startswith("The main thread hands a callback to the loop with call_soon_threadsafe") for t in said)
      and not any(t.startswith("The loop thread") for t in said), said)
check("one loop in loop-thread: its thread's wait in the poll sleeps until the next timer",
      any(t.startswith("Thread 'loop-thread' waits until t = 1.000: nothing is ready in its event loop")
          for t in said), said)

# four other loops at 2.5 s (two running, two over): the note fits, counting
# the ones not running, and keeps them all for its tooltip
rep = shot(os.path.join(ROOT, "tests", "scenarios", "witness_loops_side_by_side.py"), 2.5)
drawn = [l.split(" ", 6)[6] for l in rep.splitlines() if l.startswith("text ") and "event loops" in l]
check("four other loops: the note names the running ones and counts the others",
      drawn == ["other event loops run in thread 'asyncio_0' and thread 'asyncio_1'; 2 more, not running now"],
      drawn)
check("four other loops: its tooltip names them all",
      "other event loops run in thread 'asyncio_0' and thread 'asyncio_1'; other event loops, not running now, "
      "in thread 'loop-2' and thread 'loop-1'" in texts(rep), [t for t in texts(rep) if "event loops" in t])

# a time.sleep inside a callback of side-loop's own loop (t = 1.0 to 1.3)
# freezes that loop: said so, and not "the loop is not affected"; its waits
# in its poll before are said to be the poll's
SLEEPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loop_thread_sleeps.py")
rep = shot(SLEEPS, 1.1)
check("side-loop at 1.1: THREADS says its loop is frozen until 1.300",
      "side-loop's event loop \u00b7 frozen until 1.300" in texts(rep), [t for t in texts(rep) if "side-loop" in t])
said = stepped(SLEEPS, 40)
frozen = [t for t in said if t.startswith("Thread 'side-loop' waits until t = 1.300")]
check("side-loop's time.sleep: WHAT HAPPENS says its own loop is frozen",
      frozen and all("inside a callback of its own event loop" in t and "that loop is frozen" in t for t in frozen),
      said)
check("side-loop's waits in its poll (until 0.5 and 1.0) are the poll's",
      all(any(t.startswith(f"Thread 'side-loop' waits until t = {w}: nothing is ready in its event loop")
              for t in said) for w in ("0.500", "1.000")), said)
check("no wait of side-loop is said to leave 'the loop' unaffected",
      not any("side-loop' waits" in t and "the loop is not affected" in t for t in said), said)

# a second loop made and never run: no other thread runs a loop
rep = shot(os.path.join(os.path.dirname(os.path.abspath(__file__)), "loop_never_run.py"), 0.2)
check("a loop never run: the chip names the main thread's, the strip is still the loop thread's",
      chip(parse(rep)) == ["loop of the main thread"] and "loop thread" in texts(rep) and
      "main thread" not in texts(rep), (chip(parse(rep)), [t for t in texts(rep) if "thread" in t]))
check("a loop never run: the note says so, in plain words",
      "another event loop was made and never run" in texts(rep), [t for t in texts(rep) if "loop" in t])

# --- run_forever in a thread, fed by the main thread's loop -------------------
rep = shot(FED, 1.55)
check("fed at 1.55: THREADS says server-loop's loop is idle with no timer (fed from outside)",
      "server-loop's event loop \u00b7 idle, no timer" in texts(rep), [t for t in texts(rep) if "event loop" in t])
said = stepped(FED, 6)
check("fed: run_coroutine_threadsafe on the main thread hands a callback to server-loop's loop",
      any(t.startswith("The main thread hands a callback to the loop of thread 'server-loop' with "
                       "call_soon_threadsafe") for t in said), said)
# tasks: 1 main() (main thread), then fetch(1.5), fetch(0.5) on server-loop
rep = shot(FED, 0.3)
items = parse(rep)
check("fed at 0.3: the main loop's one timer (main sleeps 0.8 s)",
      len(timers(items)) == 1 and "main" in timers(items)[0], timers(items))
check("fed at 0.3: WAITING lists main only", waiting(items) == [1], waiting(items))
check("fed at 0.3: a note names server-loop",
      any("another event loop runs in thread 'server-loop'" in t for t in texts(rep)), texts(rep)[:40])
(e0, r0), (e1, r1) = window(FED, ["shift+Right", "shift+Right", "shift+l"])[2:]
i0, i1 = parse(r0), parse(r1)
check("fed window: Shift+L shows server-loop's loop", chip(i1) == ["loop of thread 'server-loop'"], chip(i1))
check("fed window: server-loop's waiting tasks are fetch() tasks, not main",
      waiting(i1) and 1 not in waiting(i1), waiting(i1))
check("fed window: server-loop's timers wake fetch(), the main loop's wake main",
      timers(i1) and all("fetch" in t for t in timers(i1)) and timers(i0) and all("main" in t for t in timers(i0)),
      (timers(i0), timers(i1)))
print("  seen: events", e0, e1, "main", waiting(i0), timers(i0), "server-loop", waiting(i1), timers(i1))
check("fed window: the main loop's timers are not server-loop's",
      not any("fetch" in t for t in timers(i0)), timers(i0))

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
