"""limits.py - the output-volume limit; os._exit that loses nothing.

A program that prints without end fills the trace (every output line is
recorded for the window's console) long before the real-time budget
notices. Past OUTPUT_LIMIT bytes of stdout and stderr lines the run stops,
as stops.py stops it: status 124 and one message. The memory limit, the
recursion cap and the C-stack guard are in C (src/py/limits.c).

Counted where output.py hands each completed line to the trace: the
LineWriter's on_line callback (vstamp.py) of sys.stdout and sys.stderr.
"""
import os
import sys

import _looplab

OUTPUT_LIMIT = 16 << 20          # bytes of output lines, stdout and stderr together
_stops = _shim["stops"]
_report = _shim["vreport"]


def output_message(now, limit):
    return (f"looplab: stopped at t={now:.3f}: the program wrote more than "
            f"{limit >> 20} MiB of output (looplab's output limit)")


def install(options):
    written = [0]

    def counted(on_line):
        def on_line_counted(line):
            written[0] += len(line) + 1
            if written[0] > OUTPUT_LIMIT and written[0] - len(line) - 1 <= OUTPUT_LIMIT:
                _stops._stop(_report.LIMIT_STATUS,
                             [output_message(_looplab.now(), OUTPUT_LIMIT)])
            on_line(line)
        return on_line_counted

    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "_on_line", None) is not None:
            stream._on_line = counted(stream._on_line)
    install_exit()


def _exit_keeping_output(status):
    """os._exit(n) as the program sees it: ends at once with status n, as
    python3's does, but what it printed and the trace are not lost."""
    _stops._stop(status, [])


def install_exit():
    _exit_keeping_output.__name__ = "_exit"
    os._exit = _exit_keeping_output
