#!/bin/sh
# make_gallery.sh - redraws docs/lessons/*.png, one picture of each lesson at
# its most telling moment, with `looplab shot` (the README's gallery links them).
#
# Usage: docs/make_gallery.sh [LOOPLAB] [OUTDIR]
#   LOOPLAB  the looplab binary (default: build/looplab)
#   OUTDIR   where the PNGs go (default: docs/lessons)
# Run it from the repository's root after a build. Exit status: 0, or 1 when
# a picture could not be made (the others are still made).
set -u
LOOPLAB=${1:-build/looplab}
OUT=${2:-docs/lessons}
SIZE=1600x900
mkdir -p "$OUT" || exit 1
failed=0

# shot LESSON TIME: the lesson scenarios/LESSON.py drawn at virtual time TIME
shot() {
    if ! "$LOOPLAB" shot "scenarios/$1.py" --at "$2" --out "$OUT/$1.png" --size "$SIZE"; then
        echo "make_gallery: could not draw $1 at $2 s" >&2
        failed=1
    fi
}

# lesson                         time  what the picture shows
shot 01_sequence_vs_together      2.5   # two downloads wait at once, after two in a row
shot 02_coroutines                0.5   # brew("tea") runs only now that main awaits it
shot 03_await_yields              0.5   # timers set x, y, z for one instant: TIMERS lists x, z, y
shot 04_asyncio_run               1.5   # the second asyncio.run, on a brand new loop
shot 05_gather                    4.5   # gather raised B's error, yet A finished and C still runs
shot 06_create_task               1.5   # the clock task ticks in the background while main waits
shot 07_timeouts                  1.5   # wait_for's 2 s timer will fire before the 5 s query ends
shot 08_cpu_and_gil               4.5   # two jobs in threads share the GIL; the heartbeat keeps beating
shot 09_blocking_call             1.5   # time.sleep freezes the loop; both alarms are overdue
shot 10_async_vs_blocking_client  2.5   # the blocking client freezes the loop; tasks wait in the ready queue
shot 11_async_for                 2.1   # two async streams interleave their readings
shot 12_async_with                2.4   # the body raised KeyError; __aexit__ closes the connection first
shot 13_semaphore                 0.5   # two downloads hold the permits, three wait on the semaphore
shot 14_mistakes_calling          1.25  # save() called without await never ran; Python's warning and the insight
shot 15_mistakes_blocking         0.5   # time.sleep in a coroutine: the loop frozen, the ticker overdue

exit $failed
