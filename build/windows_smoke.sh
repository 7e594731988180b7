#!/usr/bin/env bash
# `make windows-smoke`: build the Windows installer if needed (build/windows.sh), then under
# Wine + Xvfb: silent install; esr-diag --version / check --json; esr-diag check --tenant signing
# in (device code) against the tests' fake Entra ID + Graph on 127.0.0.1; esr-gui --screenshot (a real,
# non-blank PNG, copied to build/out/wine-screenshot.png); signatures of the installed files;
# upgrade in place; silent uninstall removing files, shortcuts and the registry key.
# Prints how long each stage took.
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

INSTALL_DIR_WIN='C:\Program Files\ESR Troubleshooter'
INSTALL_DIR="$ESR_WINEPREFIX/drive_c/Program Files/ESR Troubleshooter"
MENU_DIR="$ESR_WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/ESR Troubleshooter"
UNINST_KEY='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\ESRTroubleshooter'
SHOT_WIN='C:\esr-smoke\wine-screenshot.png'
SHOT="$ESR_WINEPREFIX/drive_c/esr-smoke/wine-screenshot.png"
TENANT_DIR="$OUT/smoke-tenant"
FAKE_LIFETIME=240 # seconds: the fake stops by itself even if this script dies
FAKE_PID=""
FAKE_BASE=""

# One value of the uninstall key ("" when absent), without Wine's CR.
reg_value() {
    esr_wine reg query "$UNINST_KEY" /v "$1" 2>/dev/null | tr -d '\r' |
        awk -v n="$1" '$1 == n { $1 = ""; $2 = ""; sub(/^ +/, ""); print }' || true
}

uninstall_key_exists() {
    esr_wine reg query "$UNINST_KEY" >/dev/null 2>&1
}

# Leftovers of an interrupted earlier run would make the checks meaningless.
clean_slate() {
    if [ -f "$INSTALL_DIR/Uninstall.exe" ]; then
        esr_wine "$INSTALL_DIR_WIN\\Uninstall.exe" /S "_?=$INSTALL_DIR_WIN" || true
    fi
    uninstall_key_exists && esr_wine reg delete "$UNINST_KEY" /f >/dev/null
    rm -rf "$INSTALL_DIR" "$MENU_DIR" "$(dirname "$SHOT")"
    mkdir -p "$(dirname "$SHOT")"
}

silent_install() {
    esr_wine "$(installer_path)" /S || fail "setup.exe /S exited with $?"
    local f
    for f in esr-gui.exe esr-diag.exe Uninstall.exe _internal; do
        [ -e "$INSTALL_DIR/$f" ] || fail "not installed: $f"
    done
    for f in "ESR Troubleshooter.lnk" "Uninstall ESR Troubleshooter.lnk"; do
        [ -f "$MENU_DIR/$f" ] || fail "no Start-menu shortcut: $f"
    done
    check_uninstall_entry
    assert_no_stub_dlls "$INSTALL_DIR"
    echo "installed: $(size_mb "$INSTALL_DIR") MB in $INSTALL_DIR_WIN"
}

check_uninstall_entry() {
    local name value
    for name in DisplayName DisplayVersion Publisher UninstallString QuietUninstallString \
        InstallLocation EstimatedSize NoModify NoRepair; do
        value="$(reg_value "$name")"
        [ -n "$value" ] || fail "uninstall entry lacks $name"
    done
    [ "$(reg_value DisplayVersion)" = "$(project_version)" ] || fail "DisplayVersion is not $(project_version)"
    case "$(reg_value QuietUninstallString)" in
        *'Uninstall.exe" /S') ;;
        *) fail "QuietUninstallString is not silent: $(reg_value QuietUninstallString)" ;;
    esac
    echo "uninstall entry complete (DisplayVersion $(reg_value DisplayVersion), EstimatedSize $(reg_value EstimatedSize) KB)"
}

diag_version() {
    esr_wine "$INSTALL_DIR_WIN\\esr-diag.exe" --version | checks version esr-diag "$(project_version)"
}

