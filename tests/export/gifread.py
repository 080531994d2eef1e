"""gifread.py: a small GIF decoder for the export tests, written from the
GIF89a specification and sharing nothing with looplab (it reads the file's
bytes itself: blocks, colour tables, LZW).

read(path) -> (width, height, palette, frames), where palette is the global
colour table (a list of (r, g, b)) and each frame is a dict with its box
(x, y, w, h), its indices (row by row), its delay in hundredths, its
transparent index (or None), its disposal method and its own colour table
(or None).
"""


def _lzw(data, min_size, count):
    """Decodes GIF LZW data into a list of `count` indices."""
    clear = 1 << min_size
    end = clear + 1
    size = min_size + 1
    table = [[i] for i in range(clear)] + [[], []]
    out = []
    prev = None
    bits = 0
    nbits = 0
    pos = 0
    while True:
        while nbits < size and pos < len(data):
            bits |= data[pos] << nbits
            nbits += 8
            pos += 1
        if nbits < size:
            break
        code = bits & ((1 << size) - 1)
        bits >>= size
        nbits -= size
        if code == clear:
            size = min_size + 1
            table = [[i] for i in range(clear)] + [[], []]
            prev = None
            continue
        if code == end:
            break
        if prev is None:
            entry = table[code]
        elif code < len(table):
            entry = table[code]
            table.append(prev + entry[:1])
        else:  # the code being defined: prev + prev[0]
            entry = prev + prev[:1]
            table.append(entry)
        out.extend(entry)
        prev = entry
        if len(table) == (1 << size) and size < 12:
            size += 1
    if len(out) < count:
        raise ValueError("LZW data too short: %d of %d pixels" % (len(out), count))
    return out[:count]


def _sub_blocks(b, i):
    data = bytearray()
    while True:
        n = b[i]
        i += 1
        if n == 0:
            return bytes(data), i
        data += b[i:i + n]
        i += n


def _table(b, i, flags):
    n = 2 << (flags & 7)
    return [tuple(b[i + 3 * k:i + 3 * k + 3]) for k in range(n)], i + 3 * n


def read(path):
    with open(path, "rb") as f:
        b = f.read()
    if b[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF")
    width = b[6] | b[7] << 8
    height = b[8] | b[9] << 8
    flags = b[10]
    i = 13
    palette = None
    if flags & 0x80:
        palette, i = _table(b, i, flags)
    frames = []
    gce = {"delay": 0, "transparent": None, "disposal": 0}
    while i < len(b):
        kind = b[i]
        i += 1
        if kind == 0x3B:  # trailer
            break
        if kind == 0x21:  # extension
            label = b[i]
            i += 1
            data, i = _sub_blocks(b, i)
            if label == 0xF9:
                packed = data[0]
                gce = {"delay": data[1] | data[2] << 8,
                       "transparent": data[3] if packed & 1 else None,
                       "disposal": (packed >> 2) & 7}
            continue
        if kind != 0x2C:
            raise ValueError("unknown block 0x%02x at %d" % (kind, i - 1))
        x, y, w, h = (b[i] | b[i + 1] << 8, b[i + 2] | b[i + 3] << 8,
                      b[i + 4] | b[i + 5] << 8, b[i + 6] | b[i + 7] << 8)
        fl = b[i + 8]
        i += 9
        local = None
        if fl & 0x80:
            local, i = _table(b, i, fl)
        if fl & 0x40:
            raise ValueError("interlaced frames are not expected")
        min_size = b[i]
        data, i = _sub_blocks(b, i + 1)
        frames.append(dict(box=(x, y, w, h), indices=_lzw(data, min_size, w * h), local=local, **gce))
        gce = {"delay": 0, "transparent": None, "disposal": 0}
    return width, height, palette, frames


def canvases(width, height, frames):
    """Yields the canvas of indices after each frame (disposal 0/1: left in
    place); the same list each time, changed in place: copy what you keep."""
    canvas = [0] * (width * height)
    for fr in frames:
        if fr["disposal"] not in (0, 1):
            raise ValueError("disposal %d not expected" % fr["disposal"])
        x, y, w, h = fr["box"]
        t = fr["transparent"]
        ix = fr["indices"]
        for row in range(h):
            base = (y + row) * width + x
            src = ix[row * w:(row + 1) * w]
            for col, v in enumerate(src):
                if v != t:
                    canvas[base + col] = v
        yield canvas
