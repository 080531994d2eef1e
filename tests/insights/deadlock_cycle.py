"""deadlock_cycle.py - a deadlock's cycle is the one real CPython gets stuck
in, and the window draws it at its moment, whole.

For each deadlock case:
  1. The witness: the program runs under real python3.11 (nothing of
     looplab's), a watchdog thread waits until no thread has moved for a
     while, then reads every thread's innermost line in the program
     (sys._current_frames) and ends the process. Each step of the finding's
     cycle (`looplab run --insights=json`) must name a thread real CPython
     has stuck at that step's wait_line; the witness also reads which locks
     each stuck thread holds from the program's own globals (`locked()`),
     so the cycle's lock names must be locks that are held.
  2. The window (`looplab shot --report`, two window sizes: the compact and
     the roomy layout) shows, at the deadlock's moment, every node's name,
     "line N" of its wait, each lock's name and the line its holder took it
     at; and before the cycle closed, none of it.
Near misses (no deadlock) show no cycle at their end.
Usage: deadlock_cycle.py LOOPLAB CASES_DIR PYTHON   (prints "N passed, N failed")
"""
import json
import os
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
CASES = os.path.abspath(sys.argv[2])
PYTHON = sys.argv[3]
results = []

DEADLOCKS = ("deadlock_locks.py", "deadlock_self.py", "deadlock_three.py")
NEAR_MISSES = ("lock_order_inversion.py", "deadlock_rlock_near_miss.py", "lock_order_same.py")

# Runs the program in real CPython; once every thread has stood still on the
# same line for a second, prints {thread name: line} of the program's
# innermost frame, and the names of the program's locks that are held.
WITNESS = r'''
import json, os, runpy, sys, threading, time
path = sys.argv[1]
found = {}
def watch():
    last, still = None, 0
    while True:
        time.sleep(0.2)
        now = {}
        names = {t.ident: t.name for t in threading.enumerate()}
        for ident, frame in sys._current_frames().items():
            if ident == threading.get_ident():
                continue
            while frame is not None and frame.f_code.co_filename != path:
                frame = frame.f_back
            if frame is not None:
                now[names.get(ident, "?")] = frame.f_lineno
        still = still + 1 if now == last else 0
        last = now
        if still >= 5:
            g = found.get("globals", {})
            held = sorted(k for k, v in list(g.items())
                          if "lock" in type(v).__name__.lower() and repr(v).startswith("<locked "))
            print(json.dumps({"lines": now, "held": held}), flush=True)
            os._exit(0)
threading.Thread(target=watch, daemon=True, name="witness").start()
g = {"__name__": "__main__", "__file__": path}
found["globals"] = g
exec(compile(open(path).read(), path, "exec"), g)
print(json.dumps({"lines": {}, "held": []}), flush=True)
'''


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def finding(name):
    out = subprocess.run([LOOPLAB, "run", "--insights=json", name], cwd=CASES,
                         capture_output=True, text=True, timeout=60)
    found = json.loads(out.stderr[out.stderr.rfind('{"findings": ['):])["findings"]
    return [f for f in found if f["kind"] == "deadlock"]


def witness(name):
    out = subprocess.run([PYTHON, "-c", WITNESS, os.path.join(CASES, name)], cwd=CASES,
                         capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def shown(name, at, size, tmp):
    report = os.path.join(tmp, "shot.txt")
    subprocess.run([LOOPLAB, "shot", name, "--at", f"{at:.6f}", "--size", size,
                    "--out", os.path.join(tmp, "s.png"), "--report", report],
                   cwd=CASES, check=True, timeout=60, capture_output=True)
    with open(report, encoding="utf-8") as f:
        return [l.split(" ", 6)[6] for l in f.read().splitlines()
                if l.startswith("text ") and len(l.split(" ", 6)) > 6]


def on_screen(texts, cycle):
    """Every node's name and wait line, every lock and its holder's line."""
    whole = "\n".join(texts)
    missing = []
    for step in cycle:
        for want in (step["name"], f"waits at line {step['wait_line']} for {step['lock']}",
                     f"line {step['held_line']}"):
            if want not in whole:
                missing.append(want)
    return missing


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for name in DEADLOCKS:
            found = finding(name)
            check(f"{name}: one deadlock finding", len(found) == 1, found)
            if len(found) != 1:
                continue
            f = found[0]
            cycle = f["cycle"]
            real = witness(name)
            stuck = real["lines"]
            for step in cycle:
                check(f"{name}: CPython's {step['name']} is stuck at line {step['wait_line']}",
                      stuck.get(step["name"]) == step["wait_line"], stuck)
                check(f"{name}: CPython holds `{step['lock']}` at the deadlock",
                      step["lock"] in real["held"], real["held"])
            check(f"{name}: the cycle has every thread CPython has stuck on a lock",
                  len(cycle) >= 1 and {s["name"] for s in cycle} <= set(stuck), (cycle, stuck))
            for size in ("1600x900", "1280x800"):
                texts = shown(name, f["t0"], size, tmp)
                missing = on_screen(texts, cycle)
                check(f"{name} {size}: the cycle is on screen at its moment", not missing, missing)
            if f["t0"] > 0.01:
                texts = shown(name, f["t0"] - 0.01, "1600x900", tmp)
                check(f"{name}: no cycle before it closed",
                      not any(t.startswith("waits at line") for t in texts))
        for name in NEAR_MISSES:
            texts = shown(name, 1000.0, "1600x900", tmp)
            check(f"{name}: no deadlock finding", finding(name) == [])
            check(f"{name}: no cycle on screen", not any(t.startswith("waits at line") for t in texts))
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
