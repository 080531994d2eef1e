"""readable_test.py - nothing a learner needs is cut: every lesson drawn at
its gallery moment (docs/make_gallery.sh) at 1024x640, 1600x900 and
2560x1440. In the report (`shot --report`), a shortened text is "text 1"
followed by "full ... WHOLE TEXT" (what its tooltip shows).

- console lines, errors, the narration and a question's choices are never
  shortened (they wrap);
- a shortened text anywhere else (a card title, a task name) carries its
  whole text, which starts with what is shown;
- the narration shows `code` in the code font, never raw backticks;
- a program's escape sequences show as control pictures (U+241B...);
- the console shows whole every line it lists (lesson 9's "first alarm: due
  0.50 s, rang at 2.00 s, 1.50 s late" reads in full at every size).
Usage: readable_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import os
import re
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
SIZES = ("1024x640", "1600x900", "2560x1440")
WHOLE = ("console_line", "error", "narration", "choice")  # areas where nothing may be cut
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def shot(tmp, program, at, size):
    out, rep = os.path.join(tmp, "s.png"), os.path.join(tmp, "s.txt")
    p = subprocess.run([LOOPLAB, "shot", program, "--at", at, "--size", size, "--out", out, "--report", rep],
                       capture_output=True, text=True, timeout=120)
    boxes, texts = [], []
    if p.returncode != 0:
        return p.stderr, boxes, texts
    for line in open(rep, encoding="utf-8"):
        parts = line.rstrip("\n").split(" ", 6)
        kind, rect = parts[0], tuple(float(v) for v in parts[2:6])
        text = parts[6] if len(parts) > 6 else ""
        if kind == "text":
            texts.append({"rect": rect, "text": text, "cut": parts[1] == "1", "full": None})
        elif kind == "full" and texts:
            texts[-1]["full"] = text.replace("\\n", "\n")
        else:
            boxes.append((kind, rect))
    return None, boxes, texts


def inside(rect, box):
    x, y, w, h = rect
    bx, by, bw, bh = box
    return bx - 1 <= x < bx + bw and by - 1 <= y < by + bh


gallery = open("docs/make_gallery.sh").read()
moments = re.findall(r"^shot\s+(\S+)\s+([\d.]+)", gallery, re.M)
check("the gallery lists the lessons' moments", len(moments) >= 10, moments)
with tempfile.TemporaryDirectory() as tmp:
    for name, at in moments:
        for size in SIZES:
            err, boxes, texts = shot(tmp, f"scenarios/{name}.py", at, size)
            if err is not None:
                check(f"{name} at {at} s, {size}: drawn", False, err[-300:])
                continue
            bad, hidden = [], []
            for t in texts:
                if not t["cut"]:
                    continue
                area = next((kind for kind, box in boxes if kind in WHOLE and inside(t["rect"], box)), None)
                shown = t["text"].rstrip("\u2026")
                if area:
                    bad.append((area, t["text"]))
                elif not t["full"] or not t["full"].startswith(shown.strip()) and shown.strip() not in t["full"]:
                    hidden.append((t["text"], t["full"]))
            check(f"{name} at {at} s, {size}: console, errors, narration and choices whole", not bad, bad[:4])
            check(f"{name} at {at} s, {size}: every shortened text keeps its whole text", not hidden, hidden[:4])
            narration = [box for kind, box in boxes if kind == "narration"]
            ticks = [t["text"] for t in texts if "`" in t["text"] and any(inside(t["rect"], b) for b in narration)]
            check(f"{name} at {at} s, {size}: the narration shows no raw backticks", not ticks, ticks[:3])

    # lesson 9's point, whole at every size: the alarm's line as the program printed it
    for size in SIZES:
        err, boxes, texts = shot(tmp, "scenarios/09_blocking_call.py", "4", size)
        consoles = [box for kind, box in boxes if kind == "console_line"]
        lines = " ".join(t["text"] for t in texts if any(inside(t["rect"], b) for b in consoles))
        words = " ".join(lines.split())
        check(f"lesson 9 at {size}: 'first alarm: due 0.50 s, rang at 2.00 s, 1.50 s late' reads whole",
              "first alarm: due 0.50 s, rang at 2.00 s, 1.50 s late" in words, words[:300])

    # a program's terminal escapes are shown as visible symbols, never interpreted
    program = os.path.join(tmp, "escapes.py")
    with open(program, "w") as f:
        f.write('import asyncio\nasync def main():\n    print("\\x1b[31mred\\x1b[0m and a bell\\x07")\n'
                'asyncio.run(main())\n')
    err, boxes, texts = shot(tmp, program, "10", "1600x900")
    consoles = [box for kind, box in boxes if kind == "console_line"]
    shown = [t["text"] for t in texts if any(inside(t["rect"], b) for b in consoles)]
    check("escape sequences show as visible symbols in the console",
          "\u241b[31mred\u241b[0m and a bell\u2407" in shown and not any("\x1b" in t for t in shown), shown)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
