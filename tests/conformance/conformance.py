"""conformance.py - looplab's loop against CPython's, scenario by scenario.

For every scenario (a plain asyncio program), runs

    looplab run --stamp FILE.py                  (looplab's C loop)
    python3.11 tests/reference/refrun.py --stamp FILE.py
                                                 (CPython's own loop, same
                                                  virtual-time model)

and requires the same exit status and, line for line, the same stdout and
stderr. Tracebacks may differ only in frames inside asyncio's own modules,
concurrent.futures (executors are simulated on both sides) and the two
loops' own code (looplab's shim, which the reference partly shares from
src/py/shim); those frames are dropped on both sides before comparing, as
DESIGN.md allows.

Known differences: tests/conformance/known_differences.txt lists the
scenarios where looplab is known to differ from the reference today, one a
line, "SCENARIO | ISSUE ITEM | REASON". A listed scenario must still differ
(an expected failure); one that agrees fails the test with "remove it from
the list", so the list cannot go stale silently; a listed scenario that
does not exist fails it too.

A scenario may give extra options on a line of its own near the top:
    # conformance-args: --until 5 --seed 3
and one that needs a part of the model not built yet is skipped (and said
so) while it carries, near the top, a line:
    # conformance-pending: why, and the reproducer under tests/scenarios/pending/
Usage: conformance.py [-j N] [--known FILE] LOOPLAB REFRUN PYTHON FILE_OR_DIR...
Prints one line per scenario and "N passed, N expected differences, N
failed" at the end; exits 1 if any failed. Scenarios run N at a time (2).
"""
import argparse
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys

# Frames whose file starts with one of these are implementation details.
DROPPED_FRAME_PREFIXES = (
    "/usr/lib/python3.11/asyncio/",
    "/usr/lib/python3.11/concurrent/futures/",
    "<looplab>/",
)
KNOWN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "known_differences.txt")
# A frame's first line; in an exception group's traceback it is indented
# behind "  |   " bars. The frame's code and caret lines are indented more.
FRAME = re.compile(r'^([ |]*)File "([^"]*)", line \d+')
TIMEOUT_SECONDS = 60


def reference_dir(refrun):
    return os.path.dirname(os.path.abspath(refrun)) + os.sep


def drop_frames(text, extra_prefixes):
    """Removes traceback frames (the File line and its indented code and
    caret lines) that lie in the loops' implementations."""
    prefixes = DROPPED_FRAME_PREFIXES + tuple(extra_prefixes)
    out, skipping, indent = [], False, ""
    for line in text.splitlines(keepends=True):
        m = FRAME.match(line)
        if m:
            indent, path = m.group(1) + "  ", m.group(2)
            skipping = path.startswith(prefixes) or os.path.abspath(path).startswith(prefixes)
            if not skipping:
                out.append(line)
            continue
        if skipping and line.startswith(indent):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def header_field(path, name):
    """The text after "# NAME:" on one of the first 30 lines, or None."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for _, line in zip(range(30), f):
            if line.startswith("# %s:" % name):
                return line.split(":", 1)[1].strip()
    return None


def scenario_args(path):
    return (header_field(path, "conformance-args") or "").split()


def run(command, cwd):
    try:
        p = subprocess.run(command, cwd=cwd, capture_output=True, timeout=TIMEOUT_SECONDS)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return "timeout", "", "(did not finish in %d s)\n" % TIMEOUT_SECONDS


def compare(path, looplab, refrun, python, repo):
    rel = os.path.relpath(path, repo)
    args = ["--stamp"] + scenario_args(path)
    ours = run([looplab, "run"] + args + [rel], repo)
    theirs = run([python, refrun] + args + [rel], repo)
    # the reference runs looplab's shared model files from the source tree
    extra = [reference_dir(refrun)]
    problems = []
    if ours[0] != theirs[0]:
        problems.append("exit status: looplab %s, reference %s" % (ours[0], theirs[0]))
    for name, a, b in (("stdout", ours[1], theirs[1]),
                       ("stderr", drop_frames(ours[2], extra), drop_frames(theirs[2], extra))):
        if a != b:
            diff = difflib.unified_diff(b.splitlines(), a.splitlines(), "reference " + name,
                                        "looplab " + name, lineterm="", n=2)
            problems.append("\n".join(list(diff)[:40]))
    return rel, problems


def scenarios(paths):
    for path in paths:
        if os.path.isdir(path):
            for name in sorted(os.listdir(path)):
                if name.endswith(".py") and name != "sim.py":
                    yield os.path.join(path, name)
        else:
            yield path


def read_known(path):
    """{scenario (relative to the repository): (item, reason)}"""
    known = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = [field.strip() for field in line.split("|")]
            if len(fields) != 3 or not all(fields):
                raise SystemExit("%s:%d: expected SCENARIO | ITEM | REASON" % (path, number))
            known[fields[0]] = (fields[1], fields[2])
    return known


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--known", default=KNOWN)
    parser.add_argument("looplab")
    parser.add_argument("refrun")
    parser.add_argument("python")
    parser.add_argument("paths", nargs="+")
    options = parser.parse_args(argv[1:])
    looplab, refrun, python = (os.path.abspath(a) for a in
                               (options.looplab, options.refrun, options.python))
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    known = read_known(options.known)
    passed = expected = failed = 0
    for rel in sorted(known):
        if not os.path.isfile(os.path.join(repo, rel)):
            failed += 1
            print("FAIL %s is listed in %s but does not exist: remove it from the list"
                  % (rel, os.path.basename(options.known)))
    todo = []
    for path in scenarios(options.paths):
        pending = header_field(path, "conformance-pending")
        if pending:
            print("skip %s (pending: %s)" % (os.path.relpath(path, repo), pending))
        else:
            todo.append(os.path.abspath(path))

    def one(path):
        return compare(path, looplab, refrun, python, repo)

    with concurrent.futures.ThreadPoolExecutor(options.j) as pool:
        for rel, problems in pool.map(one, todo):
            listed = known.get(rel)
            if listed and problems:
                expected += 1
                print("xfail %s (known difference, issue %s: %s)" % (rel, listed[0], listed[1]))
                for p in problems:
                    print("    " + p.replace("\n", "\n    "))
            elif listed:
                failed += 1
                print("FAIL %s agrees with the reference now: remove it from %s"
                      % (rel, os.path.basename(options.known)))
            elif problems:
                failed += 1
                print("FAIL %s" % rel)
                for p in problems:
                    print("    " + p.replace("\n", "\n    "))
            else:
                passed += 1
                print("ok   %s" % rel)
            sys.stdout.flush()
    print("%d passed, %d expected differences, %d failed" % (passed, expected, failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
