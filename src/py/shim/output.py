"""output.py - stdout as `looplab run --stamp` prints it.

With --stamp, every line of stdout starts with the virtual time at which the
line was completed, formatted as printf "[%8.3f] ". The wrapper keeps the
unfinished part of a line until its newline (or the program's end).
"""
import atexit
import io
import sys

import _looplab

_now = _looplab.now


class StampedWriter(io.TextIOBase):
    """A text stream that prefixes each completed line with the time."""

    def __init__(self, target):
        self._target = target
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

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return self._target.fileno()

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        start = 0
        while True:
            end = text.find("\n", start)
            if end < 0:
                break
            line = "".join(self._partial) + text[start:end + 1]
            self._partial.clear()
            self._target.write("[%8.3f] %s" % (_now(), line))
            start = end + 1
        if start < len(text):
            self._partial.append(text[start:])
        return len(text)

    def flush(self):
        self._target.flush()

    def finish(self):
        """Writes an unfinished last line, stamped now."""
        if self._partial:
            line = "".join(self._partial)
            self._partial.clear()
            self._target.write("[%8.3f] %s" % (_now(), line))
        self._target.flush()


def install(options):
    if not options["stamp"]:
        return
    writer = StampedWriter(sys.stdout)
    sys.stdout = writer
    atexit.register(writer.finish)
