"""vstamp.py - stdout as `--stamp` prints it.

With --stamp, every stdout line starts with the virtual time at which its
FIRST character was written, formatted as printf "[%8.3f] " (DESIGN.md): a
line built by several print(end='') calls carries the time of its first
piece; it is written out once its newline is. A last line without a newline is written, stamped, when the program
ends or is stopped (finish()); after that nothing is held back. stderr is
never stamped. looplab also records every completed line (on_line).
"""

import io


class LineWriter(io.TextIOBase):
    """A text stream in front of `target` that sees whole lines.

    now()          the virtual clock
    stamp          prefix stdout lines with the time (else text passes as is)
    on_line(line)  called with each completed line, without its newline
    """

    def __init__(self, target, now, stamp, on_line=None):
        self._target = target
        self._now = now
        self._stamp = stamp
        self._on_line = on_line
        self._partial = ''
        self._begun = 0.0           # when the partial line's first character came
        self._at_end = False        # after finish(): nothing is held back

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, "
                            f"not {type(text).__name__}")
        if not self._stamp:
            self._target.write(text)
        if not text:
            return 0
        now = self._now()
        begun = self._begun if self._partial else now
        *lines, self._partial = (self._partial + text).split('\n')
        for line in lines:
            self._line(line, '\n', begun)
            begun = now                 # the next line starts in this write
        self._begun = begun
        if self._at_end:
            self.finish()
        return len(text)

    def _line(self, line, end, begun):
        if self._on_line is not None:
            self._on_line(line)
        if self._stamp:
            self._target.write('[%8.3f] ' % begun + line + end)

    def flush(self):
        self._target.flush()

    def finish(self):
        """Write the unterminated last line, if any; stop holding lines."""
        self._at_end = True
        if self._partial:
            line, self._partial = self._partial, ''
            self._line(line, '', self._begun)
        self._target.flush()

    # The rest of the stream interface, as the real stream answers it.
    def writable(self):
        return True

    def isatty(self):
        return self._target.isatty()

    def fileno(self):
        return self._target.fileno()

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