diag_check_json() {
    local kind arg source
    read -r kind arg <<<"$(smoke_source "$OUT/smoke-bundle")"
    if [ "$kind" = demo ]; then
        source="$INSTALL_DIR_WIN\\_internal\\esr_gui\\_resources\\demo\\$arg"
    else
        source="$(esr_winpath "$arg")"
    fi
    # Exit code 1 is "ran, something fails" (a demo usually shows a problem); 2 is an error.
    local rc=0 json="$OUT/wine-check.json"
    esr_wine "$INSTALL_DIR_WIN\\esr-diag.exe" check --bundle "$source" --json >"$json.tmp" || rc=$?
    tr -d '\r' <"$json.tmp" >"$json" && rm -f "$json.tmp"
    [ "$rc" -le 1 ] || fail "esr-diag check exited with $rc"
    checks check-json --kind bundle <"$json"
}

# One "Name : value" field of a dsregcmd sample, without CR.
dsreg_field() {
    tr -d '\r' <"$2" | sed -n "s/^ *$1 : //p" | head -n 1
}

# The fake (build/fake_entra_server.py) in the background; sets FAKE_PID, and FAKE_BASE (its
# https://127.0.0.1:PORT) once it listens. Not in a subshell: the script must own the process.
start_fake_entra() {
    local upn="$1" device_id="$2" tries=0
    rm -rf "$TENANT_DIR"
    "$VENV_PY" "$REPO/build/fake_entra_server.py" "$TENANT_DIR" --upn "$upn" \
        --device-id "$device_id" --licence p1 --lifetime "$FAKE_LIFETIME" \
        >"$OUT/fake-entra.log" 2>&1 &
    FAKE_PID=$!
    until [ -f "$TENANT_DIR/server.json" ]; do
        tries=$((tries + 1))
        kill -0 "$FAKE_PID" 2>/dev/null || fail "the fake Entra ID did not start: $(tail -n 5 "$OUT/fake-entra.log")"
        [ "$tries" -le 100 ] || fail "the fake Entra ID did not listen within 20 s"
        sleep 0.2
    done
    FAKE_BASE="$("$VENV_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["base"])' \
        "$TENANT_DIR/server.json")"
}

stop_fake_entra() {
    [ -n "$FAKE_PID" ] || return 0
    kill -TERM "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" || fail "the fake Entra ID exited with $? (log: $OUT/fake-entra.log)"
    FAKE_PID=""
}

# check --tenant in the frozen esr-diag.exe signs in with the device code against the fake
# (Wine shares the loopback) and decides the tenant findings from its data.
diag_check_tenant() {
    local sample upn device_id rc=0
    sample="$(find "$REPO/tests/data/samples/dsregcmd" -name '14-*.txt' | head -n 1)"
    [ -n "$sample" ] || fail "no tests/data/samples/dsregcmd/14-*.txt for the tenant step"
    upn="$(dsreg_field 'Executing Account Name' "$sample" | sed 's/.*, *//')"
    device_id="$(dsreg_field DeviceId "$sample")"
    [ -n "$upn" ] && [ -n "$device_id" ] || fail "$sample lacks the user's UPN or the DeviceId"
    mkdir -p "$OUT"
    start_fake_entra "$upn" "$device_id"
    ESR_GRAPH_LOGIN_HOST="$FAKE_BASE" ESR_GRAPH_BASE="$FAKE_BASE" \
        ESR_GRAPH_CA_BUNDLE="$(esr_winpath "$TENANT_DIR/ca.pem")" \
        esr_wine "$INSTALL_DIR_WIN\\esr-diag.exe" check --dsregcmd "$(esr_winpath "$sample")" \
        --tenant --json >"$TENANT_DIR/stdout" 2>"$TENANT_DIR/stderr" </dev/null || rc=$?
    stop_fake_entra
    [ "$rc" -le 1 ] || fail "esr-diag check --tenant exited with $rc: $(tail -n 5 "$TENANT_DIR/stderr")"
    checks tenant --log "$TENANT_DIR/log.json" --out "$TENANT_DIR/stdout" \
        --err "$TENANT_DIR/stderr" --device-id "$device_id" --licence p1 ||
        fail "esr-diag check --tenant against the fake Entra ID (outputs: $TENANT_DIR)"
}

