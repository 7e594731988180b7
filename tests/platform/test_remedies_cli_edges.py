"""`esr-diag remedy` edges: a tampered backup, a removed profile, a profile that never was."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from esr_gui.cli import main
from esr_gui.cli import remedy as remedy_cli
from esr_gui.platform.remedies.datadir import DATA_DIR_ENV
from tests.platform.test_remedies_support import identity_host, make_profile

CLEANUP = "remedy.broker-plugin-cleanup"
HYBRID = Path(__file__).resolve().parents[2] / "tests" / "data" / "remedy" / "hybrid-bundle"


@pytest.fixture(autouse=True)
def this_pc(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cleanup these tests restore runs from a live capture of this PC (a fake host)."""
    host = identity_host(HYBRID)
    monkeypatch.setattr(remedy_cli, "live_host_factory", lambda: lambda: host)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(folder))
    return folder


def cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    profile = make_profile(tmp_path / "Users")
    assert main(["remedy", "run", CLEANUP, "--profile", str(profile), "--yes"]) == 0
    out = capsys.readouterr().out
    backup = next(line[8:] for line in out.splitlines() if line.startswith("Backup: "))
    return profile, Path(backup)


def test_a_tampered_backup_gets_a_sentence(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, backup = cleaned(tmp_path, capsys)
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data_ = src.read(info)
            if info.filename == "manifest.json":
                data_ = data_.replace(b'"files"', b'"filez"')
            dst.writestr(info.filename, data_)
    assert main(["remedy", "restore", str(tampered), "--profile", str(profile), "--yes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"esr-diag: {tampered} was changed after it was written, or was made by another user "
        "or on another computer (its signature does not match); nothing was restored.\n"
    )


def test_a_restore_after_the_profile_was_removed_says_so_once(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, backup = cleaned(tmp_path, capsys)
    shutil.rmtree(profile)
    assert main(["remedy", "restore", str(backup), "--profile", str(profile), "--yes"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"esr-diag: The profile folder {profile} no longer exists (it was removed after the "
        "backup was made); nothing was restored.\n"
    )
    assert not profile.exists()


@pytest.mark.parametrize("action", ["plan", "run"])
def test_a_profile_that_never_existed(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], action: str
) -> None:
    nowhere = tmp_path / "Users" / "nobody"
    argv = ["remedy", action, CLEANUP, "--profile", str(nowhere)]
    assert main(argv + (["--yes"] if action == "run" else [])) == 2
    captured = capsys.readouterr()
    sentence = (
        f"The profile folder {nowhere} does not exist; check the path (--profile, or the "
        "profile chosen). Nothing changed."
    )
    assert sentence in captured.out + captured.err
    assert "no longer there" not in captured.out + captured.err
    assert not nowhere.exists()
