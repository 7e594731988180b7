"""Static checks of the Intune and ConfigMgr scripts (PowerShell cannot run here).

The scripts are read as text: encoding, no stderr writers, the sysnative relaunch, exit
codes that never turn a tool error into "issue found", no user-profile assumptions in the
SYSTEM scripts, the exact esr-diag arguments they pass (run through the real CLI), the
fleet-safe remedy list against the remedy catalogue, and balanced brackets.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from esr_gui.cli import build_parser, main
from esr_gui.core.diagnose import FINDING_IDS
from esr_gui.core.remedy.catalog import CATALOG
from tests.conftest import REPO

INTUNE = REPO / "installer" / "intune"
DETECT = INTUNE / "Detect-ESR.ps1"
DETECT_USER = INTUNE / "Detect-ESR-User.ps1"
REMEDIATE = INTUNE / "Remediate-ESR.ps1"
CONFIGMGR = REPO / "installer" / "configmgr" / "Invoke-ESRCheck.ps1"
ALL = [DETECT, DETECT_USER, REMEDIATE, CONFIGMGR]
SYSTEM_SCRIPTS = [DETECT, REMEDIATE, CONFIGMGR]
DETECTORS = [DETECT, DETECT_USER]
SHARED_FUNCTIONS = ("Invoke-Quiet", "Find-EsrDiag", "Test-Wow64", "Get-FirstLine")
DEMO = REPO / "resources" / "demo"
ids = [p.name for p in ALL]


def code_of(path: Path) -> str:
    """The script without comments (block `<# #>` and line `#`), strings kept."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<#.*?#>", "", text, flags=re.DOTALL)
    return "\n".join(_strip_line_comment(line) for line in text.splitlines())


def _strip_line_comment(line: str) -> str:
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#":
            return line[:i]
    return line


def _normalised(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip())


def exit_statements(code: str) -> list[str]:
    """What every `exit` statement (a line of its own) exits with."""
    return re.findall(r"(?m)^\s*exit\s+(.+?)\s*$", code)


def function_text(path: Path, name: str) -> str:
    """The text of `function name { ... }` (brace-matched)."""
    code = code_of(path)
    start = code.index(f"function {name} {{")
    depth = 0
    for i in range(code.index("{", start), len(code)):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[start : i + 1]
    raise AssertionError(f"unbalanced function {name}")


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_ascii_utf8_without_bom(path: Path) -> None:
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert all(b < 0x80 for b in data), "PowerShell 5.1 reads a BOM-less file in the ANSI code page"
    data.decode("utf-8")
    assert b"\t" not in data


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_nothing_is_written_to_stderr(path: Path) -> None:
    code = code_of(path)
    for writer in (
        "Write-Error",
        "Write-Warning",
        "Write-Host",
        "Write-Verbose",
        "Write-Information",
        "[Console]::Error",
        "WriteErrorLine",
        "Out-Host",
    ):
        assert writer.lower() not in code.lower(), writer
    assert "$ErrorActionPreference = 'Stop'" in code
    assert "RedirectStandardError = $true" in code
    assert re.search(r"\n\s*try \{", code) and re.search(r"\n\}\s*catch \{", code)
    main_catch = code[code.rindex("} catch {") :]
    assert "Write-Output" in main_catch and "exit 2" in main_catch


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_64_bit_relaunch_through_sysnative(path: Path) -> None:
    code = code_of(path)
    assert "PROCESSOR_ARCHITEW6432" in code and "[Environment]::Is64BitProcess" in code
    assert r"'sysnative\WindowsPowerShell\v1.0\powershell.exe'" in code
    assert "-File \"' + $PSCommandPath + '\"'" in code
    relaunch = code[code.index("if (Test-Wow64) {") :]
    relaunch = relaunch[: relaunch.index("$exe = Find-EsrDiag")]
    assert "Write-Output" in relaunch and "exit " in relaunch and "$relaunched.Code" in relaunch


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_finds_the_64_bit_program_files_first_and_nothing_user_writable(path: Path) -> None:
    finder = function_text(path, "Find-EsrDiag")
    assert finder.index("$env:ProgramW6432") < finder.index("$env:ProgramFiles,")
    assert "$AppFolder = 'ESR Troubleshooter'" in code_of(path)
    assert "ESRTroubleshooter" in code_of(path)  # the NSIS uninstall key
    nsi = (REPO / "installer" / "esr-troubleshooter.nsi").read_text(encoding="utf-8")
    assert 'Uninstall\\ESRTroubleshooter"' in nsi and '"InstallLocation"' in nsi
    for risky in ("$env:PATH", "Get-Command", "$env:TEMP", "$PSScriptRoot", "LOCALAPPDATA"):
        assert risky.lower() not in finder.lower()


