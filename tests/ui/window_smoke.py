"""window_smoke.py - the real window under Xvfb, driven with synthetic SDL
input (app/script.h): it loads a scenario, plays it to the end at 16x,
steps and seeks back (keys, a click on the timeline), opens and closes the
help, quits with Ctrl+Q and exits 0. A reload after the file changed keeps
the cursor's time; a reload with a syntax error keeps the last good run; a
lesson stops at its question until it is answered.
Usage: window_smoke.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
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


def window(program, script, timeout=120):
    env = dict(os.environ, LOOPLAB_TEST_INPUT=script, SDL_AUDIODRIVER="dummy",
               XDG_STATE_HOME=os.path.join(tempfile.gettempdir(), "looplab-smoke-state"))
    p = subprocess.Popen(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", LOOPLAB] + ([program] if program else []),
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:  # never leave a window behind
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        err += "\n(timed out)"
    states = [tuple(float(v) for v in m.groups())
              for m in re.finditer(r"status event=(\d+)/(\d+) time=([\d.]+) playing=(\d)", out)]
    return p.returncode, states, err


if not shutil.which("xvfb-run"):
    print("SKIP: xvfb-run is not installed (.ci/deps.sh installs it)")
    sys.exit(0)

SCRIPT = ("wait status key:] key:] key:] key:] key:space until-paused status "
          "key:Home status key:Right frames:30 status key:End key:shift+Left status "
          "click:500,840 frames:2 status key:F1 frames:5 key:Escape key:Left status key:ctrl+q")
rc, s, err = window("tests/scenarios/blocking_sleep_late_timers.py", SCRIPT)
check("window exits 0 after Ctrl+Q", rc == 0, err[-500:])
check("seven status lines", len(s) == 7, s)
if len(s) == 7:
    total = s[0][1]
    check("starts at the first event", s[0][0] == 0 and total > 50, s[0])
    check("plays to the end at 16x and stops", s[1][0] == total and s[1][3] == 0 and s[1][2] == 3.0, s[1])
    check("Home goes back to the start", s[2][0] == 0, s[2])
    check("Right steps one shown event", s[3][0] == 1, s[3])
    check("Shift+Left goes to the previous moment", 0 < s[4][0] < total and s[4][2] < 3.0, s[4])
    check("a click on the timeline seeks", 0 < s[5][0] < total and s[5][2] != s[4][2], s[5])
    check("help closes, then Left steps back", s[6][0] < s[5][0], s[6])

# a lesson: playing stops after its first narration (lesson 9 says what
# time.sleep does, at t = 0), then before its question (when will the 0.5 s
# timer ring?); an answer key lets it go on, to the next narration (at 2.1 s,
# to_thread) and to the end; the lesson list opens on lesson 9 (L), Down and
# Enter open lesson 10
rc, s, err = window("scenarios/09_blocking_call.py",
                    "runs:1 key:] key:] key:] key:] key:space until-paused status "
                    "key:space until-paused status key:2 frames:2 "
                    "key:space until-paused status key:space until-paused status "
                    "key:l frames:2 key:Down key:Return runs:2 status key:ctrl+q")
check("lesson window exits 0", rc == 0, err[-500:])
check("five status lines", len(s) == 5, s)
if len(s) == 5:
    check("playing stops after the first narration, at t = 0", 0 < s[0][0] < s[0][1] and s[0][2] == 0
          and s[0][3] == 0, s[0])
    check("then at the lesson's question, when the loop is free again", s[0][0] < s[1][0] < s[1][1]
          and s[1][2] == 2.0 and s[1][3] == 0, s[1])
    check("after the answer it stops at the next narration", s[1][0] < s[2][0] < s[2][1] and s[2][3] == 0, s[2])
    check("then plays to the end", s[3][0] == s[3][1], s[3])
    check("the lesson list opens lesson 10 after 9", s[4][1] != s[3][1] and s[4][0] == 0, s[4])

# no file: lesson 1, and PgDn opens lesson 2
rc, s, err = window(None, "runs:1 status key:PageDown runs:2 status key:ctrl+q")
check("looplab alone opens a lesson, PgDn the next one", rc == 0 and len(s) == 2 and s[0][1] != s[1][1]
      and s[0][1] > 0 and s[1][1] > 0, (rc, s, err[-300:]))

with tempfile.TemporaryDirectory() as tmp:
    program = os.path.join(tmp, "prog.py")
    with open(program, "w") as f:
        f.write("import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    print('a')\n"
                "    await asyncio.sleep(1)\n    print('b')\nasyncio.run(main())\n")
    edit = os.path.join(tmp, "edit.sh")
    # the script cannot write files: a background writer changes the program
    # while the window runs (after about 3 s), first validly, then broken
    writer = subprocess.Popen(["sh", "-c", f"""
        sleep 6; printf 'import asyncio\\nasync def main():\\n    await asyncio.sleep(1)\\n    print(1)\\n    await asyncio.sleep(3)\\nasyncio.run(main())\\n' > {program}
        sleep 6; printf 'def broken(:\\n' > {program}"""])
    script = "runs:1 key:End key:shift+Left status runs:2 status runs:3 status key:ctrl+q"
    rc, s, err = window(program, script)
    writer.wait()
    check("reload window exits 0", rc == 0, err[-500:])
    if len(s) == 3:
        check("before: the first run", s[0][1] > 0 and s[0][2] == 1.0, s[0])
        check("reload keeps the cursor's time", s[1][2] == 1.0 and s[1][1] != s[0][1], s[1])
        check("a broken reload keeps the last good run", s[2][1] == s[1][1], s[2])
    else:
        check("three status lines", False, s)

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
