"""output.py - stdout and stderr as looplab records and prints them.

Every completed line written to sys.stdout or sys.stderr goes into the trace
with its virtual time and the task that wrote it (the window's console).
With --stamp, each stdout line also starts with the virtual time at which
the line was completed, formatted as printf "[%8.3f] ". Unfinished lines are
kept until their newline, or the program's end.
"""
import atexit
import io
import sys

import _looplab

_now = _looplab.now
_introspect = sys.modules["_looplab_introspect"]


class LineWriter(io.TextIOBase):
    """A text stream in front of sys.stdout or sys.stderr: passes the text
    on (stamped with --stamp) and records each completed line."""

    def __init__(self, target, stream_number, stamp):
        self._target = target
        self._stream = stream_number
        self._stamp = stamp
        self._partial = []

    @property
    def encoding(self):
        return self._target.encoding

    @property
    def errors(self):
        return self._target.errors

    @property
    def buffer(self):
        return self._target.buffer

    @property
    def line_buffering(self):
        return self._target.line_buffering

    def writable(self):
        return True

    def isatty(self):
        return self._target.isatty()

    def fileno(self):
        return self._target.fileno()

    def _line(self, line):
        _introspect.output_line(self._stream, line.rstrip("\n"))
        if self._stamp:
            self._target.write("[%8.3f] %s" % (_now(), line))

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        if not self._stamp:
            self._target.write(text)
        start = 0
        while True:
            end = text.find("\n", start)
            if end < 0:
                break
            self._line("".join(self._partial) + text[start:end + 1])
            self._partial.clear()
            start = end + 1
        if start < len(text):
            self._partial.append(text[start:])
        return len(text)

    def flush(self):
        self._target.flush()

    def finish(self):
        """Records (and with --stamp, writes) an unfinished last line."""
        if self._partial:
            line = "".join(self._partial)
            self._partial.clear()
            self._line(line)
        self._target.flush()


def install(options):
    out = LineWriter(sys.stdout, 1, options["stamp"])
    err = LineWriter(sys.stderr, 2, False)
    sys.stdout, sys.stderr = out, err
    atexit.register(err.finish)
    atexit.register(out.finish)
    sys.modules["_looplab_stops"].flushers.append(out.finish)
