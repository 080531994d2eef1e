"""known_calls.py - what each timer calls, in the trace, against CPython.

asyncio's own timer callbacks (a sleep's wake-up, wait_for's timeout,
asyncio.timeout's deadline) are named in the trace by a code in their
CALL_AT record (trace.h, lp_known_call) instead of a HANDLE_CALL record
each; the program's own callbacks keep their HANDLE_CALL. The witness is
real python3.11: the same program on CPython's own loop, with call_at
wrapped to note each timer's callback (its __qualname__). looplab's raw
trace (--raw-trace) must name the same callbacks, timer by timer, and hold
no HANDLE_CALL for the known ones.
Usage: known_calls.py LOOPLAB PYTHON
"""
import os
import re
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

PROGRAM = """\
import asyncio

def ring(label):
    print('ring', label)

async def slow():
    await asyncio.sleep(5)

async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(0.2, ring, 'a')
    await asyncio.sleep(0.5)
    try:
        await asyncio.wait_for(slow(), 0.3)
    except asyncio.TimeoutError:
        print('wait_for timed out')
    try:
        async with asyncio.timeout(0.25):
            await asyncio.sleep(1)
    except TimeoutError:
        print('timeout block expired')
    await asyncio.wait([asyncio.ensure_future(slow())], timeout=0.1)
    for i in range(3):
        await asyncio.sleep(0.01 * i)
    print('done')

asyncio.run(main())
"""

# Run on CPython: every call_at's callback, in order, printed to stderr.
WITNESS = """\
import asyncio, sys
base = asyncio.base_events.BaseEventLoop
plain = base.call_at
def call_at(self, when, callback, *args, **kw):
    fn = getattr(callback, '__func__', callback)
    sys.stderr.write('TIMER %s\\n' % getattr(fn, '__qualname__', '?'))
    return plain(self, when, callback, *args, **kw)
base.call_at = call_at
sys.argv = [sys.argv[1]]
exec(compile(open(sys.argv[0]).read(), sys.argv[0], 'exec'), {'__name__': '__main__'})
"""


def trace_format():
    """Kind numbers by name (trace.h's X-macro order) and the known calls'
    names by code (trace.c's table)."""
    with open(os.path.join(ROOT, "src/core/trace.h")) as f:
        header = f.read()
    macro = header[header.index("#define LP_TRACE_EVENTS"):header.index("typedef enum lp_event_kind")]
    kinds = {name: i for i, name in enumerate(re.findall(r'XX\(([A-Z_]+), "', macro))}
    enum = header[header.index("typedef enum lp_known_call"):]
    codes = re.findall(r"\n\s+(LP_CALL_\w+)", enum[:enum.index("} lp_known_call")])
    with open(os.path.join(ROOT, "src/core/trace.c")) as f:
        table = dict(re.findall(r'\[(LP_CALL_\w+)\] = "([^"]+)"', f.read()))
    names = {i: table.get(code) for i, code in enumerate(codes)}
    return kinds, names


def read_raw(path):
    """(records as (kind, subject, small, arg), strings by id) of a raw trace."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:7] == b"LPTRACE", data[:8]
    count, nstrings = struct.unpack_from("<QQ", data, 8)
    offset = 24
    records = [struct.unpack_from("<dIBBHQ", data, offset + 24 * i)[1:] for i in range(count)]
    offset += 24 * count
    strings = [""]
    for _ in range(1, nstrings):
        (n,) = struct.unpack_from("<I", data, offset)
        strings.append(data[offset + 4:offset + 4 + n].decode("utf-8", "replace"))
        offset += 4 + n
    return [(r[1], r[0], r[3], r[4]) for r in records], strings


def main(argv):
    looplab, python = argv[1], argv[2]
    kinds, names = trace_format()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        prog = os.path.join(tmp, "timers.py")
        witness = os.path.join(tmp, "witness.py")
        raw = os.path.join(tmp, "run.raw")
        with open(prog, "w") as f:
            f.write(PROGRAM)
        with open(witness, "w") as f:
            f.write(WITNESS)
        ref = subprocess.run([python, "-I", witness, prog], capture_output=True, text=True, timeout=60)
        ours = subprocess.run([looplab, "run", "--raw-trace", raw, prog], capture_output=True,
                              text=True, timeout=60)
        if ref.returncode or ours.returncode or ref.stdout != ours.stdout:
            failures.append("runs differ: %r / %r" % ((ref.returncode, ref.stdout, ref.stderr[-300:]),
                                                     (ours.returncode, ours.stdout, ours.stderr[-300:])))
        expected = [l[6:] for l in ref.stderr.splitlines() if l.startswith("TIMER ")]
        records, strings = read_raw(raw)
    # each timer: the name its CALL_AT gives, else its HANDLE_CALL's text
    calls = {}
    for kind, subject, small, arg in records:
        if kind == kinds["HANDLE_CALL"]:
            calls.setdefault(subject, []).append(strings[arg & 0xFFFFFFFF])
    got = []
    for kind, subject, small, arg in records:
        if kind != kinds["CALL_AT"]:
            continue
        known = names.get(small)
        texts = calls.get(subject, [])
        if known and texts:
            failures.append("timer %d: named %s by its CALL_AT and by HANDLE_CALL %r" % (subject, known, texts))
        text = known or (texts[0] if texts else "?")
        got.append(text.split("(")[0])  # "ring('a')" -> "ring"
    if got != expected:
        failures.append("timers' callbacks:\n  CPython: %s\n  looplab: %s" % (expected, got))
    for code in (1, 2, 3):
        if names.get(code) and names[code] not in expected:
            failures.append("the program does not exercise %s" % names[code])
    spent = [t for v in calls.values() for t in v if t in names.values()]
    if spent:
        failures.append("HANDLE_CALL records for known calls (a record each, saved no more): %s" % spent)
    handle_calls = sum(len(v) for v in calls.values())
    known_calls = sum(1 for r in records if r[0] == kinds["CALL_AT"] and names.get(r[2]))
    print("%d timers, as CPython's; %d named in their CALL_AT, %d HANDLE_CALL records"
          % (len(got), known_calls, handle_calls))
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
