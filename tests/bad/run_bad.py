"""run_bad.py - every bad input of tests/bad, run headless, against its
expected outcome (tests/bad/expected.txt: status and a message substring).

Usage: run_bad.py LOOPLAB [--mode headless] [--jobs N] [CASE...]
Prints one line a case and "N passed, N failed"; exits 1 on a failure.

Besides its expected status and message, every case must end on its own
within TIMEOUT seconds (never hang), not die of a signal (never crash) and
not leave a file behind (the layer wrote nothing). Some cases cannot live in
the folder as files; GENERATED builds them in a temporary folder.

Adding a way to run a case (the window under the offscreen driver, later):
write a function like run_headless(looplab, case) that returns an Outcome
(status, stdout, stderr: the message the window shows can go in stderr) and
add it to MODES; every case then runs that way too with --mode NAME.
"""
import argparse
import dataclasses
import concurrent.futures
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
# Every case must be ended by looplab itself within 40 s of real time, on a
# busy machine too (the bound, not stretched): the supervisor ends a
# program that computes without progress after 12 s of CPU time or 30 s of
# real time wanting a CPU (ran or waited for one), one that waits for nothing
# after 15 s, and any after 60 s of real time.
TIMEOUT = 40
LEFTOVERS = ("looplab_bad_corpus_*",)   # files a refused case would have made
NOT_CASES = ("expected.txt", "run_bad.py", "payload.c", "kernel_only.c", "run_kernel.py", "kernel")


@dataclass
class Case:
    file: str                 # as given to looplab, relative to ROOT
    status: int
    where: str                # "stdout", "stderr" or "" (no check)
    text: str
    options: list = field(default_factory=list)
    line: int = 0             # in expected.txt
    args: list = field(default_factory=list)    # the program's own arguments
    pass_fds: tuple = ()      # descriptors looplab inherits
    after: object = None      # a function returning a problem (str) or None, run afterwards
    modes: tuple = ("headless", "window")

    @property
    def name(self):
        return os.path.basename(self.file) + (" " + " ".join(self.options) if self.options else "")


@dataclass
class Outcome:
    status: int
    stdout: str
    stderr: str


def parse_expected(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) not in (3, 4):
                raise SystemExit(f"{path}:{number}: expected FILE | STATUS | WHERE:TEXT [| OPTIONS]")
            where, _, text = parts[2].partition(":")
            if parts[2] == "-":
                where, text = "", ""
            elif where not in ("stdout", "stderr"):
                raise SystemExit(f"{path}:{number}: WHERE must be stdout or stderr")
            options = parts[3].split() if len(parts) == 4 else []
            cases.append(Case(os.path.join("tests", "bad", parts[0]), int(parts[1]), where, text,
                              options, number))
    return cases


def generated_cases(tmp):
    """Cases that need files made at run time."""
    cases = []
    # A native module from outside the standard library (a copy of a
    # harmless one that nothing imports first), loaded the ordinary way:
    # refused by the native gate.
    sources = glob.glob("/usr/lib/python3.11/lib-dynload/audioop.cpython-*.so")
    if sources:
        folder = os.path.join(tmp, "native")
        os.makedirs(folder)
        shutil.copy(sources[0], folder)
        program = os.path.join(folder, "native_outside.py")
        with open(program, "w") as f:
            f.write("import sys\nassert 'audioop' not in sys.modules\nimport audioop\n")
        cases.append(Case(program, 1, "stderr",
                          "looplab refuses loading a native module from outside Python's "
                          "standard library"))
    cases += attack_cases(tmp)
    # A FIFO nobody writes to, given as the program: refused, not waited on.
    fifo = os.path.join(tmp, "fifo.py")
    os.mkfifo(fifo)
    cases.append(Case(fifo, 2, "stderr", "not a regular file"))
    return cases


def compile_payload(tmp):
    """payload.c as a shared object (None without a C compiler)."""
    out = os.path.join(tmp, "payload.so")
    cc = shutil.which("cc")
    if not cc or subprocess.run([cc, "-shared", "-fPIC", "-o", out, os.path.join(HERE, "payload.c")],
                                capture_output=True).returncode != 0:
        return None
    return out


def program(folder, name, text):
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(text)
    return path


