"""export_bench.py: how fast `looplab export` makes a lesson's video, and how
big its GIF is.

    python3 export_bench.py LOOPLAB LESSON.py [RUNS]

Exports the lesson with the defaults (1280x720, 30 fps, the speed chosen
for it) to MP4, then to GIF, RUNS times each (default 2), and prints the
best wall time and the CPU time of each against the video's own length,
measured in the same run: ratio = export time / video length (goal: MP4 at
most 1.0), and the GIF's size (goal: under 5 MB).
"""
import os
import re
import resource
import subprocess
import sys
import tempfile
import time


def export(looplab, lesson, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    r = subprocess.run([looplab, "export", lesson, "--out", out], capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if r.returncode != 0:
        raise SystemExit("export failed: %s" % r.stderr)
    m = re.search(r"(\d+)x(\d+), (\d+) fps, (\d+) frames \(([\d.]+) s\)", r.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, float(m.group(5)), "%sx%s %s fps %s frames" % m.group(1, 2, 3, 4)


def main():
    looplab, lesson = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    print("bench/export: %s, default options" % os.path.basename(lesson))
    print("%-6s %-28s %9s %9s %9s %10s %10s" % ("format", "video", "length", "wall", "cpu", "wall/len", "cpu/len"))
    with tempfile.TemporaryDirectory(prefix="lp_bench_export_") as tmp:
        for ext in ("mp4", "gif"):
            out = os.path.join(tmp, "lesson." + ext)
            best = None
            for _ in range(runs):
                got = export(looplab, lesson, out)
                if best is None or got[0] < best[0]:
                    best = got
            wall, cpu, length, what = best
            print("%-6s %-28s %8.2fs %8.2fs %8.2fs %9.2fx %9.2fx" % (ext, what, length, wall, cpu, wall / length,
                                                                     cpu / length))
            if ext == "gif":
                size = os.path.getsize(out)
                print("gif size %.2f MB (%d bytes) for %.2f s; goal < 5 MB" % (size / 1e6, size, length))
            else:
                print("mp4 size %.2f MB" % (os.path.getsize(out) / 1e6))
    print("goal: MP4 export time <= the video's length (wall/len <= 1.0x; cpu/len when the machine is busy)")


if __name__ == "__main__":
    main()
