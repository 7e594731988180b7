#!/usr/bin/env bash
# `make windows`: the Windows build, on Linux, under Wine:
#   1. scripts/wine/setup.sh: Wine prefix + Windows CPython + the locked dependencies (cached)
#   2. PyInstaller under Wine, same spec as Linux -> dist/windows/esr-troubleshooter/
#   3. Authenticode-sign esr-gui.exe and esr-diag.exe (build/sign.sh)
#   4. makensis (signs the uninstaller and the installer) -> dist/ESR-Troubleshooter-<v>-setup.exe
#   5. verify: signatures, asInvoker manifests, version resources, no Wine stub DLL shipped
# `build/windows.sh --if-needed` does nothing when the installer is newer than every input.
# ESR_NSIS_COMPRESSOR=zlib makes quicker, bigger installers for local iterations (default lzma).
set -eu -o pipefail
. "$(dirname "$0")/lib.sh"

INPUTS=(esr_gui resources build/esr-troubleshooter.spec build/spec_config.py build/entry
    build/version_info.py installer pyproject.toml uv.lock)

up_to_date() {
    local installer newer
    installer="$(installer_path)"
    [ -f "$installer" ] || return 1
    newer="$(cd "$REPO" && find "${INPUTS[@]}" -newer "$installer" -type f \
        -not -path '*/__pycache__/*' -not -path 'esr_gui/ui/forms/*' | head -n 1)"
    [ -z "$newer" ]
}

build_bundle() {
    local log="$OUT/pyinstaller-windows.log"
    mkdir -p "$OUT"
    # Windows python writes to a pipe only (env.sh); the log keeps PyInstaller's ~300 harmless
    # "api-ms-win-crt-*.dll not found" lines (Wine has no API-set files on disk) out of sight.
    if ! esr_wine "$ESR_WINPY_EXE" -m PyInstaller --noconfirm --log-level WARN \
        --workpath "$(esr_winpath "$REPO/build/work/windows")" \
        --distpath "$(esr_winpath "$REPO/dist/windows")" "$(esr_winpath "$SPEC")" >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        fail "PyInstaller under Wine (log: $log)"
    fi
    grep -v -e 'api-ms-win-' -e 'Hidden import "tzdata"' "$log" | grep -E 'WARNING|ERROR' >&2 || true
    if [ ! -f "$WIN_DIST/esr-gui.exe" ] || [ ! -f "$WIN_DIST/esr-diag.exe" ]; then
        fail "PyInstaller did not produce both executables"
    fi
}

sign_executables() {
    "$REPO/build/sign.sh" "$WIN_DIST/esr-gui.exe" "$WIN_DIST/esr-diag.exe"
}

build_installer() {
    local version quad compressor="${ESR_NSIS_COMPRESSOR:-lzma}"
    version="$(project_version)"
    quad="$("$VENV_PY" -c "import sys; sys.path.insert(0, '$REPO/build'); import version_info as v
print('.'.join(map(str, v.version_tuple('$version'))))")"
    esr_apt_install_missing nsis
    rm -f "$(installer_path)"
    # -V4 lists every file added: kept as evidence of what the installer holds.
    makensis -V4 -DVERSION="$version" -DVERSION_QUAD="$quad" -DCOMPRESSOR="$compressor" \
        -DSOURCE_DIR="$WIN_DIST" -DOUT_FILE="$(installer_path)" \
        -DICON="$REPO/resources/icons/esr.ico" -DSIGN_CMD="$REPO/build/sign.sh" \
        "$REPO/installer/esr-troubleshooter.nsi" >"$OUT/makensis.log" 2>&1 ||
        { tail -n 30 "$OUT/makensis.log" >&2; fail "makensis (log: $OUT/makensis.log)"; }
    grep -E '^(Total size|Output)' "$OUT/makensis.log" >&2
}

# Resource strings are UTF-16LE inside the PE file.
check_pe_resources() {
    local exe version
    version="$(project_version)"
    for exe in "$WIN_DIST/esr-gui.exe" "$WIN_DIST/esr-diag.exe"; do
        grep -aq 'level="asInvoker"' "$exe" || fail "$exe: no asInvoker manifest"
        grep -aq 'requireAdministrator' "$exe" && fail "$exe: manifest asks for elevation"
        strings -el "$exe" | grep -qx "$version" || fail "$exe: no version resource $version"
    done
    echo "manifests asInvoker, version resources $version"
}

check_no_stubs_shipped() {
    assert_no_stub_dlls "$WIN_DIST"
    local name
    for name in $ESR_WINE_STUB_NAMES; do
        ! grep -i "^File: \"$name.dll\"" "$OUT/makensis.log" || fail "$name.dll is in the installer"
    done
    echo "no Wine stub DLL in the bundle or the installer"
}

verify_signatures() {
    "$REPO/build/sign.sh" --verify "$WIN_DIST/esr-gui.exe" "$WIN_DIST/esr-diag.exe" "$(installer_path)"
}

main() {
    if [ "${1:-}" = --if-needed ] && up_to_date; then
        say "$(installer_path) is up to date"
        return 0
    fi
    stage "wine setup (cached)" "$REPO/scripts/wine/setup.sh"
    stage "pyinstaller (Windows, under Wine)" build_bundle
    stage "sign executables" sign_executables
    stage "makensis" build_installer
    stage "check resources" check_pe_resources
    stage "check no stubs shipped" check_no_stubs_shipped
    stage "verify signatures" verify_signatures
    print_stage_times
    say "onedir: $WIN_DIST ($(size_mb "$WIN_DIST") MB, $(find "$WIN_DIST" -type f | wc -l) files)"
    say "installer: $(installer_path) ($(size_mb "$(installer_path)") MB)"
}

main "$@"
