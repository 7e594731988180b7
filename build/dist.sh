#!/usr/bin/env bash
# `make dist`: the Linux onedir bundle from build/esr-troubleshooter.spec, then a check that it
# runs without our venv (clean environment):
#   dist/esr-troubleshooter/esr-gui     windowed app
#   dist/esr-troubleshooter/esr-diag    console tool (must not load Qt)
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

LINUX_DIST="$REPO/dist/$BUNDLE_NAME"
CLEAN_ENV=(env -i PATH=/usr/bin:/bin HOME="$HOME" LANG=C.UTF-8)

build_bundle() {
    "$REPO/.venv/bin/pyinstaller" --noconfirm --log-level WARN \
        --workpath "$REPO/build/work/linux" --distpath "$REPO/dist" "$SPEC" 2>&1 |
        grep -v -e "Ignoring version information" -e "Ignoring icon" -e "libgtk-3\|libgdk-3" >&2 || true
    [ -x "$LINUX_DIST/esr-diag" ] || fail "PyInstaller did not produce $LINUX_DIST/esr-diag"
}

check_diag() {
    local source kind arg
    "${CLEAN_ENV[@]}" "$LINUX_DIST/esr-diag" --version | checks version esr-diag "$(project_version)"
    read -r kind arg <<<"$(smoke_source "$OUT/smoke-bundle")"
    source="$arg"
    [ "$kind" = demo ] && source="$LINUX_DIST/_internal/esr_gui/_resources/demo/$arg"
    # Exit code 1 is "ran, something fails" (a demo usually shows a problem); 2 is an error.
    local rc=0 json="$OUT/linux-check.json"
    mkdir -p "$OUT"
    "${CLEAN_ENV[@]}" "$LINUX_DIST/esr-diag" check --bundle "$source" --json >"$json" || rc=$?
    [ "$rc" -le 1 ] || fail "esr-diag check exited with $rc"
    checks check-json --kind bundle <"$json"
}

# The dynamic loader's log lists every library a run maps: esr-diag must map no Qt library.
check_diag_without_qt() {
    local loaded
    loaded="$("${CLEAN_ENV[@]}" LD_DEBUG=files "$LINUX_DIST/esr-diag" --version 2>&1 >/dev/null |
        grep -c 'file=.*libQt6' || true)"
    [ "$loaded" = 0 ] || fail "esr-diag loaded $loaded Qt libraries"
    echo "esr-diag loads no Qt library"
}

check_gui() {
    local kind arg open=()
    read -r kind arg <<<"$(smoke_source "$OUT/smoke-bundle")"
    if [ "$kind" = demo ]; then open=(--demo "$arg"); else open=(--bundle "$arg"); fi
    mkdir -p "$OUT"
    "${CLEAN_ENV[@]}" QT_QPA_PLATFORM=offscreen "$LINUX_DIST/esr-gui" "${open[@]}" \
        --screenshot "$OUT/linux-screenshot.png" 2>/dev/null
    checks png "$OUT/linux-screenshot.png"
}

main() {
    stage "pyinstaller (Linux)" build_bundle
    stage "esr-diag in a clean environment" check_diag
    stage "esr-diag without Qt" check_diag_without_qt
    stage "esr-gui --screenshot (offscreen)" check_gui
    print_stage_times
    say "onedir: $LINUX_DIST ($(size_mb "$LINUX_DIST") MB, $(find "$LINUX_DIST" -type f | wc -l) files)"
}

main "$@"
