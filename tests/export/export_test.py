"""export_test.py: `looplab export`, checked by decoding what it writes.

    python3 export_test.py LOOPLAB

The videos are read back with FFmpeg's own tools (ffprobe, ffmpeg: the
same libraries, a separate program), the GIF with gifread.py (a decoder of
our own that shares nothing with looplab). Checked: the format, size, frame
rate and frame count asked for; the first and last frames against
`looplab shot --at` the same times at the same size (PSNR >= 35 dB for
MP4 and WebM; for the GIF, the shot's pixels mapped to the nearest entry of
the GIF's palette give exactly the GIF's indices); the same export twice
gives the same bytes; bad input gets a clear message and the right status,
and an interrupted export leaves no file.
"""
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gifread  # noqa: E402

LOOPLAB = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LESSON = os.path.join(ROOT, "scenarios", "05_gather.py")
FAILS = os.path.join(ROOT, "tests", "scenarios", "uncaught_exit1.py")
W, H = 640, 360
failures = []
passed = 0


def check(cond, what):
    global passed
    if cond:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what, flush=True)


def run(*args, **kw):
    return subprocess.run([LOOPLAB, *args], capture_output=True, text=True, timeout=600, **kw)


def export(out, *opts):
    r = run("export", LESSON, "--out", out, "--size", "%dx%d" % (W, H), *opts)
    if r.returncode != 0:
        raise SystemExit("export %s failed (%d): %s" % (out, r.returncode, r.stderr))
    m = re.search(r"(\d+)x(\d+), (\d+) fps, (\d+) frames", r.stdout)
    if not m:
        raise SystemExit("export %s: no summary line in %r" % (out, r.stdout))
    return int(m.group(4))


def probe(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_streams", "-show_format",
                        "-of", "json", path], capture_output=True, text=True, check=True)
    j = json.loads(r.stdout)
    return j["format"], j["streams"][0]


def rgb_frames(path, numbers):
    """The frames numbered `numbers` (0-based, decode order) as rgb24 bytes."""
    out = {}
    for n in numbers:
        r = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-vf", "select=eq(n\\,%d)" % n,
                            "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                           capture_output=True, check=True)
        out[n] = r.stdout
    return out


