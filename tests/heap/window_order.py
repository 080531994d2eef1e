"""window_order.py - TIMERS lists the cards in the order the heap fires them.

tests/scenarios/timers_equal_deadlines.py sets x, y, z for t=0.5 (in that
order) while main sleeps until 2.0; CPython's heapq fires them x, z, y, and
the program prints x, z, y. Drawn at t=0.2 (`looplab shot --report`), the
TIMERS cards must read x, z, y, then main's timer, and the first card must
be marked as the one that fires next (and no other card).

Usage: window_order.py LOOPLAB
"""
import os
import subprocess
import sys
import tempfile

PROGRAM = 'tests/scenarios/timers_equal_deadlines.py'


def main():
    looplab = sys.argv[1]
    run = subprocess.run([looplab, 'run', PROGRAM], capture_output=True, text=True, timeout=60)
    printed = [line for line in run.stdout.splitlines() if line in ('x', 'y', 'z')]
    assert printed == ['x', 'z', 'y'], 'the run printed %r' % printed
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, 'r.txt')
        env = dict(os.environ, SDL_VIDEODRIVER='offscreen')
        subprocess.run([looplab, 'shot', PROGRAM, '--at', '0.2', '--out',
                        os.path.join(tmp, 'x.png'), '--report', report],
                       check=True, env=env, timeout=120)
        lines = open(report).read().splitlines()
    cards = []  # (serial, box, texts drawn inside the card)
    for line in lines:
        fields = line.split(' ', 6)
        if fields[0] == 'timer_card':
            cards.append((int(fields[1]), [float(v) for v in fields[2:6]], []))
        elif fields[0] == 'text' and len(fields) == 7:
            tx, ty = float(fields[2]), float(fields[3])
            for _, (cx, cy, cw, ch), texts in cards:
                if cx <= tx < cx + cw and cy <= ty < cy + ch:
                    texts.append(fields[6])
    serials = [serial for serial, _, _ in cards]
    print('timer cards (handle serials):', serials)
    # Handles are numbered in creation order: x < y < z < main's sleep.
    assert len(serials) == 4, serials
    x, y, z = sorted(serials[:3])
    assert serials == [x, z, y, max(serials)], 'cards %r, heapq fires x=%d, z=%d, y=%d' % (
        serials, x, z, y)
    marked = [i for i, (_, _, texts) in enumerate(cards) if any('next' in t for t in texts)]
    assert marked == [0], 'cards marked as firing next: %r' % marked
    print('ok: the cards read x, z, y, main; the first is marked "fires next"')
    return 0


if __name__ == '__main__':
    sys.exit(main())
