"""window_insights.py - the window shows the insights `looplab run --insights`
finds, and a finding takes the learner to its moment.

For each case (one with a thread that runs its own loop, whose findings
say so): the top bar counts the findings (`looplab shot --report`),
the timeline marks one span per finding (none ahead of the replay), and in the real window (Xvfb,
synthetic input) the INSIGHTS panel (key I) lists every finding's heading,
place, summary and fix in full, as the command line prints them; pressing 1
closes the panel and shows the first finding's moment (the event after its
first record).
Usage: window_insights.py LOOPLAB CASES_DIR   (prints "N passed, N failed")
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
CASES = os.path.abspath(sys.argv[2])
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def cli_findings(name):
    out = subprocess.run([LOOPLAB, "run", "--insights=json", name], cwd=CASES,
                         capture_output=True, text=True, timeout=60)
    return json.loads(out.stderr[out.stderr.rfind('{"findings": ['):])["findings"]


def texts(report_path):
    with open(report_path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    shown = [l.split(" ", 6)[6] for l in lines if l.startswith("text ") and len(l.split(" ", 6)) > 6]
    tags = [l.split() for l in lines if not l.startswith("text ")]
    return shown, tags


def squash(s):
    """Text as drawn, to compare: `code` spans are drawn in the code font
    without their backticks, each a text of its own (so spaces differ)."""
    return re.sub(r"\s+", "", s.replace("`", ""))


def window(name, script, tmp):
    env = dict(os.environ, LOOPLAB_TEST_INPUT=script, SDL_AUDIODRIVER="dummy")
    p = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", LOOPLAB, name],
                         cwd=CASES, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=env, start_new_session=True)
    try:
        out, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
    return [int(m.group(1)) for m in re.finditer(r"status event=(\d+)/", out)], err


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("blocked_sleep.py", "sequential.py", "cancel_swallowed.py", "pool_queue.py",
                     "loop_in_thread.py"):
            found = cli_findings(name)
            report = os.path.join(tmp, "shot.txt")
            subprocess.run([LOOPLAB, "shot", name, "--at", "0", "--out", os.path.join(tmp, "s.png"),
                            "--report", report], cwd=CASES, check=True, timeout=60,
                           capture_output=True)
            shown, tags = texts(report)
            count = len(found)
            chip = f"{count} insight{'s' if count != 1 else ''}"
            check(f"{name}: the top bar counts {count}", any(chip in t for t in shown), shown[:8])
            marks = [t for t in tags if t[0] == "insight" and t[1] != "0"]
            begun = [i for i, f in enumerate(found, 1) if f["t0"] == 0]  # at t = 0 already
            check(f"{name}: at t = 0 no span is marked ahead of the replay, and none beyond the cursor",
                  all(int(t[1]) in begun and float(t[4]) <= 3.5 for t in marks), (marks, begun))
            subprocess.run([LOOPLAB, "shot", name, "--at", "1000", "--out", os.path.join(tmp, "s.png"),
                            "--report", report], cwd=CASES, check=True, timeout=60,
                           capture_output=True)
            shown, tags = texts(report)
            marks = sorted(int(t[1]) for t in tags if t[0] == "insight" and t[1] != "0")
            check(f"{name}: at the end, one timeline span per finding", marks == list(range(1, count + 1)), marks)
            if not shutil.which("xvfb-run"):
                continue
            panel = os.path.join(tmp, "panel.txt")
            after = os.path.join(tmp, "after.txt")
            steps, err = window(name, f"wait key:i frames:3 report:{panel} frames:2 key:1 frames:3 "
                                      f"status report:{after} frames:2 key:ctrl+q", tmp)
            shown, _ = texts(panel)
            whole = squash(" ".join(shown))
            check(f"{name}: no raw backtick in the panel", not any("`" in t for t in shown), shown)
            for i, f in enumerate(found, 1):
                check(f"{name}: finding {i}'s summary is in the panel, whole",
                      squash(f["summary"]) in whole, f["summary"])
                check(f"{name}: finding {i}'s fix is in the panel, whole",
                      squash("Fix: " + f["fix"]) in whole, f["fix"])
            if name == "loop_in_thread.py":  # side-loop's findings say whose loop, the main loop's not
                check(f"{name}: the panel says which findings are in side-loop's loop",
                      whole.count(squash("In the loop of thread 'side-loop': ")) == 2, whole)
            check(f"{name}: 1 jumps to the first finding's moment",
                  steps == [found[0]["event"] + 1], (steps, found[0]["event"], err[-300:]))
            shown, _ = texts(after)
            check(f"{name}: the panel is closed after the jump", "INSIGHTS" not in shown)
    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
