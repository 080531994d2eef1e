"""--stamp: prefix every stdout line with the virtual time.

The prefix is printf("[%8.3f] ", t) where t is the clock when the line is
COMPLETED (its '\\n' written), so a line built by several print(end='')
calls carries the time of its last piece. A final line without '\\n' is
written, stamped, when the program ends (or is stopped). stderr is never
stamped.
"""

import io


class StampedStdout(io.TextIOBase):
    """A text stream that stamps whole lines and passes them to `raw`."""

    def __init__(self, raw, clock):
        self._raw = raw
        self._clock = clock
        self._partial = ''
        self._at_end = False        # after finish(): nothing is held back

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, "
                            f"not {type(text).__name__}")
        pending = self._partial + text
        *lines, self._partial = pending.split('\n')
        stamp = '[%8.3f] ' % self._clock.now
        for line in lines:
            self._raw.write(stamp + line + '\n')
        if self._at_end:
            self.finish()
        return len(text)

    def flush(self):
        self._raw.flush()

    def finish(self):
        """Write the unterminated last line, if any; stop holding lines."""
        self._at_end = True
        if self._partial:
            self._raw.write('[%8.3f] ' % self._clock.now + self._partial)
            self._partial = ''
        self._raw.flush()

    # The rest of the stream interface, as the real stdout answers it.
    def writable(self):
        return True

    def isatty(self):
        return self._raw.isatty()

    def fileno(self):
        return self._raw.fileno()

    @property
    def encoding(self):
        return self._raw.encoding

    @property
    def errors(self):
        return self._raw.errors

    @property
    def buffer(self):
        return self._raw.buffer

    @property
    def line_buffering(self):
        return self._raw.line_buffering