@pytest.mark.parametrize("path", SYSTEM_SCRIPTS, ids=[p.name for p in SYSTEM_SCRIPTS])
def test_system_scripts_make_no_profile_assumptions(path: Path) -> None:
    code = code_of(path).lower()
    for user_thing in (
        "hkcu",
        "hkey_current_user",
        "$env:userprofile",
        "$env:appdata",
        "$env:localappdata",
        "$env:username",
        "$home",
        "currentuser",
    ):
        assert user_thing not in code, user_thing


def test_shared_functions_are_the_same_everywhere() -> None:
    for name in SHARED_FUNCTIONS:
        texts = {_normalised(function_text(p, name)) for p in ALL}
        assert len(texts) == 1, name


@pytest.mark.parametrize("path", DETECTORS, ids=[p.name for p in DETECTORS])
def test_detection_exit_codes_never_turn_an_error_into_issue_found(path: Path) -> None:
    code = code_of(path)
    mapping = function_text(path, "Get-DetectionExitCode")
    assert "if ($ToolCode -eq 0) { return 0 }" in mapping
    assert "if ($ToolCode -eq 1) { return 1 }" in mapping
    assert mapping.rstrip("}").rstrip().endswith("return 2")
    exits = exit_statements(code)
    assert exits, "no exit statements"
    for value in exits:
        assert value.strip() in (
            "0",
            "2",
            "(Get-DetectionExitCode $run.Code)",
            "(Get-DetectionExitCode $relaunched.Code)",
        ), value
    assert "$MaxOutput = 2048" in code
    limit = function_text(path, "Limit-Text")
    assert "$Limit - 3" in limit and "[^\\x20-\\x7E]" in limit


def test_detection_runs_the_intune_check_and_logs_for_shippers() -> None:
    for path in DETECTORS:
        code = code_of(path)
        assert "$toolArgs = 'check --intune'" in code
        assert "$toolArgs += ' --log-json auto'" in code


def test_user_detection_skips_as_system_and_marks_its_lines() -> None:
    code = code_of(DETECT_USER)
    assert "'S-1-5-18'" in code
    assert code.index("if (Test-System)") < code.index("$exe = Find-EsrDiag")
    for line in re.findall(r"Write-Output \(?(?:Limit-Text )?\(?['\"](.*?)['\"]", code):
        assert line.startswith("USER "), line


def script_arguments() -> list[str]:
    """Every argument string a script passes to esr-diag.exe."""
    found: list[str] = []
    for path in ALL:
        code = code_of(path)
        found += re.findall(r"-Arguments '([^']+)'", code)
        found += [m for m in re.findall(r"\$toolArgs = '([^']+)'", code)]
    found.append("check --intune --log-json auto")
    return sorted(set(found))


@pytest.mark.parametrize("arguments", script_arguments())
def test_the_arguments_the_scripts_pass_are_valid_esr_diag_calls(arguments: str) -> None:
    parsed = build_parser().parse_args(shlex.split(arguments))
    assert callable(parsed.handler)


