# Shared helpers of the build scripts (build/dist.sh, windows.sh, windows_smoke.sh,
# measure_startup.sh). Source it from bash after `set -eu -o pipefail`.
# shellcheck shell=bash disable=SC2034  # variables for the scripts that source this file

. "$(dirname "${BASH_SOURCE[0]}")/../scripts/wine/env.sh"

# set -e stops at the first failing command; say where, since not every check calls fail().
trap 'echo "FAILED: line $LINENO of ${BASH_SOURCE[0]##*/}: $BASH_COMMAND" >&2' ERR

REPO="$ESR_REPO"
VENV_PY="$REPO/.venv/bin/python"
SPEC="$REPO/build/esr-troubleshooter.spec"
OUT="$REPO/build/out"
BUNDLE_NAME="esr-troubleshooter"
WIN_DIST="$REPO/dist/windows/$BUNDLE_NAME"
STAGE_TIMES=()

project_version() {
    "$VENV_PY" "$REPO/build/version_info.py" --print-version
}

installer_path() {
    printf '%s/dist/ESR-Troubleshooter-%s-setup.exe\n' "$REPO" "$(project_version)"
}

say() {
    echo "[$(date +%H:%M:%S)] $*" >&2
}

fail() {
    echo "FAILED: $*" >&2
    exit 1
}

# Run one named stage, remember how long it took.
stage() {
    local name="$1" start
    shift
    say "== $name"
    start="$(date +%s.%N)"
    "$@"
    STAGE_TIMES+=("$(printf '%7ss  %s' "$(esr_elapsed "$start")" "$name")")
}

print_stage_times() {
    local line
    echo "-- stage times --" >&2
    for line in "${STAGE_TIMES[@]}"; do
        echo "$line" >&2
    done
}

# Size of a file or folder in MB (10^6 bytes), one decimal.
size_mb() {
    du -sb "$1" | awk '{ printf "%.1f", $1 / 1000000 }'
}

# What the smoke tests open: "demo NAME" when resources/demo/ has a demo bundle, else
# "bundle DIR" with a minimal bundle written into DIR (manifest + one dsregcmd capture).
smoke_source() {
    local dir="$1" name sample
    for name in $("$VENV_PY" -c 'from esr_gui.resources import demo_names; print(*demo_names())'); do
        printf 'demo %s\n' "$name"
        return 0
    done
    sample="$(find "$REPO/tests/data/samples/dsregcmd" -name '14-*.txt' | head -n 1)"
    [ -n "$sample" ] || fail "no tests/data/samples/dsregcmd/14-*.txt for the smoke bundle"
    rm -rf "$dir"
    mkdir -p "$dir"
    printf '%s\n' '{"format": "esr-bundle", "version": 1, "created": "2026-11-25T09:14:03+01:00"}' \
        >"$dir/manifest.json"
    cp "$sample" "$dir/dsregcmd-status.txt"
    printf 'bundle %s\n' "$dir"
}

# Fails when a test-only Wine stub DLL is inside a folder tree.
assert_no_stub_dlls() {
    local tree="$1" name found
    for name in $ESR_WINE_STUB_NAMES; do
        found="$(find "$tree" -iname "$name.dll" | head -n 1)"
        [ -z "$found" ] || fail "test-only stub $name.dll is in $tree: $found"
    done
}

checks() {
    "$VENV_PY" "$REPO/build/smoke_checks.py" "$@"
}