MEMFD = '''"""Native code from a memfd, loaded by ExtensionFileLoader through /proc/self/fd/N."""
import os, importlib.machinery, importlib.util
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "payload.bin"), "rb") as f:
    data = f.read()
fd = os.memfd_create("payload")
os.write(fd, data)
path = "/proc/self/fd/%d" % fd
loader = importlib.machinery.ExtensionFileLoader("payload", path)
spec = importlib.util.spec_from_file_location("payload", path, loader=loader)
importlib.util.module_from_spec(spec)
print("loaded")
'''

PIPE = '''"""Native code through a pipe's /proc/self/fd/N, a path with no real path."""
import os, importlib.machinery, importlib.util
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "payload.bin"), "rb") as f:
    data = f.read()
read_end, write_end = os.pipe()
os.write(write_end, data[:4096])
path = "/proc/self/fd/%d" % read_end
loader = importlib.machinery.ExtensionFileLoader("payload", path)
spec = importlib.util.spec_from_file_location("payload", path, loader=loader)
importlib.util.module_from_spec(spec)
print("loaded")
'''

# A thread flips the working folder between where a relative path is
# harmless (checked there) and where it is not (used there).
RACE = '''"""The working folder flipped by a thread between a path's check and its use."""
import os, sys, threading
here = os.path.dirname(os.path.abspath(__file__))
safe, target = sys.argv[1], sys.argv[2]
done, errors = [], []

def flip():
    try:
        while True:
            os.chdir(safe)
            os.chdir(here)
            if done:
                break
    except Exception as e:
        errors.append(e)

t = threading.Thread(target=flip)
t.start()
for _ in range(2000):
    if errors:
        break
    try:
        USE(target)
    except Exception:
        pass
done.append(1)
t.join()
if errors:
    raise errors[0]
print("raced 2000 times")
'''

RACE_DLOPEN = RACE.replace("USE(target)", """__import__("importlib.util").util.module_from_spec(
            __import__("importlib.util").util.spec_from_file_location(
                "audioop", target, loader=__import__("importlib.machinery").machinery
                .ExtensionFileLoader("audioop", target)))""")
RACE_OPEN = RACE.replace("USE(target)", "open(target).read()")

PIDFD = '''"""Another process killed through pidfd_open and pidfd_send_signal (no audit event)."""
import os, signal, sys
fd = os.pidfd_open(int(sys.argv[1]))
signal.pidfd_send_signal(fd, signal.SIGKILL)
print("killed", sys.argv[1])
'''

ABORT = '''"""The program's process dies of a signal (SIGABRT) one virtual second in."""
import asyncio, os, signal

async def main():
    print("before the signal", flush=True)
    await asyncio.sleep(1)
    os.kill(os.getpid(), signal.SIGABRT)

asyncio.run(main())
'''

INHERITED = '''"""Writing to descriptors looplab inherited from whoever started it."""
import os
for fd in range(3, 256):
    try:
        os.write(fd, b"escaped")
        print("wrote to descriptor", fd)
    except OSError:
        pass
raise SystemExit("no descriptor to write to")
'''


