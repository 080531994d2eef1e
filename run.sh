#!/usr/bin/env bash
# run.sh: installs missing packages, builds looplab in build/ and runs it.
# Usage: ./run.sh [looplab arguments...]   (no arguments: the first lesson)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

.ci/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
exec build/looplab "$@"
