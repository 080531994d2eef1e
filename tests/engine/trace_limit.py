"""trace_limit.py - a run whose trace outgrows its limit stops clearly.

A 1 ms ticker left to the default --until (3600 s) would record about a
gigabyte of trace. looplab must stop it with status 124 and a message
naming the trace's limit, with its memory bounded (peak RSS well under
what the whole trace would take), and print what it printed before.
Usage: trace_limit.py LOOPLAB
"""
import os
import resource
import subprocess
import sys
import tempfile

TICKER = """\
import asyncio

async def main():
    print('ticking')
    while True:
        await asyncio.sleep(0.001)

asyncio.run(main())
"""
PEAK_LIMIT_KB = 700 * 1024          # the trace's 256 MiB, plus the interpreter's share


def main(argv):
    looplab = argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "ticker.py")
        with open(path, "w") as f:
            f.write(TICKER)
        p = subprocess.run([looplab, "run", path], capture_output=True, text=True, timeout=600)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    failures = []
    if p.returncode != 124:
        failures.append("exit status %d, not 124" % p.returncode)
    if "the trace reached its limit of 256 MiB" not in p.stderr:
        failures.append("no trace-limit message: %r" % p.stderr[-300:])
    if p.stdout != "ticking\n":
        failures.append("stdout %r" % p.stdout[:200])
    if peak > PEAK_LIMIT_KB:
        failures.append("peak RSS %d KB over %d KB" % (peak, PEAK_LIMIT_KB))
    for failure in failures:
        print("FAIL", failure)
    if not failures:
        print("ok: stopped with 124 at the trace's limit; peak RSS %d KB" % peak)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