def test_the_check_calls_run_over_a_bundle(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esr_gui.cli import check
    from esr_gui.core.report.log_json import LogHost

    monkeypatch.setattr(check, "_log_host", lambda: LogHost(False, False, None, str(tmp_path)))
    bundle = str(DEMO / "1607-sideload-6013")
    assert main(["check", "--intune", "--log-json", "auto", "--bundle", bundle]) == 1
    out, err = capsys.readouterr()
    assert err == "" and out.startswith("ESR FAIL | fail: ki.mdm-sideload-1607")
    assert main(["check", "--json", "--log-json", "auto", "--bundle", bundle]) == 1
    document = json.loads(capsys.readouterr().out)
    assert {"device", "source", "findings", "headline", "tool"} <= set(document)
    assert len((tmp_path / "esr-diag.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_remediation_runs_only_fleet_safe_remedies() -> None:
    code = code_of(REMEDIATE)
    listed = re.search(r"\$FleetSafeRemedies = @\(([^)]*)\)", code)
    assert listed is not None
    safe = re.findall(r"'([^']+)'", listed.group(1))
    assert safe == ["remedy.run-device-join-task"]
    for remedy_id in safe:
        spec = CATALOG[remedy_id]
        assert spec.kind == "command"
        assert not spec.needs_restart and not spec.needs_sign_out
        assert spec.admin in ("not-needed", "if-denied")  # no consent prompt needed
        assert spec.params.model_json_schema().get("required", []) == []
        assert set(spec.targets) & set(FINDING_IDS)
    assert code.count("remedy run ") == 1
    assert '"remedy run $Id --yes --json"' in code
    runner = function_text(REMEDIATE, "Invoke-Remediation")
    assert "$toRun = @($wanted | Where-Object { $safe -contains $_ })" in runner
    assert "if ($finding.status -ne 'fail') { continue }" in function_text(
        REMEDIATE, "Get-WantedRemedies"
    )


def test_remediation_exit_codes() -> None:
    code = code_of(REMEDIATE)
    runner = function_text(REMEDIATE, "Invoke-Remediation")
    assert "$code = if ($failed.Count -gt 0) { 1 } else { 0 }" in runner
    assert "Code = 2" in runner
    assert exit_statements(code) == ["$relaunched.Code", "2", "$outcome.Code", "2"]


def test_configmgr_output_is_compact_json_within_4_kb() -> None:
    code = code_of(CONFIGMGR)
    assert (
        re.search(r"\$MaxBytes = (\d+)", code)
        and int(
            re.search(r"\$MaxBytes = (\d+)", code).group(1)  # type: ignore[union-attr]
        )
        <= 4096
    )
    assert "'check --json --log-json auto'" in code
    assert code.count("ConvertTo-Json -Compress") >= 3
    assert "[Text.Encoding]::UTF8.GetByteCount" in code
    assert "Remove-TypeData -TypeName System.Array -ErrorAction SilentlyContinue" in code
    assert re.search(r"(?<!')\bexit\s*=", code) is None  # a bare `exit` key reads as the keyword
    limit = function_text(CONFIGMGR, "Limit-Summary")
    assert "$Summary['truncated'] = $true" in limit
    assert exit_statements(code) == ["$relaunched.Code", "2", "2", "0", "2"]


def test_configmgr_summary_of_the_worst_case_fits_without_truncation() -> None:
    """Every finding failing, headline and action at their 400-character cap."""
    summary = {
        "schema": 1,
        "computer": "X" * 15,
        "state": "UNKNOWN",
        "exit": 1,
        "input": "unknown",
        "build": "22631.4460",
        "join": "azure-ad",
        "context": "system",
        "captured": "2026-11-25T09:14:03+01:00",
        "fail": list(FINDING_IDS),
        "warn": [],
        "unknown": 0,
        "headline": "h" * 400,
        "action": "a" * 400,
        "tool": "esr-diag 0.4.0",
        "truncated": False,
    }
    assert len(json.dumps(summary, separators=(",", ":"))) < 4000


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_brackets_and_quotes_balance(path: Path) -> None:
    code = code_of(path)
    stack: list[str] = []
    pairs = {")": "(", "}": "{", "]": "["}
    quote = ""
    for ch in code:
        if quote:
            quote = "" if ch == quote else quote
            continue
        if ch in "'\"":
            quote = ch
        elif ch in "({[":
            stack.append(ch)
        elif ch in pairs:
            assert stack and stack.pop() == pairs[ch], f"unbalanced {ch}"
    assert not stack and not quote


def test_readme_documents_the_deployment() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Fleet deployment: Intune and ConfigMgr") :]
    for needle in (
        "Detect-ESR.ps1",
        "Remediate-ESR.ps1",
        "Detect-ESR-User.ps1",
        "Invoke-ESRCheck.ps1",
        "logged-on credentials",
        "64-bit",
        "2048",
        "ESR FAIL | fail:",
        "4 KB",
        "Win32 app",
    ):
        assert needle in section, needle


def test_configmgr_reports_the_state_esr_diag_chose(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """UNKNOWN (unread dsregcmd /status) reaches the ConfigMgr object, never folded into OK."""
    summary = function_text(CONFIGMGR, "New-Summary")
    assert "$state = [string]$Document.state" in summary
    assert summary.index("$state = [string]$Document.state") < summary.index("if (-not $state)")
    assert "'input' = $inputStatus" in summary
    assert "$_.id -eq 'input.dsregcmd'" in summary
    garbage = tmp_path / "dsregcmd.txt"
    garbage.write_bytes(b"hello world\r\nthis is garbage\r\n")
    assert main(["check", "--json", "--dsregcmd", str(garbage)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["state"] == "UNKNOWN"
    assert [f["status"] for f in document["findings"] if f["id"] == "input.dsregcmd"] == ["unknown"]


def test_remediation_runs_nothing_on_an_unread_dsregcmd() -> None:
    runner = function_text(REMEDIATE, "Invoke-Remediation")
    guard = runner.index("if (Test-UnreadInput $document)")
    assert guard < runner.index("$wanted = Get-WantedRemedies $document")
    assert "ESR REMEDIATE SKIPPED | dsregcmd /status could not be read" in runner
    test = function_text(REMEDIATE, "Test-UnreadInput")
    assert "$_.id -eq 'input.dsregcmd'" in test and "-eq 'unknown'" in test