def attack_cases(tmp):
    """The attacks of issue 15, each refused (or stopped) with a clear message."""
    cases = []
    payload = compile_payload(tmp)
    if payload:
        folder = os.path.join(tmp, "memfd")
        os.makedirs(folder)
        shutil.copy(payload, os.path.join(folder, "payload.bin"))
        # no file may be written, a memfd neither (RLIMIT_FSIZE 0)
        cases.append(Case(program(folder, "memfd_native.py", MEMFD), 1, "stderr",
                          "OSError: [Errno 27] File too large"))
        # a path with no real path (a pipe's /proc/self/fd/N): the gate fails closed
        cases.append(Case(program(folder, "pipe_native.py", PIPE), 1, "stderr",
                          "looplab refuses loading a native module from outside Python's "
                          "standard library ('/proc/self/fd/"))
        # the payload under a stdlib module's name, next to the program
        folder = os.path.join(tmp, "race")
        dynload = glob.glob("/usr/lib/python3.11/lib-dynload/audioop.cpython-*.so")
        if dynload:
            name = os.path.basename(dynload[0])
            os.makedirs(folder)
            shutil.copy(payload, os.path.join(folder, name))
            cases.append(Case(program(folder, "cwd_race_dlopen.py", RACE_DLOPEN), 1, "stderr",
                              "looplab refuses changing the working folder (os.chdir)",
                              args=[os.path.dirname(dynload[0]), name]))
    folder = os.path.join(tmp, "race_open")
    with open(program(folder, "passwd", "nothing secret here\n"), "w") as f:
        f.write("nothing secret\n")
    cases.append(Case(program(folder, "cwd_race_open.py", RACE_OPEN), 1, "stderr",
                      "looplab refuses changing the working folder (os.chdir)",
                      args=["/etc", "passwd"]))
    # a process of the test's own, which the program must not be able to kill
    victim = subprocess.Popen(["sleep", "300"])
    VICTIMS.append(victim)
    cases.append(Case(program(os.path.join(tmp, "pidfd"), "pidfd_kill.py", PIDFD), 1, "stderr",
                      "PermissionError: [Errno 1] Operation not permitted",
                      args=[str(victim.pid)],
                      after=lambda: None if victim.poll() is None else "the other process was killed"))
    # a process that dies of a signal: said so (which, where), 128 + the
    # signal, and its trace up to then is still written
    abort = program(os.path.join(tmp, "abort"), "abort_self.py", ABORT)
    trace = os.path.join(tmp, "abort", "trace.json")
    cases.append(Case(abort, 134, "stderr", "looplab: the program died of signal 6 (Aborted) at "
                      "t=1.000, last seen at " + abort + ":6", options=["--trace", trace],
                      after=lambda: trace_problem(trace), modes=("headless",)))
    cases.append(Case(abort, 134, "stderr", "died of signal 6", modes=("window",)))
    # a writable descriptor looplab inherits: the program must not get it
    target = os.path.join(tmp, "inherited.txt")
    fd = os.open(target, os.O_WRONLY | os.O_CREAT, 0o600)
    os.set_inheritable(fd, True)
    cases.append(Case(program(os.path.join(tmp, "fds"), "inherited_fd.py", INHERITED), 1, "stderr",
                      "no descriptor to write to", pass_fds=(fd,),
                      after=lambda: "the inherited descriptor was written to"
                      if os.path.getsize(target) else None))
    return cases


VICTIMS = []


