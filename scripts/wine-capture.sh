#!/usr/bin/env bash
# `make wine-capture`: a live capture on Windows code paths, under Wine, checked on Linux.
#
#   1. `esr-diag collect` in Windows CPython (scripts/wine/python.sh): the real WindowsHost
#      (ctypes token/session/netapi32/iphlpapi calls, winreg, pywin32 EvtQuery, subprocess).
#   2. installer/collect-esr-bundle.cmd under `wine cmd /c`, once per clock method
#      (PowerShell, wmic, %DATE%/%TIME% fallback), plus its UTC-offset arithmetic.
#   3. The Windows-host tests (injected OS calls, SDK struct sizes, real calls) in Windows CPython.
#   4. Each bundle is opened with the Linux reader (tests/platform/wine_check.py): it must be
#      valid, and what Wine lacks (dsregcmd.exe, event channels, most registry keys, the join
#      API) must be reported as missing in capture.json, not as failures.
set -eu -o pipefail
cd "$(dirname "$0")/.."
. scripts/wine/env.sh

PY=.venv/bin/python
log() { echo "wine-capture: $*" >&2; }

scripts/wine/setup.sh
OUT="$(mktemp -d "${TMPDIR:-/tmp}/esr-wine-capture.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT
start="$(date +%s.%N)"

log "Windows-host tests in Windows CPython"
scripts/wine/python.sh -m pytest -q -p no:cacheprovider tests/platform/test_windows_abi.py \
    tests/platform/test_windows_process.py tests/platform/test_windows_token.py \
    tests/platform/test_windows_aadjoin.py tests/platform/test_windows_registry.py \
    tests/platform/test_windows_events.py tests/platform/test_windows_host.py \
    tests/unit/test_capture.py | tail -n 1 | sed 's/^/wine-capture: /'

log "network adapters in Windows CPython (WinHTTP, wldap32 stand-ins, probes on loopback, ABI sizes)"
scripts/wine/python.sh -m pytest -q -p no:cacheprovider tests/platform/test_windows_network_abi.py \
    tests/platform/test_windows_network.py tests/platform/test_windows_network_live.py \
    tests/platform/test_windows_ldap_scp.py tests/platform/test_windows_wldap32.py \
    tests/platform/test_netprobe.py | tail -n 1 | sed 's/^/wine-capture: /'

log "esr-diag collect under Wine (Windows CPython)"
scripts/wine/python.sh -m esr_gui.cli collect --out "$(esr_winpath "$OUT/collect.zip")" \
    --problem "settings do not roam" --users-affected "one" --first-seen "today" >/dev/null
"$PY" -m tests.platform.wine_check python "$OUT/collect.zip"

log "esr-diag collect --redact under Wine"
scripts/wine/python.sh -m esr_gui.cli collect --quiet --redact \
    --out "$(esr_winpath "$OUT/redacted.zip")" >/dev/null
"$PY" - "$OUT/redacted.zip" <<'EOF'
import sys
from esr_gui.core.bundle.reader import open_bundle
with open_bundle(sys.argv[1]) as bundle:
    m = bundle.manifest
    assert m.redacted and m.computer and m.computer.startswith(("PC-", "pc-")), m
    print(f"wine-capture: redacted: computer {m.computer!r}, user {m.user!r}")
EOF

for clock in powershell wmic fallback; do
    log "collect-esr-bundle.cmd under wine cmd /c (clock: $clock)"
    dir="$OUT/cmd-$clock"
    mkdir -p "$dir"
    ESR_COLLECT_CLOCK="$clock" esr_wine cmd /c "$(esr_winpath installer/collect-esr-bundle.cmd)" \
        "$(esr_winpath "$dir")" >/dev/null 2>"$dir.log" || { cat "$dir.log" >&2; exit 1; }
    bundle="$(find "$dir" -mindepth 1 -maxdepth 1 -name 'esr-bundle-*' | head -n 1)"
    [ -n "$bundle" ] || { cat "$dir.log" >&2; log "no bundle written"; exit 1; }
    "$PY" -m tests.platform.wine_check cmd "$bundle"
    grep -h '"clock"' "$bundle/capture.json" "$bundle"/*.json 2>/dev/null | head -n 1 | sed 's/^ */wine-capture: cmd: /'
done

log "collect-esr-bundle.cmd offset arithmetic (its own :offset and :bias_offset routines)"
harness="$OUT/offset-harness.cmd"
{
    printf '@echo off\r\nsetlocal EnableExtensions\r\nset "FAILS=0"\r\n'
    for case in "-60 +01:00" "300 -05:00" "-330 +05:30" "0 +00:00" "-765 +12:45"; do
        printf 'call :bias %s\r\n' "$case"
    done
    for case in "+ 060 +01:00" "- 300 -05:00" "+ 00 +00:00" "+ 330 +05:30"; do
        printf 'call :wmic %s\r\n' "$case"
    done
    printf 'exit /b %%FAILS%%\r\n'
    printf ':bias\r\nset "BIAS=%%~1"\r\ncall :bias_offset\r\ncall :same "%%OFFSET%%" "%%~2" "bias %%~1"\r\ngoto :eof\r\n'
    printf ':wmic\r\ncall :offset %%1 %%2\r\ncall :same "%%OFFSET%%" "%%~3" "wmic %%1%%2"\r\ngoto :eof\r\n'
    printf ':same\r\nif "%%~1"=="%%~2" echo ok %%~3 = %%~1\r\nif not "%%~1"=="%%~2" echo FAILED %%~3 gave %%~1, expected %%~2\r\n'
    printf 'if not "%%~1"=="%%~2" set /a "FAILS+=1"\r\ngoto :eof\r\n'
    sed -n '/^:bias_offset/,/^:offset/p;/^:offset/,/^goto :eof/p' installer/collect-esr-bundle.cmd | uniq
} >"$harness"
esr_wine cmd /c "$(esr_winpath "$harness")" | tr -d '\r' | sed 's/^/wine-capture: offset: /'

log "passed in $(esr_elapsed "$start")s"
