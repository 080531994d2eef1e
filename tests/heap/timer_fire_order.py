"""timer_fire_order.py - the state's timer order holds in every bundled program.

Runs tests/heap/timer_fire_order (built from timer_fire_order.c) on every
lesson (scenarios/NN_*.py) and every bundled scenario (tests/scenarios/*.py):
before every record of each run, the timers the state says fire first are
the ones the trace brings due. Prints one line per file; exits 1 if any failed.

A trace that stops replaying at a record that is not about timers (a fault
outside the heap mirror) is checked up to that record and reported apart.

Usage: timer_fire_order.py TIMER_FIRE_ORDER
"""
import glob
import os
import subprocess
import sys

HELPERS = {'sim.py', 'sim_helpers.py'}  # modules the programs import


def main():
    tool = sys.argv[1]
    files = sorted(glob.glob('scenarios/[0-9]*.py')) + sorted(glob.glob('tests/scenarios/*.py'))
    files = [f for f in files if os.path.basename(f) not in HELPERS]
    failed, broken, checked = [], [], 0
    for path in files:
        proc = subprocess.run([tool, path], capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)
        line = (proc.stdout.strip().splitlines() or ['(no output) ' + proc.stderr.strip()])[-1]
        print(line)
        if proc.returncode == 3:  # a task record did not fit: not the timers' fault
            broken.append(path)
        elif proc.returncode != 0:
            failed.append(path)
        elif ' checked ' in line:
            checked += int(line.split(' checked ')[1].split()[0])
    print('%d files, %d timer firings checked, %d failed' % (len(files), checked, len(failed)))
    for path in broken:
        print('WARNING: %s: the trace does not replay to its end (a record that is not about'
              ' timers); checked up to it' % path)
    if checked < 100:
        print('too few timer firings checked: the check did not run')
        return 1
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
