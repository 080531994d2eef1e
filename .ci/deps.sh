#!/usr/bin/env bash
# .ci/deps.sh: installs the Debian packages looplab needs, if any are missing.
# Used by run.sh and test.sh. Runs apt-get (update first) only when something
# is missing, through sudo when not root.
set -euo pipefail

packages=(
    cmake build-essential pkg-config
    libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev
    libcmocka-dev
    libavcodec-dev libavformat-dev libswscale-dev libavutil-dev libgif-dev libimagequant-dev
    ffmpeg
    python3-dev python3.11 libpython3.11-testsuite
    xvfb xauth
    fonts-dejavu-core
    valgrind clang libclang-rt-14-dev
    libseccomp-dev
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: not a Debian-like system; make sure these are installed: ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=()
if [[ "$(id -u)" != 0 ]]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "deps: need root or sudo to install: ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
