"""check_expected.py - every lesson and scenario gives the findings listed for it.

tests/insights/expected.txt lists, for every scenarios/*.py lesson and every
tests/scenarios/*.py conformance scenario, the findings of
`looplab run --insights=json` as "FILE: KIND@LINE KIND@LINE ..." ("FILE: -"
for none). A finding not listed is a false positive, a listed one missing is
a finding lost; either fails. A file with no line in the list fails too, so a
new scenario must be looked at and listed (`--update` rewrites the list from
the current runs, to be read before it is committed).

Usage: python3 check_expected.py LOOPLAB SOURCE_DIR [--update]
"""
import concurrent.futures
import glob
import json
import os
import subprocess
import sys

LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected.txt")


def files(root):
    found = sorted(glob.glob(os.path.join(root, "scenarios", "[0-9]*.py")))
    found += sorted(glob.glob(os.path.join(root, "tests", "scenarios", "*.py")))
    return [os.path.relpath(f, root) for f in found]


def findings(looplab, root, rel):
    path = os.path.join(root, rel)
    out = subprocess.run([looplab, "run", "--insights=json", os.path.basename(path)],
                         cwd=os.path.dirname(path), capture_output=True, text=True, errors="replace",
                         timeout=120,
                         stdin=subprocess.DEVNULL)
    start = out.stderr.rfind('{"findings": [')
    if start < 0:
        return None
    report = json.loads(out.stderr[start:])["findings"]
    return sorted(f"{f['kind']}@{f['line']}" for f in report)


def read_list():
    listed = {}
    if os.path.exists(LIST):
        with open(LIST, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                name, _, rest = line.partition(": ")
                listed[name] = sorted(rest.split()) if rest.strip() != "-" else []
    return listed


def main():
    looplab, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    names = files(root)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        got = dict(zip(names, pool.map(lambda n: findings(looplab, root, n), names)))
    if update:
        with open(LIST, "w", encoding="utf-8") as f:
            f.write("# The findings each lesson and scenario must give "
                    "(tests/insights/check_expected.py).\n")
            for name in names:
                f.write(f"{name}: {' '.join(got[name]) if got[name] else '-'}\n")
        print(f"wrote {LIST}")
        return 0
    listed = read_list()
    failed = 0
    for name in names:
        want = listed.get(name)
        problems = []
        if got[name] is None:
            problems.append("no JSON report on stderr")
        elif want is None:
            problems.append(f"not listed in expected.txt (it finds: {' '.join(got[name]) or '-'})")
        else:
            extra = [f for f in got[name] if f not in want]
            lost = [f for f in want if f not in got[name]]
            problems += [f"unexpected {f}" for f in extra] + [f"missing {f}" for f in lost]
        if problems:
            failed += 1
            print(f"{name}: FAILED")
            for p in problems:
                print(f"    {p}")
    stale = sorted(set(listed) - set(names))
    for name in stale:
        failed += 1
        print(f"{name}: listed in expected.txt but gone")
    print(f"{len(names) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
