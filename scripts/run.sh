#!/bin/sh
# Start esr-gui. With no display (a headless server or CI), the app cannot open a window: say so,
# render the diagnosed window offscreen to a PNG instead (under $ESR_SHOTS_DIR, default shots/),
# and name the file only when one was written. Commands that only print (--demo list, --help,
# --version) run as they are. The exit code is esr-gui's: 2 when it refused the input (its
# reason is on stderr, and the PNG shows the window as it was).
set -eu
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
    exec .venv/bin/python -m esr_gui "$@"
fi
previous=""
for arg in "$@"; do
    case "$previous $arg" in
        *" -h" | *" --help" | *" --version" | "--demo list" | *" --demo=list")
            exec .venv/bin/python -m esr_gui "$@" ;;
    esac
    previous="$arg"
done
shots="${ESR_SHOTS_DIR:-shots}"
mkdir -p "$shots"
shot="$shots/esr-gui-$(date +%Y%m%d-%H%M%S).png"
rm -f "$shot"
echo "run: no display found (DISPLAY/WAYLAND_DISPLAY unset); rendering the window offscreen to $shot" >&2
status=0
QT_QPA_PLATFORM=offscreen .venv/bin/python -m esr_gui "$@" --screenshot "$shot" || status=$?
if [ ! -s "$shot" ]; then
    echo "run: esr-gui stopped (exit $status) without writing $shot; see its message above" >&2
elif [ "$status" -ne 0 ]; then
    echo "run: esr-gui refused the input (exit $status; the reason is above); $shot shows the window as it was" >&2
else
    echo "run: the diagnosed window is in $shot (set DISPLAY, or use ssh -X, to open it live)" >&2
fi
exit "$status"
