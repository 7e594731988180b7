#!/bin/sh
# Set up everything `make run` / `make test` need on a fresh Debian 12 (run as root, or with
# the apt packages already present): the shared libraries Qt loads, uv, and the locked venv.
set -eu
cd "$(dirname "$0")/.."

QT_APT_PACKAGES="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 \
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libxcb-randr0 libxcb-xinerama0"

apt_install_missing() {
    command -v dpkg >/dev/null 2>&1 || return 0
    missing=""
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != "0" ]; then
        echo "bootstrap: missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
        return 1
    fi
    echo "bootstrap: installing$missing" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

apt_install_missing $QT_APT_PACKAGES

# uv: use one on PATH, else a private copy in .cache (Debian's Python forbids global pip installs).
UV="$(command -v uv || true)"
if [ -z "$UV" ]; then
    UV=".cache/uv-venv/bin/uv"
    if [ ! -x "$UV" ]; then
        # Debian's python3 ships the venv module without ensurepip (that is python3-venv), so
        # `-m venv --help` proves nothing: try to make the venv, and install the package if that fails.
        if ! python3 -m venv .cache/uv-venv >/dev/null 2>&1; then
            rm -rf .cache/uv-venv
            apt_install_missing python3 python3-venv
            python3 -m venv .cache/uv-venv
        fi
        .cache/uv-venv/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.5"
    fi
fi
"$UV" sync --frozen --quiet
echo "$UV" > .cache/uv-path
