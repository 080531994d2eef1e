"""stamp.py - --stamp: every stdout line starts with the virtual time at
which its first character was written, as printf "[%8.3f] "."""


class StampWriter:
    """Wraps sys.stdout; everything else is the wrapped stream's."""

    def __init__(self, stream, now):
        self._stream = stream
        self._now = now
        self._line_start = True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f'write() argument must be str, not {type(text).__name__}')
        out = []
        start = 0
        while start < len(text):
            end = text.find('\n', start)
            end = len(text) if end < 0 else end + 1
            piece, start = text[start:end], end
            if self._line_start:
                out.append('[%8.3f] ' % self._now())
            out.append(piece)
            self._line_start = piece.endswith('\n')
        self._stream.write(''.join(out))
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
