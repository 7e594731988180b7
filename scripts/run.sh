#!/bin/sh
# Start esr-gui. With no display (a headless server or CI), the app cannot open a window: say so,
# render the diagnosed window offscreen to a PNG instead, and name the file.
set -eu
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ] || [ -n "${QT_QPA_PLATFORM:-}" ]; then
    exec .venv/bin/python -m esr_gui "$@"
fi
mkdir -p shots
shot="shots/esr-gui-$(date +%Y%m%d-%H%M%S).png"
echo "run: no display found (DISPLAY/WAYLAND_DISPLAY unset); rendering the window offscreen to $shot" >&2
QT_QPA_PLATFORM=offscreen .venv/bin/python -m esr_gui "$@" --screenshot "$shot"
echo "run: the diagnosed window is in $shot (set DISPLAY, or use ssh -X, to open it live)" >&2
