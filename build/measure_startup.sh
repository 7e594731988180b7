#!/usr/bin/env bash
# Launch-to-window times of esr-gui, re-runnable as the app grows:
#
#   build/measure_startup.sh [RUNS]      (default 5; run `make dist` / `make windows` first)
#
# For each available target — `python -m esr_gui` (venv), the Linux onedir (dist/), the Windows
# onedir under Wine (dist/windows/) — on a private Xvfb (Linux: Qt's xcb plugin; Wine: Qt's
# windows plugin), the median over RUNS of:
#   visible  spawn -> a window titled like $ESR_TITLE_VISIBLE is mapped (xdotool, 20 ms polling)
#   ready    spawn -> the title matches $ESR_TITLE_READY (the window shows a finished diagnosis)
#   shot     wall time of `esr-gui ... --screenshot` (start, diagnose, render, save, exit)
# The app opens the first demo bundle (or the smoke bundle); nothing in the app is instrumented.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

RUNS="${1:-5}"
TITLE_VISIBLE="${ESR_TITLE_VISIBLE:-ESR Troubleshooter}"
TITLE_READY="${ESR_TITLE_READY:-ESR Troubleshooter — }"
TIMEOUT_S=60
LINUX_DIST="$REPO/dist/$BUNDLE_NAME"

now() {
    date +%s.%N
}

# Seconds from $1 until a visible window's title matches $2 (or "timeout").
wait_for_title() {
    local start="$1" pattern="$2"
    while [ -z "$(xdotool search --onlyvisible --name "$pattern" 2>/dev/null)" ]; do
        if awk -v s="$start" -v n="$(now)" -v t="$TIMEOUT_S" 'BEGIN { exit !(n - s > t) }'; then
            echo timeout
            return 0
        fi
        sleep 0.02
    done
    esr_elapsed "$start"
}

median() {
    sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) { print "n/a"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Start "$@" in the background with stdio on a pipe (Wine's Windows programs need that); the
# runners exec the program, so LAUNCH_PID is the program's own process.
launch() {
    "$@" > >(cat >/dev/null) 2>&1 &
    LAUNCH_PID=$!
}

stop_launched() {
    {
        kill "$LAUNCH_PID" || true
        wait "$LAUNCH_PID" || true
    } 2>/dev/null # no "Aborted"/"Terminated" job notices
}

# Runners: each takes the app's arguments and replaces the (sub)shell it runs in.
run_python() {
    QT_QPA_PLATFORM=xcb exec "$VENV_PY" -m esr_gui "$@"
}

run_linux_onedir() {
    exec env -i PATH=/usr/bin:/bin HOME="$HOME" LANG=C.UTF-8 DISPLAY="$DISPLAY" QT_QPA_PLATFORM=xcb \
        "$LINUX_DIST/esr-gui" "$@"
}

run_wine_onedir() {
    local args=() arg
    for arg in "$@"; do
        case "$arg" in
            /*) args+=("$(esr_winpath "$arg")") ;;
            *) args+=("$arg") ;;
        esac
    done
    ESR_WINE_STUBS=1 esr_wine_env
    exec wine "$WIN_DIST/esr-gui.exe" "${args[@]}"
}

measure() {
    local label="$1" runner="$2" _run start visible=() ready=() shots=()
    local shot="$OUT/measure-shot.png"
    for _run in $(seq "$RUNS"); do
        start="$(now)"
        launch "$runner" "${OPEN[@]}"
        visible+=("$(wait_for_title "$start" "$TITLE_VISIBLE")")
        ready+=("$(wait_for_title "$start" "$TITLE_READY")")
        stop_launched
        rm -f "$shot"
        start="$(now)"
        ("$runner" "${OPEN[@]}" --screenshot "$shot") 2>&1 | cat >/dev/null || true
        shots+=("$(esr_elapsed "$start")")
        [ -s "$shot" ] || shots[-1]="failed"
    done
    printf '%-28s visible %6ss   ready %6ss   --screenshot %6ss   (median of %s)\n' "$label" \
        "$(printf '%s\n' "${visible[@]}" | median)" "$(printf '%s\n' "${ready[@]}" | median)" \
        "$(printf '%s\n' "${shots[@]}" | grep -v failed | median)" "$RUNS"
}

main() {
    local kind arg
    esr_apt_install_missing xvfb xdotool
    read -r kind arg <<<"$(smoke_source "$OUT/smoke-bundle")"
    if [ "$kind" = demo ]; then OPEN=(--demo "$arg"); else OPEN=(--bundle "$arg"); fi
    trap esr_xvfb_stop EXIT
    esr_xvfb_start
    mkdir -p "$OUT"
    echo "esr-gui ${OPEN[*]}; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
    measure "python -m esr_gui (venv)" run_python
    if [ -x "$LINUX_DIST/esr-gui" ]; then
        measure "Linux onedir" run_linux_onedir
    fi
    if [ -f "$WIN_DIST/esr-gui.exe" ]; then
        esr_wine_session
        measure "Windows onedir (Wine 8)" run_wine_onedir
    fi
}

main "$@"
