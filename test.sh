#!/usr/bin/env bash
# test.sh: installs missing packages, builds looplab and runs every test.
#   1. build/       warnings as errors; all ctest tests (core, lesson, app,
#                   install, conformance, bad inputs, determinism)
#   2. valgrind     the C unit tests of build/ (core, lesson and app) under
#                   memcheck: no error and no leak allowed
#   3. build-asan/  ASan + UBSan; the core and lesson tests, then the
#                   engine's (conformance and app); leak checks on for all,
#                   with tests/lsan.supp hiding only the interpreter's blocks
#   4. build-fuzz/  clang + libFuzzer; each fuzz/fuzz_*.c target runs for
#                   LP_FUZZ_SECONDS (default 20) from its seed corpus
#   5. build-tsan/  ThreadSanitizer; the scenarios with threads (lockstep
#                   threads hand a baton between real OS threads) through
#                   the conformance test: a report fails it
#   6. build-public/ src/py/frames.c through CPython's public API only
#                   (LP_PY_PUBLIC_API, as on Python 3.12+); the conformance test
# Keeps going after a failure and exits non-zero if any step failed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

.ci/deps.sh

jobs=$(nproc)
fuzz_seconds=${LP_FUZZ_SECONDS:-20}
failed=()
results=()

# step NAME COMMAND...: runs one step, records its outcome.
step() {
    local name=$1
    shift
    echo "=== test.sh: $name"
    if "$@"; then
        results+=("$name: ok")
        return 0
    fi
    results+=("$name: FAILED")
    failed+=("$name")
    return 1
}

configure_and_build() { # DIR CMAKE_ARGS...
    local dir=$1
    shift
    cmake -S . -B "$dir" "$@" && cmake --build "$dir" --parallel "$jobs"
}

# The C unit tests (labels core, lesson and app: cmocka executables) under valgrind.
valgrind_unit_tests() {
    local status=0 name
    for name in $(ctest --test-dir build -N -L '^(core|lesson|app)$' | sed -n 's/^ *Test *#[0-9]*: //p'); do
        [[ -x "build/$name" ]] || continue  # a script test, not a C executable
        echo "valgrind: $name"
        if ! valgrind -q --error-exitcode=99 --leak-check=full \
            --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
            "build/$name" >/dev/null; then
            echo "valgrind: $name FAILED"
            status=1
        fi
    done
    return $status
}

# Each fuzz target from its seed corpus (fuzz/corpus/NAME, read only: new
# inputs go to a temporary folder). A finding leaves crash-* files in
# build-fuzz/findings/.
run_fuzzers() {
    local status=0 target name work seeds
    mkdir -p build-fuzz/findings
    for target in build-fuzz/fuzz_*; do
        [[ -x "$target" ]] || continue
        name=${target##*/fuzz_}
        work=$(mktemp -d)
        echo "fuzz: $name for ${fuzz_seconds} s"
        seeds=()
        [[ -d "fuzz/corpus/$name" ]] && seeds=("fuzz/corpus/$name")
        if ! "$target" -max_total_time="$fuzz_seconds" -print_final_stats=1 \
            -artifact_prefix=build-fuzz/findings/ "$work" "${seeds[@]}" \
            2>"build-fuzz/findings/$name.log"; then
            tail -40 "build-fuzz/findings/$name.log"
            status=1
        fi
        grep -h "stat::number_of_executed_units" "build-fuzz/findings/$name.log" || true
        rm -rf "$work"
    done
    return $status
}

# Warnings are not errors here: build/ holds the code to -Werror (with gcc);
# clang's extra warnings in new code must not stop the fuzzing.
build_fuzzers() {
    cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLP_FUZZ=ON -DLP_WERROR=OFF -DBUILD_TESTING=OFF &&
        cmake --build build-fuzz --parallel "$jobs" --target \
            $(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
}

if step "build" configure_and_build build \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLP_WERROR=ON; then
    step "tests" ctest --test-dir build --output-on-failure || true
    step "valgrind unit tests" valgrind_unit_tests || true
fi

lsan="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
if step "asan build" configure_and_build build-asan \
    -DCMAKE_BUILD_TYPE=Debug -DLP_SANITIZE=ON -DLP_WERROR=ON; then
    step "asan core and lesson tests" env ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="$lsan" \
        UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -L '^(core|lesson)$' || true
    step "asan engine tests" env ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS="$lsan" \
        UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -L 'conformance|app' || true
fi

# The scenarios that run threads: pools, lockstep threads, loops in threads.
thread_scenarios() {
    ls tests/scenarios/{thread,executor_,gil_,lock_,deadlock_,tloop_,corner_,process_pool_}*.py
}

if step "tsan build" configure_and_build build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLP_TSAN=ON -DLP_WERROR=ON -DBUILD_TESTING=OFF; then
    step "tsan thread scenarios" env TSAN_OPTIONS="halt_on_error=1 exitcode=66" \
        /usr/bin/python3.11 tests/conformance/conformance.py build-tsan/looplab \
        tests/reference/refrun.py /usr/bin/python3.11 $(thread_scenarios) || true
fi

if step "public-API build" configure_and_build build-public -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLP_PY_PUBLIC_API=ON -DLP_WERROR=ON -DBUILD_TESTING=OFF; then
    step "public-API conformance" /usr/bin/python3.11 tests/conformance/conformance.py \
        build-public/looplab tests/reference/refrun.py /usr/bin/python3.11 \
        scenarios tests/scenarios || true
fi

if step "fuzz build" build_fuzzers; then
    step "fuzz (${fuzz_seconds} s each)" run_fuzzers || true
fi

echo
for line in "${results[@]}"; do
    echo "  $line"
done
if ((${#failed[@]} > 0)); then
    echo "test.sh: FAILED (${failed[*]})"
    exit 1
fi
echo "test.sh: all passed ($(ctest --test-dir build -N | sed -n 's/^Total Tests: //p') tests;" \
    "$(ctest --test-dir build-asan -N -L 'core|lesson|conformance|app' | sed -n 's/^Total Tests: //p')" \
    "core, lesson and engine tests under ASan+UBSan; unit tests under valgrind;" \
    "$(ls fuzz/fuzz_*.c | wc -l) fuzz targets)"
