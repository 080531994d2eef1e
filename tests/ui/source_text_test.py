"""source_text_test.py - code is drawn with the font's real advances, in
`looplab shot` at every size and in the real window as in shot.

1. For several window sizes, `shot --report` lists each coloured run of a
   source line with its x and measured width. The runs of a line sit on one
   grid of columns (x = x0 + column * step); a run of n characters must be
   n steps wide (within a glyph's overhang), or the code reads
   `time .monotonic ()`.
2. Under Xvfb, the window's own frame (script step shot:PATH) and `shot` at
   the same size and moment draw the source panel with the same pixels.
Usage: source_text_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pngread  # noqa: E402

LOOPLAB = os.path.abspath(sys.argv[1])
PROGRAM = "scenarios/09_blocking_call.py"
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def report(tmp, size, at="100"):
    out, rep = os.path.join(tmp, "s.png"), os.path.join(tmp, "s.txt")
    p = subprocess.run([LOOPLAB, "shot", PROGRAM, "--at", at, "--size", size, "--out", out,
                        "--report", rep], capture_output=True, text=True, timeout=120)
    items = []
    if p.returncode == 0:
        for line in open(rep, encoding="utf-8"):
            parts = line.rstrip("\n").split(" ", 6)
            items.append((parts[0], [float(v) for v in parts[2:6]], parts[6] if len(parts) > 6 else ""))
    return p.returncode, items, out


def source_runs(items, source_lines):
    """{line number: [(column, x, width, text)]} for the code drawn in the source panel."""
    panel = next(r for kind, r, _ in items if kind == "panel")
    texts = [(r, t) for kind, r, t in items if kind == "text"
             and panel[0] <= r[0] < panel[0] + panel[2] and panel[1] + 30 <= r[1] < panel[1] + panel[3]]
    rows = {}
    for r, t in texts:
        rows.setdefault(round(r[1]), []).append((r, t))
    out = {}
    for row in rows.values():
        row.sort(key=lambda e: e[0][0])
        if not row[0][1].isdigit():
            continue
        no = int(row[0][1])
        line = source_lines[no - 1] if 0 < no <= len(source_lines) else ""
        col, runs = 0, []
        for r, t in row[1:]:
            cut = t.endswith("\u2026")
            t = t.rstrip("\u2026")
            at = line.find(t, col)
            if at < 0 or not t:
                break
            runs.append((at, r[0], None if cut else r[2], t))
            col = at + len(t)
        out[no] = runs
    return out


source_lines = open(PROGRAM, encoding="utf-8").read().split("\n")
with tempfile.TemporaryDirectory() as tmp:
    for size in ("1600x900", "1560x820", "1400x850", "1024x640", "1280x720", "2560x1440"):
        rc, items, _ = report(tmp, size)
        if rc != 0:
            check(f"{size}: shot draws", False, rc)
            continue
        lines = source_runs(items, source_lines)
        bad = []
        checked = 0
        # the step from the line whose runs span the most columns (the report rounds x)
        spans = [(runs[-1][0] - runs[0][0], runs) for runs in lines.values() if len(runs) >= 2]
        span, widest = max(spans, key=lambda e: e[0]) if spans else (0, None)
        step = (widest[-1][1] - widest[0][1]) / span if span else 0
        for no, runs in lines.items():
            if len(runs) < 2 or not step:
                continue
            c0, x0 = runs[0][0], runs[0][1]
            for col, x, w, t in runs:
                checked += 1
                if abs(x - (x0 + (col - c0) * step)) > 1.01 + (col - c0) * 1.0 / span:
                    bad.append((no, t, "off the grid", x))
                if w is not None and len(t) >= 5 and t == t.strip() and \
                        abs(w - len(t) * step) > 2.5 + len(t) * 1.0 / span:
                    bad.append((no, t, f"{w:.0f} px wide for {len(t)} columns of {step:.2f}"))
        check(f"{size}: code runs are spaced by the font's advance ({checked} runs)", checked > 20 and not bad,
              bad[:5])

    if not shutil.which("xvfb-run"):
        print("SKIP: xvfb-run is not installed (.ci/deps.sh installs it)")
    else:
        frame = os.path.join(tmp, "window.png")
        env = dict(os.environ, SDL_AUDIODRIVER="dummy",
                   LOOPLAB_TEST_INPUT=f"runs:1 key:End frames:5 shot:{frame} frames:2 key:ctrl+q")
        env.pop("XDG_STATE_HOME", None)
        env["XDG_STATE_HOME"] = os.path.join(tmp, "state")  # no remembered UI scale
        p = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", LOOPLAB, PROGRAM],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                             start_new_session=True)
        try:
            _, err = p.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            _, err = p.communicate()
        check("the window saved its frame", p.returncode == 0 and os.path.exists(frame), err[-400:])
        if os.path.exists(frame):
            w, h, win_rows = pngread.read(frame)
            rc, items, shot_png = report(tmp, f"{w}x{h}")
            _, _, shot_rows = pngread.read(shot_png)
            px, py, pw, ph = (int(v) for v in next(r for kind, r, _ in items if kind == "panel"))
            differ = 0
            for y in range(py + 2, py + ph - 2):
                a, b = win_rows[y], shot_rows[y]
                for x in range(px + 2, px + pw - 2):
                    if max(abs(a[4 * x + k] - b[4 * x + k]) for k in range(3)) > 40:
                        differ += 1
            check(f"the source panel is drawn alike in the window and by shot at {w}x{h} "
                  f"({differ} of {(pw - 4) * (ph - 4)} pixels differ)", differ <= (pw * ph) // 500, differ)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
