#!/usr/bin/env bash
# install_paths.sh: installs looplab into a temporary prefix and checks that
# the installed binary finds its data there (share/looplab), not in the
# source tree. Usage: install_paths.sh CMAKE_COMMAND BUILD_DIR VERSION (run by ctest).
set -euo pipefail

cmake_cmd=$1
build_dir=$2
version=$3

prefix=$(mktemp -d)
trap 'rm -rf -- "$prefix"' EXIT
prefix=$(cd "$prefix" && pwd -P) # /proc/self/exe reports resolved paths

"$cmake_cmd" --install "$build_dir" --prefix "$prefix" >/dev/null

fail() {
    echo "install_paths: $*" >&2
    exit 1
}

data="$prefix/share/looplab"
[[ -x "$prefix/bin/looplab" ]] || fail "no $prefix/bin/looplab"
[[ -f "$data/assets/fonts/DejaVuSansMono.ttf" ]] || fail "fonts not installed in $data/assets"
[[ -f "$data/assets/fonts/LICENSE-DejaVu.txt" ]] || fail "font licence not installed"

out=$(env -u LOOPLAB_DATA "$prefix/bin/looplab" --paths) || fail "looplab --paths failed"
expected="data: $data
assets: $data/assets
scenarios: $data/scenarios
first lesson: $data/scenarios/01_sequence_vs_together.py"
if [[ "$out" != "$expected" ]]; then
    printf 'install_paths: expected:\n%s\ngot:\n%s\n' "$expected" "$out" >&2
    exit 1
fi

got=$("$prefix/bin/looplab" --version)
[[ "$got" == "looplab $version" ]] || fail "--version printed '$got', expected 'looplab $version'"

echo "install_paths: ok ($prefix)"
