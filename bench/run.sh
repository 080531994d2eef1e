#!/usr/bin/env bash
# bench/run.sh: builds the benchmarks and prints each figure beside the same
# work on CPython's asyncio loop, measured in the same run, and their ratio.
# The machine is shared and noisy: read the ratios, not the absolute times.
#   bench/run.sh [N]     core: N timers and callbacks for looplab (default
#                        1000000); CPython does N/5 (figures are per
#                        operation). engine: bench/engine/*.py, whole
#                        programs, looplab run vs the reference runner.
#                        ui: frame, seek and first-frame times of the window.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-1000000}
python=/usr/bin/python3.11

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)" --target bench_core looplab >/dev/null

ours=$(build/bench_core "$n")
theirs=$("$python" -I bench/core/reference.py $((n / 5)))

echo "bench_core: looplab's C scheduler vs CPython's asyncio loop (same workload)"
printf '%-24s %12s %12s %10s\n' figure looplab cpython ratio
while read -r name value unit; do
    ref=$(awk -v k="$name" '$1 == k { print $2 }' <<<"$theirs")
    if [[ -n $ref ]]; then
        ratio=$(awk -v a="$value" -v b="$ref" 'BEGIN { printf "%.3f", a / b }')
        printf '%-24s %9s %-2s %9s %-2s %10s\n' "$name" "$value" "$unit" "$ref" "$unit" "${ratio}x"
    else
        printf '%-24s %9s %s\n' "$name" "$value" "$unit"
    fi
done <<<"$ours"
echo "goals: timer push+pop <= 100 ns; trace <= 32 bytes per event"

echo
echo "bench/engine: whole programs, looplab run (tracing) vs the reference runner"
"$python" -I bench/engine/compare.py build/looplab tests/reference/refrun.py "$python" 3 \
    bench/engine/fanout.py bench/engine/churn.py
if command -v valgrind >/dev/null; then
    echo
    echo "bench/engine: instructions executed (repeatable; a tenth of the size)"
    "$python" -I bench/engine/compare.py build/looplab tests/reference/refrun.py "$python" \
        instructions bench/engine/empty.py bench/engine/fanout.py bench/engine/churn.py
fi
echo "goals: looplab <= 0.7x the reference's time (aim 0.5x); trace <= 64 bytes per event"

echo
echo "bench/engine: the engine vs CPython's own loop in virtual time (bench/engine/cpython_vt.py),"
echo "start-up, the cost of --trace OUT.json, events per sleep and bytes per event"
"$python" -I bench/engine/speed.py build/looplab "$python" 3

echo
echo "bench/threads: lockstep threads, looplab run (tracing) vs the reference runner"
"$python" -I bench/engine/compare.py build/looplab tests/reference/refrun.py "$python" 5 \
    bench/engine/empty.py bench/threads/lock_jobs.py bench/threads/queue_pair.py \
    bench/threads/lock_nested.py
echo "goal: looplab <= 0.7x the reference's time"

echo
echo "bench/ui: the window (software renderer, 1600x900); ratios to a reference from the same run"
cmake --build build --parallel "$(nproc)" --target bench_ui >/dev/null
build/bench/ui/bench_ui
# a trace near the 256 MiB limit opened as the window opens it: mapped, against read and copied
cmake --build build --parallel "$(nproc)" --target bench_load >/dev/null
bench/ui/trace_load.sh build
# the whole start: the window up, the program run in its child, its first
# frame shown (then quit), against `looplab run` of the same program alone
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(((t1 - t0) / 1000000)); }
prog=scenarios/01_sequence_vs_together.py
state=$(mktemp -d)
win=$(ms env SDL_VIDEODRIVER=dummy XDG_STATE_HOME="$state" LOOPLAB_TEST_INPUT="runs:1 key:ctrl+q" build/looplab "$prog")
run=$(ms build/looplab run "$prog")
echo "window_to_loaded_run   $win ms  reference (looplab run alone) $run ms  (a lesson; goal <= 300 ms)"
# the same in CPU time (user + system, the child included): what it costs
# when the machine is not shared
cpu() { local TIMEFORMAT='%U %S'; { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{ printf "%d", ($1 + $2) * 1000 }'; }
wcpu=$(cpu env SDL_VIDEODRIVER=dummy XDG_STATE_HOME="$state" LOOPLAB_TEST_INPUT="runs:1 key:ctrl+q" build/looplab "$prog")
rcpu=$(cpu build/looplab run "$prog")
echo "window_to_loaded_cpu   $wcpu ms  reference (looplab run alone) $rcpu ms"
# the real 200-task program in the real window: loaded, then played to its
# end at the fastest rate (E, then ] to 10000 events/s); reference: loaded only
big=bench/ui/tasks200.py
load=$(ms env SDL_VIDEODRIVER=dummy XDG_STATE_HOME="$state" LOOPLAB_TEST_INPUT="runs:1 key:ctrl+q" build/looplab "$big")
play=$(ms env SDL_VIDEODRIVER=dummy XDG_STATE_HOME="$state" \
    LOOPLAB_TEST_INPUT="runs:1 key:e key:] key:] key:] key:] key:] key:] key:space until-paused key:ctrl+q" \
    build/looplab "$big")
echo "window_play_200_tasks  $((play - load)) ms  reference (loading it) $load ms  (goal: played through <= 5000 ms)"
rm -rf "$state"

echo
echo "bench/export: a lesson exported to MP4 and GIF at 1280x720, 30 fps; ratio to the video's length"
cmake --build build --parallel "$(nproc)" --target looplab >/dev/null
"$python" -I bench/export/export_bench.py build/looplab scenarios/03_await_yields.py 2