def trace_problem(path):
    """None if `path` holds a trace with the program's task in it."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        return f"no trace written ({e})"
    return None if "Task-1" in text else "the trace lacks the program's task"


def run_headless(looplab, case):
    p = subprocess.run([looplab, "run", *case.options, case.file, *case.args], cwd=ROOT,
                       capture_output=True, timeout=TIMEOUT, pass_fds=case.pass_fds)
    return Outcome(p.returncode, p.stdout.decode("utf-8", "replace"),
                   p.stderr.decode("utf-8", "replace"))


def run_window(looplab, case):
    """The window, drawn off screen (`looplab shot`, which runs the case in
    a child as the window does): it must still answer (draw a frame, exit
    0), and a case that fails must show its error in the window. The
    error's words become the outcome's stderr, so the expected message
    (its first words: a box may cut a long one) is looked for there."""
    with tempfile.TemporaryDirectory() as tmp:
        out, report = os.path.join(tmp, "shot.png"), os.path.join(tmp, "shot.txt")
        if case.args:   # the window takes no program arguments: give them through a wrapper
            case = dataclasses.replace(case, file=wrap_args(tmp, case))
        p = subprocess.run([looplab, "shot", case.file, "--at", "1e9", "--out", out, "--report", report,
                            *case.options], cwd=ROOT, capture_output=True, timeout=TIMEOUT,
                           pass_fds=case.pass_fds)
        shown, boxes, trusted = [], [], False
        if os.path.exists(report):
            with open(report, encoding="utf-8", errors="replace") as f:
                for line in f:
                    parts = line.rstrip("\n").split(" ", 6)
                    x, y, w, h = (float(v) for v in parts[2:6])
                    if parts[0] == "error":
                        boxes.append((x, y, w, h))
                    elif parts[0] == "trusted":
                        trusted = True
                    elif parts[0] == "text" and len(parts) > 6:
                        shown.append((x, y, parts[6]))
        inside = [text for x, y, text in shown
                  if any(bx <= x <= bx + bw and by <= y <= by + bh for bx, by, bw, bh in boxes)]
        stderr = p.stderr.decode("utf-8", "replace")
        if p.returncode == 2:               # not a program: refused before any window, as by run
            return Outcome(2, "", stderr)
        status = case.status if p.returncode == 0 and os.path.exists(out) else 200 + p.returncode
        if p.returncode == 0 and case.status != 0 and not boxes:
            status = 300                    # failed, and the window does not say so
        if p.returncode == 0 and trusted != ("--trust" in case.options):
            status = 301                    # the window must say when the layer is lifted
        text = " ".join(inside).replace("\u2026", "")
        return Outcome(status, text, text + stderr)


def wrap_args(tmp, case):
    """A program next to case.file that runs it with case.args as sys.argv[1:]."""
    folder = os.path.dirname(case.file)
    wrapper = os.path.join(folder, "with_args_" + os.path.basename(case.file))
    with open(wrapper, "w") as f:
        f.write("import runpy, sys\nsys.argv[1:] = %r\nrunpy.run_path(%r, run_name='__main__')\n"
                % (case.args, case.file))
    return wrapper


def window_expectation(case):
    """In the window the error box shows the message's last line, cut to
    its width: what a case expects there is that the box exists (checked
    by run_window) and, for a refusal, its first words."""
    if case.status in (0, 2) or not case.text.startswith(("looplab refuses", "looplab: stopped")):
        return dataclasses.replace(case, where="" if case.status != 2 else case.where)
    return dataclasses.replace(case, where="stderr", text=" ".join(case.text.split()[:2]))


MODES = {"headless": run_headless, "window": run_window}


def check(run, looplab, case):
    """Returns a list of problems (empty: the case passed)."""
    try:
        got = run(looplab, case)
    except subprocess.TimeoutExpired:
        return [f"still running after {TIMEOUT:.0f} s (looplab must never hang)"]
    problems = []
    if got.status < 0:
        problems.append(f"killed by signal {-got.status} (looplab must never crash)")
    elif got.status != case.status:
        problems.append(f"status {got.status}, expected {case.status}")
    if case.where and case.text not in getattr(got, case.where):
        problems.append(f"{case.where} lacks {case.text!r}")
    if case.after and case.after():
        problems.append(case.after())
    for bad in ("AddressSanitizer", "runtime error:", "Fatal Python error"):
        if bad in got.stderr:
            problems.append(f"stderr has {bad!r}")
    if problems:
        tail = got.stderr.strip().splitlines()[-3:]
        problems.append("stderr ends: " + " / ".join(tail))
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("looplab")
    parser.add_argument("cases", nargs="*", help="file names to run (default: all)")
    parser.add_argument("--mode", choices=sorted(MODES), default="headless")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    looplab = os.path.abspath(args.looplab)

    cases = parse_expected(os.path.join(HERE, "expected.txt"))
    listed = {os.path.basename(c.file) for c in cases}
    unlisted = sorted(n for n in os.listdir(HERE)
                      if n not in listed and n not in NOT_CASES
                      and not n.startswith((".", "__")))
    failed = 0
    for name in unlisted:
        print(f"FAIL {name}: no line in expected.txt")
        failed += 1

    with tempfile.TemporaryDirectory(prefix="looplab_bad_") as tmp:
        cases += generated_cases(tmp)
        if args.cases:
            cases = [c for c in cases if os.path.basename(c.file) in args.cases]
        cases = [c for c in cases if args.mode in c.modes]
        run = MODES[args.mode]
        if args.mode == "window":
            cases = [window_expectation(case) for case in cases]
        try:
            with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
                results = list(pool.map(lambda c: (c, check(run, looplab, c)), cases))
        finally:
            for victim in VICTIMS:
                victim.kill()
                victim.wait()
    for case, problems in results:
        print(("ok   " if not problems else "FAIL ") + case.name +
              ("" if not problems else ": " + "; ".join(problems)))
        failed += bool(problems)
    for pattern in LEFTOVERS:
        for path in glob.glob(os.path.join(ROOT, pattern)) + glob.glob(os.path.join(HERE, pattern)):
            print(f"FAIL a refused case left {path} behind")
            failed += 1
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
