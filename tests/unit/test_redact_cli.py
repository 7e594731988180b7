"""`esr-diag redact BUNDLE --out PATH`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.core.bundle.reader import open_bundle
from esr_gui.core.bundle.writer import write_bundle
from esr_gui.core.models.manifest import Manifest
from tests.conftest import SAMPLES


def bundle(tmp_path: Path) -> Path:
    manifest = Manifest.model_validate(
        {"format": "esr-bundle", "version": 1, "created": "2026-11-25T09:14:03+01:00",
         "computer": "PC-0042", "user": "CONTOSO\\jdoe"}
    )  # fmt: skip
    evtx = SAMPLES / "events" / "tugix456-randaodcxjj_Microsoft-Windows-AAD%4Operational.evtx"
    members = {
        "whoami-upn.txt": b"jdoe@contoso.com\r\n",
        "events/Microsoft-Windows-AAD%4Operational.evtx": evtx.read_bytes(),
    }
    return write_bundle(tmp_path / "in.zip", manifest, members)


def test_redact_writes_the_copy_and_reports_by_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["redact", str(bundle(tmp_path)), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "redaction: replaced" in captured.err and "converted to XML" in captured.err
    assert "jdoe" not in captured.err and "contoso" not in captured.err
    with open_bundle(out) as redacted:
        assert redacted.manifest.redacted is True
        assert redacted.names() == [
            "events/Microsoft-Windows-AAD%4Operational.xml", "manifest.json", "whoami-upn.txt",
        ]  # fmt: skip
        assert json.loads(redacted.read("manifest.json"))["user"] == "DOMAIN1\\user1"


def test_redact_of_something_that_is_not_a_bundle_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["redact", str(tmp_path / "notes.txt"), "--out", str(tmp_path / "o.zip")]) == 2
    assert "not a bundle" in capsys.readouterr().err


def test_redact_never_writes_over_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = bundle(tmp_path)
    before = source.read_bytes()
    for out in (str(source), str(tmp_path / "." / "in.zip")):
        assert main(["redact", str(source), "--out", out, "--force"]) == 2
        assert capsys.readouterr().err == (
            f"esr-diag: --out {out} is the bundle being redacted; the original would be lost. "
            "Choose another path; nothing was written\n"
        )
    assert source.read_bytes() == before


def test_redact_replaces_an_existing_output_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = bundle(tmp_path)
    out = tmp_path / "shared.zip"
    out.write_bytes(b"someone else's file")
    assert main(["redact", str(source), "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"esr-diag: {out} already exists; add --force to replace it. Nothing was written\n"
    )
    assert out.read_bytes() == b"someone else's file"
    assert main(["redact", str(source), "--out", str(out), "--force", "--quiet"]) == 0
    with open_bundle(out) as redacted:
        assert redacted.manifest.redacted is True
