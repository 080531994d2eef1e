"""run_cli.py - `looplab run` as a user meets it, end to end.

Checks what the conformance test (which compares with the reference runner)
does not: looplab's own statuses and messages for bad command lines and
files, that --trace writes Chrome trace JSON with a track per task and per
lane, that traces are byte-identical run after run, --stats, and that code
which never yields is stopped by the real-time budget.
Usage: run_cli.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import json
import os
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
results = []


def run(*args, timeout=60):
    p = subprocess.run([LOOPLAB, *args], capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def check(name, condition, detail=""):
    results.append(condition)
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + detail))


def write(directory, name, text):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


PROGRAM = '''
import asyncio, time
def blocking():
    time.sleep(0.5)
    return "done"
async def worker(n):
    await asyncio.sleep(n / 10)
    print("worker", n)
async def main():
    results = await asyncio.gather(worker(1), worker(2), asyncio.to_thread(blocking))
    print(results)
asyncio.run(main())
'''

status, out, err = run("--help")
check("--help names the exit statuses 124 and 130 and --until's default",
      status == 0 and "124" in out and "130" in out and "3600" in out, out)
status, out, err = run("shot", "--help")
check("shot --help prints shot's own help, --trust among its options",
      status == 0 and out.startswith("Usage: looplab shot") and "--trust" in out and "--stamp" not in out, out)
status, out, err = run("run", "--help")
check("run --help prints run's help", status == 0 and out.startswith("Usage: looplab run") and "--until" in out, out)

with tempfile.TemporaryDirectory() as tmp:
    status, out, err = run("run", os.path.join(tmp, "missing.py"))
    check("missing file exits 2", status == 2 and "cannot read" in err, err)
    status, out, err = run("run", tmp)
    check("a directory exits 2", status == 2, err)
    status, out, err = run("run", "--until", "nope", "x.py")
    check("bad --until exits 2 with a hint", status == 2 and "--help" in err, err)

    program = write(tmp, "program.py", PROGRAM)
    status, out, err = run("run", "--stamp", program)
    check("program runs", status == 0 and out.splitlines()[-1].endswith("[None, None, 'done']"),
          out + err)
    check("--stamp prefixes virtual times", out.startswith("[   0.100] worker 1"), out)

    traces = []
    for i in range(3):
        path = os.path.join(tmp, "trace%d.json" % i)
        status, _, err = run("run", "--trace", path, program)
        with open(path, "rb") as f:
            traces.append(f.read())
    check("traces are byte-identical across runs", len(set(traces)) == 1)
    events = json.loads(traces[0])["traceEvents"]
    names = [e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"]
    check("a track per task", any(n.startswith("Task-1 main()") for n in names), str(names))
    check("a track per lane", any("lane 0" in n for n in names), str(names))
    check("output lines are instants", any(e.get("ph") == "i" and "worker 1" in e.get("name", "")
                                           for e in events))

    status, out, err = run("run", "--stats", program)
    check("--stats reports trace events", "trace events" in err and "bytes/event" in err, err)

    where = write(tmp, "where.py", """
import asyncio, types, _looplab

def public(obj):
    frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None) or getattr(obj, "ag_frame", None)
    if frame is None:
        return None
    awaited = getattr(obj, "cr_await", getattr(obj, "gi_yieldfrom", getattr(obj, "ag_await", None)))
    return (frame.f_code, frame.f_lineno, awaited)

@types.coroutine
def gen_based():
    yield
    yield

async def agen():
    await asyncio.sleep(0)
    yield 1

async def inner():
    await asyncio.sleep(0.1)

async def outer():
    await inner()

async def main():
    checked = []
    task = asyncio.create_task(outer())
    g = gen_based()
    a = agen()
    objects = [task.get_coro(), g, a, outer(), 42]
    for _ in range(4):
        for obj in objects:
            checked.append(_looplab.where(obj) == public(obj))
        next(g, None)
        await asyncio.sleep(0.05)
    objects[3].close()
    await task
    for obj in objects:
        checked.append(_looplab.where(obj) == public(obj))
    print(len(checked), all(checked))

