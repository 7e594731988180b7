"""Issue 14 item 1: an unread, missing or partial dsregcmd /status is never reported as OK.

Every surface built from the core (the Intune line, `check --json`, the text report, the
HTML report's first block) says UNKNOWN / what could not be read / how to capture again, and
`--bundle` and `--dsregcmd` with the same bad text agree (exit 1, see docs/cli.md).
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.diagnose import run_diagnosis
from esr_gui.core.report.html import render_bundle_report
from esr_gui.core.snapshot_builder import load_snapshot
from tests.conftest import REPO

Capture = pytest.CaptureFixture[str]
HEALTHY = REPO / "resources" / "demo" / "healthy-aad-joined"
GARBAGE = b"hello world\r\nthis is garbage\r\n"
SSO_ONLY = (
    "+" + "-" * 70 + "+\r\n| SSO State" + " " * 60 + "|\r\n+" + "-" * 70 + "+\r\n\r\n"
    "            AzureAdPrt : YES\r\n              CloudTgt : YES\r\n"
).encode()


def run(capsys: Capture, *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def healthy_with(tmp_path: Path, dsregcmd: bytes | None) -> Path:
    """The healthy demo bundle with its dsregcmd member replaced (None: removed)."""
    root = tmp_path / "bundle"
    shutil.copytree(HEALTHY, root)
    member = root / "dsregcmd-status.txt"
    if dsregcmd is None:
        member.unlink()
    else:
        member.write_bytes(dsregcmd)
    return root


def damaged_zip(tmp_path: Path) -> Path:
    """The healthy demo as a zip whose dsregcmd member fails its CRC check."""
    target = tmp_path / "damaged.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(HEALTHY.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(HEALTHY).as_posix())
    data = bytearray(target.read_bytes())
    marker = data.find(b"Device State")
    data[marker] ^= 0x20  # one flipped bit inside the stored dsregcmd text
    target.write_bytes(bytes(data))
    return target


def test_the_healthy_demo_is_still_ok(capsys: Capture) -> None:
    code, out = run(capsys, "--bundle", str(HEALTHY), "--intune")
    assert (code, out.split(" | ")[0]) == (0, "ESR OK")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (GARBAGE, "could not be read (no dsregcmd /status fields were found"),
        (b"", "could not be read"),
        (None, "dsregcmd /status was not captured"),
    ],
    ids=["garbage", "empty", "missing"],
)
def test_an_unread_dsregcmd_member_makes_the_intune_line_unknown(
    capsys: Capture, tmp_path: Path, content: bytes | None, says: str
) -> None:
    code, out = run(capsys, "--bundle", str(healthy_with(tmp_path, content)), "--intune")
    assert code == 1
    assert out.startswith("ESR UNKNOWN | ")
    assert "Cannot tell: " in out and says in out
    assert "-> Capture dsregcmd /status again" in out


def test_a_damaged_zip_member_is_captured_but_unreadable(capsys: Capture, tmp_path: Path) -> None:
    bundle = damaged_zip(tmp_path)
    snapshot = load_snapshot(bundle)
    assert snapshot.dsregcmd is None and snapshot.problems
    code, out = run(capsys, "--bundle", str(bundle), "--intune")
    assert code == 1 and out.startswith("ESR UNKNOWN | ")
    assert "captured but could not be read" in out


def test_bundle_and_dsregcmd_with_the_same_bad_text_agree(capsys: Capture, tmp_path: Path) -> None:
    text = tmp_path / "garbage.txt"
    text.write_bytes(GARBAGE)
    bundle = healthy_with(tmp_path, GARBAGE)
    for args in (["--intune"], ["--json"], []):
        from_bundle = run(capsys, "--bundle", str(bundle), *args)
        from_text = run(capsys, "--dsregcmd", str(text), *args)
        assert from_bundle[0] == from_text[0] == 1, args
    doc = json.loads(run(capsys, "--dsregcmd", str(text), "--json")[1])
    assert doc["state"] == "UNKNOWN"
    assert doc["findings"][0]["id"] == "input.dsregcmd"
    assert doc["findings"][0]["status"] == "unknown"
    assert doc["headline"]["finding_id"] == "input.dsregcmd"
    assert doc["problems"] == [
        {"member": "garbage.txt", "message": "no dsregcmd /status fields were found in this text"}
    ]
    # A file that cannot be opened still stops the run.
    assert run(capsys, "--dsregcmd", str(tmp_path / "not-there.txt"))[0] == 2


def test_a_partial_dsregcmd_is_reported_as_partial(capsys: Capture, tmp_path: Path) -> None:
    text = tmp_path / "sso-only.txt"
    text.write_bytes(SSO_ONLY)
    code, out = run(capsys, "--dsregcmd", str(text), "--intune")
    assert code == 1
    assert out.startswith("ESR UNKNOWN | fail: - | warn: input.dsregcmd |")
    assert "Partial data: dsregcmd /status is partial: Device State and User State missing" in out
    doc = json.loads(run(capsys, "--dsregcmd", str(text), "--json")[1])
    source = doc["findings"][0]
    assert (source["id"], source["status"]) == ("input.dsregcmd", "warn")
    assert source["missing"] == [
        "the Device State section of dsregcmd /status",
        "the User State section of dsregcmd /status",
    ]


def test_text_report_puts_the_verdict_above_the_headline(capsys: Capture, tmp_path: Path) -> None:
    code, out = run(capsys, "--bundle", str(healthy_with(tmp_path, GARBAGE)))
    assert code == 1
    lines = out.splitlines()
    verdict = lines.index("Verdict  : UNKNOWN")
    assert lines[verdict + 2].startswith("Cannot tell: dsregcmd /status was captured")
    assert lines[verdict + 3].startswith("First step: Capture dsregcmd /status again")


def test_report_command_exits_like_check(capsys: Capture, tmp_path: Path) -> None:
    bundle = healthy_with(tmp_path, GARBAGE)
    out = tmp_path / "report.html"
    assert main(["report", str(bundle), "--out", str(out)]) == 1
    assert main(["report", str(HEALTHY), "--out", str(out)]) == 0
    capsys.readouterr()


def test_html_report_says_it_in_its_first_block(tmp_path: Path) -> None:
    page = render_bundle_report(healthy_with(tmp_path, GARBAGE))
    first = page[page.index("<section class=") :]
    first = first[: first.index("</section>")]
    assert first.startswith('<section class="banner unknown" aria-label="Cannot tell">')
    assert "? Unknown" in first
    assert "Cannot tell: dsregcmd /status was captured but could not be read" in first
    assert "Capture dsregcmd /status again" in first


def test_html_first_block_names_a_partial_input_under_a_failing_headline(tmp_path: Path) -> None:
    device_only = SSO_ONLY.replace(b"SSO State", b"Device State").replace(
        b"AzureAdPrt : YES\r\n              CloudTgt : YES",
        b"AzureAdJoined : NO\r\n          DomainJoined : NO",
    )
    diagnosis = run_diagnosis(load_snapshot(healthy_with(tmp_path, device_only)))
    assert diagnosis.get("input.dsregcmd").status == "warn"
    assert diagnosis.headline.status == "fail"  # a fail on the data that was read heads
    assert diagnosis.state == "FAIL"
    page = render_bundle_report(tmp_path / "bundle")
    first = page[page.index("<section class=") :]
    first = first[: first.index("</section>")]
    assert first.startswith('<section class="banner fail"')
    assert "dsregcmd /status is partial: User State and SSO State missing" in first
