"""gallery_test.py - the README's gallery cannot rot: docs/make_gallery.sh
draws every picture (exit 0, a 1600x900 PNG of some size for each shot), it
has a picture of every lesson in scenarios/, and the README links each one.
Usage: gallery_test.py LOOPLAB   (prints "N passed, N failed"; exit 1 on failure)
"""
import glob
import os
import re
import struct
import subprocess
import sys
import tempfile

LOOPLAB = os.path.abspath(sys.argv[1])
results = []


def check(name, condition, detail=""):
    results.append(bool(condition))
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else ": " + str(detail)))


script = os.path.join("docs", "make_gallery.sh")
shots = re.findall(r"^shot\s+(\S+)\s+([\d.]+)", open(script).read(), re.M)
lessons = sorted(os.path.basename(p)[:-3] for p in glob.glob("scenarios/[0-9][0-9]_*.py"))
check("the script has one shot per lesson", sorted(name for name, _ in shots) == lessons,
      (sorted(name for name, _ in shots), lessons))

with tempfile.TemporaryDirectory() as out:
    p = subprocess.run(["sh", script, LOOPLAB, out], capture_output=True, text=True, timeout=300)
    check("make_gallery.sh exits 0", p.returncode == 0, p.stderr[-800:])
    for name, at in shots:
        png = os.path.join(out, name + ".png")
        data = open(png, "rb").read() if os.path.exists(png) else b""
        size = struct.unpack(">II", data[16:24]) if data[:8] == b"\x89PNG\r\n\x1a\n" else None
        # a real frame of the window is well over 50 KB; a blank one compresses to a few
        check(f"{name} at {at} s: a 1600x900 PNG of some size", size == (1600, 900) and len(data) > 50000,
              (size, len(data)))

readme = open("README.md").read()
for name, _ in shots:
    check(f"README links docs/lessons/{name}.png", f"docs/lessons/{name}.png" in readme)
    check(f"docs/lessons/{name}.png is in the repository", os.path.exists(f"docs/lessons/{name}.png"))

print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