asyncio.run(main())
""")
    status, out, err = run("run", "--trust", where)  # _looplab is importable only when trusted
    check("the fast frame reader agrees with cr_frame/f_lineno/cr_await", status == 0 and
          out.strip() == "25 True", out + err)

    named = write(tmp, "named.py", '''
import asyncio
async def tick():
    await asyncio.sleep(10)
async def main():
    task = asyncio.create_task(tick(), name="clock")
    await asyncio.sleep(1)
    task.cancel()
    await asyncio.sleep(0)
asyncio.run(main())
''')
    named_trace = os.path.join(tmp, "named.json")
    status, _, err = run("run", "--trace", named_trace, named)
    with open(named_trace) as f:
        events = json.load(f)["traceEvents"]
    tracks = [e["args"]["name"] for e in events if e.get("name") == "thread_name"]
    cancels = [e for e in events if e.get("name") == "cancel"]
    check("a task named by create_task(name=) has its name in the trace",
          status == 0 and "clock tick()" in tracks, str(tracks) + err)
    check("a cancellation is in the trace, with who cancelled",
          len(cancels) == 1 and "main()" in json.dumps(cancels[0].get("args")), str(cancels))

    threads = write(tmp, "threads.py", '''
import queue, threading, sim
items = queue.Queue(maxsize=1)
def producer():
    for i in range(3):
        items.put(i)
def cruncher():
    sim.cpu(1.0)
threads = [threading.Thread(target=producer, name="producer"), threading.Thread(target=cruncher)]
for t in threads:
    t.start()
for _ in range(3):
    items.get()
for t in threads:
    t.join()
''')
    threads_trace = os.path.join(tmp, "threads.json")
    status, _, err = run("run", "--trace", threads_trace, threads)
    with open(threads_trace) as f:
        names = [e.get("name") for e in json.load(f)["traceEvents"]]
    check("--trace names threads, the call a thread waits in and its CPU work",
          status == 0 and "producer" in names and "Thread-1 (cruncher)" in names
          and "waiting: Queue.put()" in names and "computing" in names, str(set(names)) + err)

    spin = write(tmp, "spin.py", "import asyncio\nasync def main():\n    while True:\n"
                                 "        pass\nasyncio.run(main())\n")
    status, out, err = run("run", spin, timeout=60)
    check("code that never yields is stopped (124)", status == 124 and
          "ran for 10 s of real time without giving control back" in err and
          ("spin.py:3 in main" in err or "spin.py:4 in main" in err), err)  # which line: timing


# Through one pipe for both streams, the lines printed before the error that
# ends a program come before its report, as python3 flushes them first; the
# witness is the Python running this test, buffered as by default.
ENDINGS = {
    "uncaught": "import sys\nprint('a')\nprint('b', file=sys.stderr)\nprint('c')\nraise ValueError('x')\n",
    "exit_message": "print('before')\nraise SystemExit('bye')\n",
}
witness_env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
with tempfile.TemporaryDirectory() as tmp:
    for name, text in ENDINGS.items():
        path = write(tmp, name + ".py", text)
        merged = []
        for argv, env in (([LOOPLAB, "run", path], None), ([sys.executable, path], witness_env)):
            p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               timeout=60, env=env)
            merged.append((p.returncode, [ln for ln in p.stdout.splitlines()
                                          if not ln.lstrip().startswith("File ")]))
        check("one pipe: output before the error that ends the program comes first (%s)" % name,
              merged[0] == merged[1], repr(merged))

# The PYTHON* variables that change how a program runs are read as python3
# reads them (src/py/run.c, shim/loop.py); each program's output is compared
# with the witness's under the same variable.
ENVIRONMENT = {
    "PYTHONASYNCIODEBUG": ("1", "import asyncio\n"
                           "async def main():\n"
                           "    loop = asyncio.get_running_loop()\n"
                           "    print('debug', loop.get_debug())\n"
                           "    print(loop.call_soon(print, 'ran'))\n"
                           "asyncio.run(main())\n"),
    "PYTHONWARNINGS": ("ignore::DeprecationWarning,error::UserWarning",
                       "import warnings\n"
                       "warnings.warn('old', DeprecationWarning)\n"
                       "print('the DeprecationWarning was ignored')\n"
                       "warnings.warn('raised')\n"),
    "PYTHONOPTIMIZE": ("1", "assert False, 'asserts run'\nprint('debug', __debug__)\n"),
}
with tempfile.TemporaryDirectory() as tmp:
    for name, (value, text) in ENVIRONMENT.items():
        path = write(tmp, name.lower() + ".py", text)
        seen = []
        for argv, env in (([LOOPLAB, "run", path], dict(os.environ)), ([sys.executable, path], dict(witness_env))):
            env[name] = value
            p = subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env)
            seen.append((p.returncode, p.stdout, p.stderr.replace(path, "PATH")))
        check("%s=%s is read as python3 reads it" % (name, value), seen[0] == seen[1], repr(seen))

passed = sum(results)
print("%d passed, %d failed" % (passed, len(results) - passed))
sys.exit(0 if passed == len(results) else 1)
