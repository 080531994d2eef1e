#!/bin/sh
# bench/ui/trace_load.sh: a trace near the 256 MiB limit (bench/ui/ticker.py,
# a 1 ms ticker) opened as the window opens it: mapped, against read and
# copied (bench_load.c). Usage: bench/ui/trace_load.sh BUILD_DIR
set -eu
build=${1:-build}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$build/looplab" run --raw-trace "$dir/trace.bin" bench/ui/ticker.py >/dev/null
echo "trace $(($(stat -c %s "$dir/trace.bin") / 1048576)) MiB"
SDL_VIDEODRIVER=${SDL_VIDEODRIVER:-dummy} "$build/bench/ui/bench_load" "$dir/trace.bin" bench/ui/ticker.py