def shot_rgb(at, tmp):
    png = os.path.join(tmp, "shot_%g.png" % at)
    r = run("shot", LESSON, "--at", repr(at), "--out", png, "--size", "%dx%d" % (W, H))
    if r.returncode != 0:
        raise SystemExit("shot failed: %s" % r.stderr)
    r = subprocess.run(["ffmpeg", "-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                       capture_output=True, check=True)
    return r.stdout


def psnr(a, b):
    if len(a) != len(b) or not a:
        return -1.0
    se = sum((x - y) * (x - y) for x, y in zip(a, b))
    return float("inf") if se == 0 else 10 * math.log10(255 * 255 * len(a) / se)


def check_video(tmp, ext, codec, fmt_name):
    out = os.path.join(tmp, "clip." + ext)
    frames = export(out, "--from", "1.25", "--to", "3.5", "--fps", "24", "--speed", "2")
    fmt, st = probe(out)
    check(fmt_name in fmt["format_name"].split(","), "%s: format %s" % (ext, fmt["format_name"]))
    check(st["codec_name"] == codec, "%s: codec %s" % (ext, st["codec_name"]))
    check((st["width"], st["height"]) == (W, H), "%s: size %sx%s" % (ext, st["width"], st["height"]))
    check(st["r_frame_rate"] == "24/1", "%s: frame rate %s" % (ext, st["r_frame_rate"]))
    check(int(st["nb_read_frames"]) == frames, "%s: %s frames decoded, %d said" % (ext, st["nb_read_frames"], frames))
    check(abs(float(fmt["duration"]) - frames / 24) < 0.1, "%s: duration %s for %d frames" % (ext, fmt["duration"], frames))
    got = rgb_frames(out, [0, frames - 1])
    for n, at in ((0, 1.25), (frames - 1, 3.5)):
        p = psnr(got[n], shot_rgb(at, tmp))
        print("%s: frame %d vs shot --at %g: PSNR %.1f dB" % (ext, n, at, p))
        check(p >= 35, "%s: frame %d vs shot --at %g: PSNR %.1f dB < 35" % (ext, n, at, p))
    # the frames in between move (the window's tweening), held only at the notes
    small = subprocess.run(["ffmpeg", "-v", "error", "-i", out, "-vf", "scale=160:90", "-f", "rawvideo",
                            "-pix_fmt", "gray", "-"], capture_output=True, check=True).stdout
    pics = [small[i:i + 160 * 90] for i in range(0, len(small), 160 * 90)]
    moved = sum(1 for a, b in zip(pics, pics[1:]) if a != b)
    check(moved >= frames // 5, "%s: only %d of %d frames move" % (ext, moved, frames))
    # the same export again: the same bytes
    again = os.path.join(tmp, "again." + ext)
    export(again, "--from", "1.25", "--to", "3.5", "--fps", "24", "--speed", "2")
    with open(out, "rb") as a, open(again, "rb") as b:
        check(a.read() == b.read(), "%s: two exports of the same run differ" % ext)


def nearest(palette, rgb, cache):
    """The palette entry nearest to rgb (squared RGB distance, lowest index on a tie)."""
    got = cache.get(rgb)
    if got is None:
        r, g, b = rgb
        got = min(range(len(palette)), key=lambda i: ((palette[i][0] - r) ** 2 + (palette[i][1] - g) ** 2
                                                      + (palette[i][2] - b) ** 2, i))
        cache[rgb] = got
    return got


def check_gif(tmp):
    out = os.path.join(tmp, "clip.gif")
    frames = export(out, "--from", "0.5", "--to", "2.25", "--fps", "20", "--speed", "1.5")
    fmt, st = probe(out)
    check(fmt["format_name"] == "gif", "gif: format %s" % fmt["format_name"])
    w, h, palette, gframes = gifread.read(out)
    check((w, h) == (W, H), "gif: size %dx%d" % (w, h))
    check(len(gframes) == frames, "gif: %d images, %d frames said" % (len(gframes), frames))
    check(all(f["delay"] == 5 for f in gframes), "gif: every delay 5/100 s at 20 fps")
    check(palette is not None and len(palette) == 256, "gif: one global palette")
    transparent = {f["transparent"] for f in gframes[1:]} - {None}
    check(transparent <= {255}, "gif: transparent index %s" % transparent)
    usable = palette[:255]  # 255 is transparent
    keep = {0: None, frames - 1: None}
    moved = 0  # frames that change the picture
    last = None
    for n, canvas in enumerate(gifread.canvases(w, h, gframes)):
        if n in keep:
            keep[n] = list(canvas)
        if last is not None and canvas != last:
            moved += 1
        last = list(canvas)
    check(moved >= frames // 5, "gif: only %d of %d frames move" % (moved, frames))
    cache = {}
    for n, at in ((0, 0.5), (frames - 1, 2.25)):
        canv = {n: keep[n]}
        shot = shot_rgb(at, tmp)
        want = [nearest(usable, tuple(shot[i:i + 3]), cache) for i in range(0, len(shot), 3)]
        bad = sum(1 for a, b in zip(want, canv[n]) if a != b)
        print("gif: frame %d vs shot --at %g mapped through the palette: %d pixels differ" % (n, at, bad))
        check(bad == 0 and len(want) == len(canv[n]), "gif: frame %d differs from shot --at %g in %d pixels" % (n, at, bad))
    again = os.path.join(tmp, "again.gif")
    export(again, "--from", "0.5", "--to", "2.25", "--fps", "20", "--speed", "1.5")
    with open(out, "rb") as a, open(again, "rb") as b:
        check(a.read() == b.read(), "gif: two exports of the same run differ")


def check_lesson_holds(tmp):
    """A whole lesson (05: two notes and a question): the picture stands still
    at its introduction and at each note and question long enough to read
    (at least 1.5 s), and moves in between."""
    out = os.path.join(tmp, "holds.gif")
    fps = 10
    r = run("export", LESSON, "--out", out, "--size", "256x144", "--fps", str(fps))
    check(r.returncode == 0, "holds: export failed: %s" % r.stderr)
    if r.returncode != 0:
        return
    w, h, _, gframes = gifread.read(out)
    runs = []  # lengths of runs of frames showing the same picture
    last = None
    for canvas in gifread.canvases(w, h, gframes):
        if canvas == last:
            runs[-1] += 1
        else:
            runs.append(1)
        last = list(canvas)
    long_runs = [n for n in runs[1:-1] if n >= 1.5 * fps]
    print("holds: %d frames, still runs of >= 1.5 s: first %d, then %s, last %d" % (len(gframes), runs[0], long_runs,
                                                                                  runs[-1]))
    check(runs[0] >= 1.5 * fps, "holds: the introduction is held (%d frames)" % runs[0])
    # two notes, the question and its answer: four holds (each may start a
    # frame after the stop, when the "Space plays on" text goes)
    check(len(long_runs) >= 4, "holds: %d holds in the middle, want >= 4" % len(long_runs))
    check(sum(1 for n in runs if n < 3) >= 20, "holds: the picture moves between the holds")


def check_default_length(tmp):
    """Without --speed the clip lasts about 12 s (plus a lesson's holds: 1.5 to
    3 s for each of its notes and questions; lesson 5 has a dozen), for
    a run of 1.7 million events as for a small one (one so short that it
    would need less than 0.25x plays at 0.25x, and lasts less)."""
    for prog, lo, hi in ((FAILS, 11, 14),
                         (os.path.join(ROOT, "tests", "scenarios", "timers_call_soon_order.py"), 1, 11),
                         (os.path.join(ROOT, "bench", "engine", "fanout.py"), 11, 14),
                         (LESSON, 12, 40)):
        out = os.path.join(tmp, "length.gif")
        r = run("export", prog, "--out", out, "--size", "256x144", "--fps", "10")
        m = re.search(r"(\d+) frames \(([\d.]+) s\)", r.stdout)
        length = float(m.group(2)) if m else -1
        check(r.returncode == 0 and lo <= length <= hi,
              "default length of %s: %.2f s, want %d..%d (%r)" % (os.path.basename(prog), length, lo, hi, r.stderr))


def check_bad(tmp):
    def bad(args, status, needle, what):
        r = run("export", *args)
        ok = r.returncode == status and needle in r.stderr
        check(ok, "%s: status %d (want %d), stderr %r" % (what, r.returncode, status, r.stderr))
        return r

    out = os.path.join(tmp, "bad.mp4")
    bad([LESSON, "--out", os.path.join(tmp, "x.avi")], 2, "name it .mp4, .webm or .gif", "unknown extension")
    bad([LESSON, "--out", os.path.join(tmp, "x")], 2, "name it .mp4, .webm or .gif", "no extension")
    bad([LESSON, "--out", os.path.join(tmp, "no", "such", "dir", "x.mp4")], 1, "cannot write", "unwritable path")
    bad([LESSON, "--out", out, "--from", "3", "--to", "2"], 2, "must come before '--to'", "--from after --to")
    bad([LESSON, "--out", out, "--from", "500"], 2, "after the end of the run", "--from past the end")
    bad([LESSON, "--out", out, "--size", "641x360"], 2, "even width and height", "odd size for MP4")
    bad([LESSON, "--out", os.path.join(tmp, "x.gif"), "--fps", "60"], 2, "at most 50", "GIF at 60 fps")
    bad([LESSON, "--out", out, "--speed", "0"], 2, "above 0", "speed 0")
    bad([LESSON], 2, "needs --out", "no --out")
    bad([os.path.join(ROOT, "bench", "engine", "fanout.py"), "--out", out, "--speed", "1"], 2,
        "would last more than 60 minutes", "a video of days")
    bad([os.path.join(tmp, "missing.py"), "--out", out], 2, "missing.py", "missing program")
    # a codec missing at run time: the message names the Debian package
    r = subprocess.run([LOOPLAB, "export", LESSON, "--out", out, "--to", "1"], capture_output=True, text=True,
                       env=dict(os.environ, LOOPLAB_TEST_ENCODER="no-such-encoder"), timeout=300)
    check(r.returncode == 1 and "libavcodec59" in r.stderr and "H.264" in r.stderr,
          "missing codec: status %d, %r" % (r.returncode, r.stderr))
    syntax = os.path.join(ROOT, "tests", "bad", "syntax_error.py")
    bad([syntax, "--out", out], 1, "did not run", "a program that does not compile")
    check(not os.path.exists(out), "no file after the bad inputs")
    check(not [f for f in os.listdir(tmp) if f.endswith(".part")], "no temporary file left: %s" % os.listdir(tmp))

    # a program that fails half-way: the video ends on its error, cleanly
    fail_out = os.path.join(tmp, "fails.mp4")
    r = run("export", FAILS, "--out", fail_out, "--size", "%dx%d" % (W, H), "--speed", "1")
    check(r.returncode == 0 and "ends on its error" in r.stderr, "failing program: status %d, %r" % (r.returncode, r.stderr))
    if r.returncode == 0:
        fmt, st = probe(fail_out)
        m = re.search(r"(\d+) frames", r.stdout)
        check(m and int(st["nb_read_frames"]) == int(m.group(1)), "failing program: frames decode")
        first = rgb_frames(fail_out, [0])[0]
        png = os.path.join(tmp, "fails0.png")
        run("shot", FAILS, "--at", "0", "--out", png, "--size", "%dx%d" % (W, H))
        ref = subprocess.run(["ffmpeg", "-v", "error", "-i", png, "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                             capture_output=True, check=True).stdout
        check(psnr(first, ref) >= 35, "failing program: first frame is shot --at 0")


def check_interrupt(tmp):
    out = os.path.join(tmp, "long.mp4")
    p = subprocess.Popen([LOOPLAB, "export", LESSON, "--out", out, "--size", "1280x720", "--speed", "0.5"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    part = []
    while time.time() < deadline and p.poll() is None:  # wait for frames to be written
        part = [f for f in os.listdir(tmp) if f.endswith(".part")]
        if part and os.path.getsize(os.path.join(tmp, part[0])) > 50000:
            break
        time.sleep(0.1)
    check(bool(part), "interrupt: the temporary file appeared beside the output")
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    check(p.returncode == 130 and "interrupted" in err, "interrupt: status %s, %r" % (p.returncode, err))
    check(not os.path.exists(out), "interrupt: no file under the final name")
    check(not [f for f in os.listdir(tmp) if f.endswith(".part")], "interrupt: no temporary file left")


def window_export(wdir, prog, steps, out):
    """Runs the window with these synthetic steps until `out` appears (or
    the steps end); returns whether it appeared, and the window's stderr."""
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", LOOPLAB_TEST_INPUT=steps)
    p = subprocess.Popen([LOOPLAB, prog], cwd=wdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    deadline = time.time() + 120
    while time.time() < deadline and p.poll() is None and not os.path.exists(out):
        time.sleep(0.2)
    made = os.path.exists(out)
    if p.poll() is None:
        p.terminate()
    _, err = p.communicate(timeout=60)
    return made, err


def check_window(tmp):
    """Export from the window (SDL's dummy video driver, synthetic input):
    Ctrl+E and the top bar's button write an MP4 of the run on screen in the
    current directory; Esc cancels one and leaves nothing."""
    prog = os.path.join(ROOT, "tests", "scenarios", "timers_call_soon_order.py")
    wdir = os.path.join(tmp, "window")
    os.mkdir(wdir)
    out = os.path.join(wdir, "looplab-timers_call_soon_order.mp4")
    made, _ = window_export(wdir, prog, "runs:1 key:ctrl+e frames:3600 key:ctrl+q", out)
    check(made, "window: Ctrl+E wrote %s" % out)
    if not made:
        return
    fmt, st = probe(out)
    check(st["codec_name"] == "h264" and int(st["nb_read_frames"]) > 10 and st["width"] % 2 == 0,
          "window: the export decodes (%s, %s frames, %sx%s)" % (st["codec_name"], st["nb_read_frames"],
                                                                st["width"], st["height"]))
    os.unlink(out)

    # the top bar's "Export..." button, found in shot's report at the window's size
    size = "%sx%s" % (st["width"], st["height"])
    report = os.path.join(tmp, "bar.txt")
    run("shot", prog, "--at", "0", "--size", size, "--out", os.path.join(tmp, "bar.png"), "--report", report)
    with open(report) as f:
        rows = [line.split(None, 6) for line in f]
    label = [r for r in rows if r[0] == "text" and len(r) > 6 and r[6].startswith("Export")]
    button = [r for r in rows if r[0] == "button" and label and
              float(r[2]) <= float(label[0][2]) <= float(r[2]) + float(r[4]) and
              float(r[3]) <= float(label[0][3]) <= float(r[3]) + float(r[5])]
    check(len(button) == 1, "window: the top bar has an Export button")
    if button:
        x, y, w, h = (float(v) for v in button[0][2:6])
        made, _ = window_export(wdir, prog, "runs:1 click:%d,%d frames:3600 key:ctrl+q" % (x + w / 2, y + h / 2),
                                out)
        check(made, "window: the Export button wrote %s" % out)
        if made:
            os.unlink(out)

    # Esc two frames after Ctrl+E: the export (a child process) takes longer
    # than that to start, while 20 frames were enough for a fast machine to
    # write this short run's 62 frames before the key came
    made, err = window_export(wdir, prog, "runs:1 key:ctrl+e frames:2 key:Escape frames:240 key:ctrl+q", out)
    check(not made and "export cancelled" in err.lower() and os.listdir(wdir) == [],
          "window: Esc cancels, nothing left: %s %r" % (os.listdir(wdir), err))


def main():
    with tempfile.TemporaryDirectory(prefix="lp_export_") as tmp:
        check_video(tmp, "mp4", "h264", "mp4")
        check_video(tmp, "webm", "vp9", "webm")
        check_gif(tmp)
        check_lesson_holds(tmp)
        check_default_length(tmp)
        check_bad(tmp)
        check_interrupt(tmp)
        check_window(tmp)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