# Wine's +loaddll channel names every DLL a process loads: esr-diag must load no Qt DLL.
diag_loads_no_qt() {
    local qt
    qt="$(ESR_WINEDEBUG=+loaddll esr_wine "$INSTALL_DIR_WIN\\esr-diag.exe" --version 2>&1 >/dev/null |
        grep -ci 'Qt6Core' || true)"
    [ "$qt" = 0 ] || fail "esr-diag.exe loaded Qt"
    echo "esr-diag.exe loads no Qt DLL"
}

gui_screenshot() {
    local kind arg open=()
    read -r kind arg <<<"$(smoke_source "$OUT/smoke-bundle")"
    if [ "$kind" = demo ]; then open=(--demo "$arg"); else open=(--bundle "$(esr_winpath "$arg")"); fi
    ESR_WINE_STUBS=1 esr_wine "$INSTALL_DIR_WIN\\esr-gui.exe" "${open[@]}" --screenshot "$SHOT_WIN" ||
        fail "esr-gui.exe --screenshot exited with $?"
    [ -f "$SHOT" ] || fail "esr-gui.exe wrote no screenshot"
    mkdir -p "$OUT"
    cp "$SHOT" "$OUT/wine-screenshot.png"
    checks png "$OUT/wine-screenshot.png"
}

installed_signatures() {
    "$REPO/build/sign.sh" --verify "$INSTALL_DIR/esr-gui.exe" "$INSTALL_DIR/esr-diag.exe" \
        "$INSTALL_DIR/Uninstall.exe"
}

# Pretend the installed copy is an older version with a file the new one does not have.
upgrade_in_place() {
    echo stale >"$INSTALL_DIR/_internal/stale-from-older-version.txt"
    esr_wine reg add "$UNINST_KEY" /v DisplayVersion /d 0.0.1 /f >/dev/null
    esr_wine "$(installer_path)" /S || fail "upgrade: setup.exe /S exited with $?"
    [ ! -e "$INSTALL_DIR/_internal/stale-from-older-version.txt" ] || fail "upgrade kept a stale file"
    [ -f "$INSTALL_DIR/esr-gui.exe" ] || fail "upgrade lost esr-gui.exe"
    check_uninstall_entry
    echo "upgraded in place: old files gone, entry updated"
}

silent_uninstall() {
    esr_wine "$INSTALL_DIR_WIN\\Uninstall.exe" /S || fail "Uninstall.exe /S exited with $?"
    # The uninstaller copies itself to %TEMP% and returns at once: poll for up to 20 s.
    local tries=0
    while [ -e "$INSTALL_DIR" ] || [ -e "$MENU_DIR" ] || uninstall_key_exists; do
        tries=$((tries + 1))
        [ "$tries" -le 40 ] || fail "uninstall left: $(ls -d "$INSTALL_DIR" "$MENU_DIR" 2>/dev/null) $(uninstall_key_exists && echo "$UNINST_KEY")"
        sleep 0.5
    done
    echo "uninstalled: files, shortcuts and registry key gone"
}

cleanup() {
    [ -z "$FAKE_PID" ] || kill -TERM "$FAKE_PID" 2>/dev/null || true
    esr_xvfb_stop
}

main() {
    esr_apt_install_missing xvfb
    stage "build (if needed)" "$REPO/build/windows.sh" --if-needed
    stage "clean slate" clean_slate
    trap cleanup EXIT
    stage "start Xvfb" esr_xvfb_start
    stage "silent install" silent_install
    stage "esr-diag --version" diag_version
    stage "esr-diag check --json" diag_check_json
    stage "esr-diag check --tenant (fake Entra ID)" diag_check_tenant
    stage "esr-diag loads no Qt" diag_loads_no_qt
    stage "esr-gui --screenshot" gui_screenshot
    stage "installed files signed" installed_signatures
    stage "upgrade in place" upgrade_in_place
    stage "silent uninstall" silent_uninstall
    print_stage_times
    say "windows smoke test passed; screenshot: $OUT/wine-screenshot.png"
}

main "$@"
