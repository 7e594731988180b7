#!/usr/bin/env bash
# Run the Windows CPython of scripts/wine/setup.sh under Wine, like `python`:
#
#   scripts/wine/python.sh -c "import sys; print(sys.platform)"      # -> win32
#   scripts/wine/python.sh -m pytest -q tests/platform                 # from the repo root
#
# - The exit code is the Windows process's; stdout and stderr stay separate (both are pipes, see
#   env.sh for why).
# - PYTHONPATH is the repo as Wine sees it (Z:\...), so `import esr_gui` runs this checkout; the
#   current directory is kept (a Unix path under / is Z:\... to Windows, so relative paths work).
# - Without DISPLAY, Qt gets QT_QPA_PLATFORM=offscreen; with DISPLAY (e.g. Xvfb) the real
#   "windows" platform plugin draws on it (the mscms.dll stub is enabled for that).
# - sys.stdout/stderr use UTF-8 (PYTHONIOENCODING), as a pipe would otherwise get the ANSI code page.
# - Runs setup.sh first when the Windows Python is not there yet.
set -eu -o pipefail
. "$(dirname "$0")/env.sh"

[ -f "$ESR_WINPY_DIR/python.exe" ] || "$ESR_REPO/scripts/wine/setup.sh"

if [ -z "${DISPLAY:-}" ]; then
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
fi
export PYTHONIOENCODING="${PYTHONIOENCODING:-utf-8}"
export ESR_WINE_STUBS="${ESR_WINE_STUBS:-1}"

ESR_WINE_PYTHONPATH="$(esr_winpath "$ESR_REPO")" esr_wine "$ESR_WINPY_EXE" "$@"
