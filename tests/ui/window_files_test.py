"""window_files_test.py - the real window's ways in, driven with synthetic
input (app/script.h) under Xvfb: with no display it says so and exits 1; a
.py dropped on the window opens it; files opened are remembered as recent
files under $XDG_STATE_HOME/looplab/ and listed in the lesson list; a
syntax error shows as soon as the file loads; a big program's timeline
rows scroll (wheel, scroll bar) and shrink (T); E plays in events a second;
, and . jump between the selected task's events; the
built-in chooser panel (when no desktop chooser runs) lists folders and .py
files and opens one with the keyboard; the timeline's rows scroll.
Usage: window_files_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


def window(args, script, env_extra, timeout=120):
    env = dict(os.environ, LOOPLAB_TEST_INPUT=script, SDL_AUDIODRIVER="dummy", LOOPLAB_CHOOSER="builtin")
    env.update(env_extra)
    p = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", LOOPLAB] + args,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:  # never leave a window behind
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        err += "\n(timed out)"
    return p.returncode, out, err


def statuses(out):
    return [tuple(float(v) for v in m.groups())
            for m in re.finditer(r"status event=(\d+)/(\d+) time=([\d.]+) playing=(\d)", out)]


# no display: a clear message naming it and the headless commands, status 1
env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER", "WAYLAND_DISPLAY")}
p = subprocess.run([LOOPLAB, "scenarios/01_sequence_vs_together.py"], env=env, capture_output=True, text=True,
                   timeout=30)
check("no display: exit status 1", p.returncode == 1, (p.returncode, p.stderr))
check("no display: the message names the display and the headless commands",
      "DISPLAY" in p.stderr and "looplab run" in p.stderr and "looplab shot" in p.stderr, p.stderr)

if not shutil.which("xvfb-run"):
    print("SKIP: xvfb-run is not installed (.ci/deps.sh installs it)")
else:
    with tempfile.TemporaryDirectory() as tmp:
        state = os.path.join(tmp, "state")
        folder = os.path.join(tmp, "programs")
        os.makedirs(os.path.join(folder, "sub"))
        program = 'import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print("{0}")\nasyncio.run(main())\n'
        b, c = os.path.join(folder, "b.py"), os.path.join(folder, "sub", "c.py")
        open(b, "w").write(program.format("from b"))
        open(c, "w").write(program.format("from c"))
        open(os.path.join(folder, "notes.txt"), "w").write("not a program\n")
        env = {"XDG_STATE_HOME": state}

        def report(path):
            lines = open(path, encoding="utf-8").read().split("\n") if os.path.exists(path) else []
            return [ln.split(" ", 6)[6] for ln in lines if ln.startswith("text ") and len(ln.split(" ", 6)) > 6]

        # the built-in chooser: Ctrl+O lists b.py's folder (folders, then .py files);
        # Down, Enter opens sub/, Down, Enter opens c.py
        r1, r2 = os.path.join(tmp, "r1.txt"), os.path.join(tmp, "r2.txt")
        rc, out, err = window([b], f"runs:1 key:ctrl+o frames:3 report:{r1} frames:1 key:Down key:Return frames:3 "
                                   f"key:Down key:Return runs:2 frames:3 report:{r2} status key:ctrl+q", env)
        listed = report(r1)
        check("Ctrl+O opens the built-in chooser on the file's folder", folder in listed, listed[-8:])
        check("it lists the folder above, folders and .py files only",
              "../" in listed and "sub/" in listed and "b.py" in listed and "notes.txt" not in listed, listed[-8:])
        check("Enter on a folder and then on a file opens that file", rc == 0 and "c.py" in report(r2)
              and len(statuses(out)) == 1, (rc, report(r2)[:6], err[-300:]))

        # a syntax error shows as soon as the file is loaded, the source lit at its line
        bad = os.path.join(folder, "broken.py")
        open(bad, "w").write('import asyncio\n\nasync def main():\n    print("hi"\n    await asyncio.sleep(1)\n'
                             '\nasyncio.run(main())\n')
        r5 = os.path.join(tmp, "r5.txt")
        rc, out, err = window([bad], f"runs:1 frames:2 report:{r5} key:ctrl+q", env)
        lines = open(r5, encoding="utf-8").read().split("\n") if os.path.exists(r5) else []
        check("a syntax error shows on loading, the source lit at its line",
              rc == 0 and any(ln.startswith("src_current 4 ") for ln in lines)
              and any(ln.startswith("error 4 ") for ln in lines)
              and any("SyntaxError" in ln and "line 4" in ln for ln in lines), (rc, lines[:5], err[-300:]))

        # the desktop's chooser comes first: a stand-in zenity (first on PATH)
        # answers with c.py, which opens; it gets the file's folder
        fake = os.path.join(tmp, "bin")
        os.makedirs(fake)
        asked = os.path.join(tmp, "asked.txt")
        with open(os.path.join(fake, "zenity"), "w") as f:
            f.write(f"#!/bin/sh\necho \"$@\" > {asked}\necho {c}\n")
        os.chmod(os.path.join(fake, "zenity"), 0o755)
        r8 = os.path.join(tmp, "r8.txt")
        rc, out, err = window([b], f"runs:1 key:ctrl+o runs:2 frames:3 report:{r8} key:ctrl+q",
                              dict(env, PATH=fake + os.pathsep + os.environ["PATH"], LOOPLAB_CHOOSER=""))
        args = open(asked).read() if os.path.exists(asked) else ""
        check("Ctrl+O runs the desktop's chooser (zenity) on the file's folder and opens its answer",
              rc == 0 and "c.py" in report(r8) and "--file-selection" in args and folder in args,
              (rc, args, report(r8)[:4], err[-300:]))
        if not shutil.which("kdialog"):
            r9 = os.path.join(tmp, "r9.txt")
            rc, out, err = window([b], f"runs:1 key:ctrl+o frames:20 report:{r9} key:ctrl+q",
                                  dict(env, LOOPLAB_CHOOSER="kdialog"))
            check("with no desktop chooser, the built-in panel opens", "OPEN A PYTHON FILE" in report(r9),
                  report(r9)[-5:])

        # a .py dropped on the window opens it
        r3 = os.path.join(tmp, "r3.txt")
        rc, out, err = window([b], f"runs:1 drop:{c} runs:2 frames:3 report:{r3} key:ctrl+q", env)
        shown = report(r3)
        check("a dropped .py opens", rc == 0 and "c.py" in shown and any("from c" in t for t in shown),
              (rc, shown[:8], err[-300:]))

        # both are remembered, and the lesson list offers them
        recent = open(os.path.join(state, "looplab", "recent")).read().split() \
            if os.path.exists(os.path.join(state, "looplab", "recent")) else []
        check("recent files are remembered under $XDG_STATE_HOME/looplab/",
              os.path.realpath(b) in recent and os.path.realpath(c) in recent, recent)
        r4 = os.path.join(tmp, "r4.txt")
        rc, out, err = window([], "runs:1 key:l frames:3 " + "key:Down " * 20 + f"frames:3 report:{r4} key:Escape key:ctrl+q",
                              env)
        shown = report(r4)
        check("the lesson list shows the recent files", rc == 0 and any(t.endswith("b.py") for t in shown)
              and any(t.endswith("c.py") for t in shown), (rc, shown[-6:], err[-300:]))

if shutil.which("xvfb-run"):
    # a big program (203 timeline rows): the rows scroll with the wheel and the
    # scroll bar, T makes them short so more fit, E plays in events a second
    with tempfile.TemporaryDirectory() as tmp:
        env = {"XDG_STATE_HOME": os.path.join(tmp, "state")}
        big = "bench/ui/tasks200.py"

        def parse(path):
            items = []
            for ln in (open(path, encoding="utf-8").read().split("\n") if os.path.exists(path) else []):
                parts = ln.split(" ", 6)
                if len(parts) >= 6:
                    items.append((parts[0], int(parts[1]), [float(v) for v in parts[2:6]],
                                  parts[6] if len(parts) > 6 else ""))
            return items

        def rows_shown(items):
            m = next((re.match(r"rows (\d+)\u2013(\d+) of (\d+)", t) for kind, _, _, t in items
                      if kind == "text" and t.startswith("rows ")), None)
            return tuple(int(v) for v in m.groups()) if m else None

        r0 = os.path.join(tmp, "r0.txt")
        rc, out, err = window([big], f"runs:1 key:End frames:2 report:{r0} key:ctrl+q", env)
        items = parse(r0)
        bar = next((i for i in items if i[0] == "scrollbar"), None)
        check("a big program's timeline has a scroll bar", rc == 0 and bar is not None and rows_shown(items)
              and rows_shown(items)[2] == 203, (rc, rows_shown(items), err[-300:]))
        if bar:
            fit, (bx, by, bw, bh) = bar[1], bar[2]
            # the window's script coordinates are window pixels (no HiDPI under Xvfb)
            r1, r2, r3 = (os.path.join(tmp, f"s{i}.txt") for i in (1, 2, 3))
            script = (f"runs:1 key:End wheel:{int(bx - 40)},{int(by + bh / 2)},-2 frames:2 report:{r1} "
                      f"click:{int(bx + bw / 2)},{int(by + bh - 2)} frames:2 report:{r2} "
                      f"key:t frames:2 report:{r3} key:ctrl+q")
            rc, out, err = window([big], script, env)
            a, b, c = rows_shown(parse(r1)), rows_shown(parse(r2)), rows_shown(parse(r3))
            check("two wheel notches over the names scroll six rows", a and a[0] == 7, (a, err[-300:]))
            check("a click at the bottom of the scroll bar shows the last rows", b and b[1] == 203, b)
            short = next((i[1] for i in parse(r3) if i[0] == "scrollbar"), 0)
            check("T makes the rows short: more fit", short > fit, (short, fit))

        # every "+N more" opens as a list that scrolls: click the timeline half-way
        # (200 tasks wait), then each "+N more" of the loop panel
        lane = next((i for i in items if i[0] == "tl_lane"), None)
        if lane:
            lx, ly, lw, lh = lane[2]
            r5 = os.path.join(tmp, "m5.txt")
            rc, out, err = window([big], f"runs:1 click:{int(lx + lw * 0.3)},{int(ly + lh / 2)} frames:2 "
                                         f"report:{r5} key:ctrl+q", env)
            mores = [i for i in parse(r5) if i[0] == "text" and re.match(r"\+\d+ more$", i[3])]
            check("half-way, the loop panel has \"+N more\" for the timers and the waiting tasks",
                  len(mores) >= 2, [m[3] for m in mores])
            for m in mores:
                (mx, my, mw, mh), n = m[2], int(m[3][1:].split()[0])
                r6, r7 = os.path.join(tmp, "m6.txt"), os.path.join(tmp, "m7.txt")
                rc, out, err = window([big], f"runs:1 click:{int(lx + lw * 0.3)},{int(ly + lh / 2)} frames:2 "
                                             f"click:{int(mx + mw / 2)},{int(my + mh / 2)} frames:2 report:{r6} "
                                             f"wheel:800,450,-3 frames:2 report:{r7} key:Escape key:ctrl+q", env)
                a, b = parse(r6), parse(r7)
                head = next((i[3] for i in a if i[0] == "text" and " of " in i[3] and "scroll" in i[3]), "")
                after = next((i[3] for i in b if i[0] == "text" and " of " in i[3] and "scroll" in i[3]), "")
                total = int(re.search(r"of (\d+)", head).group(1)) if head else 0
                check(f"{m[3]} opens a list of them all", total >= n, (head, n))
                check(f"{m[3]}: the wheel scrolls the list", head.startswith("1\u2013") and after.startswith("10\u2013"),
                      (head, after))

        # the console scrolls back with the wheel: older lines, and how many newer ones are below
        chatty = os.path.join(tmp, "chatty.py")
        open(chatty, "w").write("import asyncio\nasync def main():\n    for i in range(60):\n"
                                "        print(f'line {i}')\n        await asyncio.sleep(0.01)\nasyncio.run(main())\n")
        c0, c1 = os.path.join(tmp, "c0.txt"), os.path.join(tmp, "c1.txt")
        rc, out, err = window([chatty], f"runs:1 key:End frames:2 report:{c0} key:ctrl+q", env)
        rows = [i for i in parse(c0) if i[0] == "console_line"]
        texts0 = [i[3] for i in parse(c0) if i[0] == "text"]
        if rows:
            x, y = int(rows[0][2][0] + 40), int(rows[0][2][1] + 5)
            rc, out, err = window([chatty], f"runs:1 key:End frames:2 wheel:{x},{y},5 frames:2 report:{c1} key:ctrl+q",
                                  env)
            texts1 = [i[3] for i in parse(c1) if i[0] == "text"]
            check("the console shows the newest line, then scrolls back 15 lines with the wheel",
                  "line 59" in texts0 and "line 59" not in texts1 and "line 44" in texts1
                  and any("15 newer lines" in t for t in texts1), (texts0[-3:], texts1[-4:]))
        else:
            check("the console lists lines", False, texts0[-5:])

        # Ctrl+= makes text and controls larger, and the window remembers it
        def logo_h(path):
            return next((i[2][3] for i in parse(path) if i[0] == "text" and i[3] == "looplab"), 0)
        z0, z1, z2 = (os.path.join(tmp, f"z{i}.txt") for i in range(3))
        rc, out, err = window([big], f"runs:1 frames:2 report:{z0} key:ctrl+= key:ctrl+= frames:2 report:{z1} "
                                     f"key:ctrl+q", env)
        saved = open(os.path.join(tmp, "state", "looplab", "ui-scale")).read().strip() \
            if os.path.exists(os.path.join(tmp, "state", "looplab", "ui-scale")) else ""
        check("Ctrl+= twice: larger text, the scale remembered", logo_h(z1) > logo_h(z0) * 1.1 and saved == "1.21",
              (logo_h(z0), logo_h(z1), saved))
        rc, out, err = window([big], f"runs:1 frames:2 report:{z2} key:ctrl+0 frames:1 key:ctrl+q", env)
        check("the next window opens at the remembered scale", abs(logo_h(z2) - logo_h(z1)) <= 1, (logo_h(z2), logo_h(z1)))

        # a shortened label shows its whole text on hover
        cut = next(((i, parse(r0)[n + 1]) for n, i in enumerate(parse(r0)) if i[0] == "text" and i[1] == 1), None)
        if cut:
            (cx, cy, cw, ch), whole = cut[0][2], cut[1][3]
            t1 = os.path.join(tmp, "t1.txt")
            rc, out, err = window([big], f"runs:1 key:End frames:2 move:{int(cx + cw / 2)},{int(cy + ch / 2)} "
                                         f"frames:2 report:{t1} key:ctrl+q", env)
            items = parse(t1)
            tip = next((i for i in items if i[0] == "tooltip"), None)
            inside_tip = " ".join(i[3] for i in items if tip and i[0] == "text" and tip[2][1] <= i[2][1] < tip[2][1] + tip[2][3])
            check(f"hovering '{cut[0][3]}' shows its whole text in a tooltip", tip is not None and
                  " ".join(whole.split()) in " ".join(inside_tip.split()), (whole, inside_tip))
        else:
            check("the big program has a shortened label", False, "")

        # E: events a second; at the fastest rate the whole run plays (and stops at its end)
        rc, out, err = window([big], "runs:1 key:e " + "key:] " * 6 + "key:space until-paused status key:ctrl+q", env)
        st = statuses(out)
        check("E then the fastest rate plays the big program to its end", rc == 0 and len(st) == 1
              and st[0][0] == st[0][1] > 15000, (st, err[-300:]))  # ~15,900 records: a step is its RUN's

        # a click on a task's row selects it; . and , jump to its next and previous events
        r4 = os.path.join(tmp, "r4.txt")
        rc, out, err = window([big], f"runs:1 frames:2 report:{r4} key:ctrl+q", env)
        row = next((i for i in parse(r4) if i[0] == "task_row" and i[1] == 5), None)
        if row:
            x, y = int(row[2][0] + 20), int(row[2][1] + row[2][3] / 2)
            rc, out, err = window([big], f"runs:1 click:{x},{y} frames:2 key:. status key:. status "
                                         f"key:, status key:ctrl+q", env)
            st = statuses(out)
            check(", and . step between the selected task's events", len(st) == 3 and 0 < st[0][0] < st[1][0]
                  and st[2][0] == st[0][0], (st, err[-300:]))
        else:
            check("task 5 has a row to click", False, "")

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
