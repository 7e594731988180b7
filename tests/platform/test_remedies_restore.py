"""Restore: only this tool's own backups (HMAC with a per-user key outside the backup), only
into a real profile's recomputed BrokerPlugin folder, only the documented targets."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from esr_gui.core.remedy import Confirmation, Plan, RemedyRefusedError, RemedyResult
from esr_gui.core.remedy.backup_manifest import BackupEntry, BackupManifest, documented_target
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.backup import BackupError, _write_zip
from esr_gui.platform.remedies.datadir import BACKUP_KEY_FILE, backup_key
from esr_gui.platform.remedies.fsops import FileOps
from esr_gui.platform.remedies.restore import NOT_DOCUMENTED
from tests.platform.test_remedies_engine import FakeRegistry
from tests.platform.test_remedies_support import (
    CLOCK,
    make_engine,
    make_profile,
    package_of,
    tree_state,
)

CLEANUP = "remedy.broker-plugin-cleanup"
SID = "S-1-12-1-4-5-6-7"


def run(engine: RemedyEngine, plan: Plan) -> RemedyResult:
    return engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))


def cleaned(tmp_path: Path, data: str = "data") -> tuple[RemedyEngine, Path, str]:
    """A profile cleaned by an engine on `data`: the engine, the profile, the backup."""
    profile = make_profile(tmp_path / "Users")
    engine, _ = make_engine(tmp_path / data, on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.status == "done" and result.backup_path
    return engine, profile, result.backup_path


def rewrite(backup: str, out: Path, change: dict[str, object], mac: bool = True) -> str:
    """A copy of `backup` with manifest fields changed (the signature kept, or dropped)."""
    with zipfile.ZipFile(backup) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                data = json.dumps({**json.loads(data), **change}).encode()
            if info.filename != "manifest.hmac" or mac:
                dst.writestr(info.filename, data)
    return str(out)


def test_a_backup_without_a_signature_is_refused(tmp_path: Path) -> None:
    engine, profile, backup = cleaned(tmp_path)
    forged = rewrite(backup, tmp_path / "forged.zip", {"profile_dir": "/"}, mac=False)
    with pytest.raises(BackupError) as caught:
        engine.plan_restore(forged, str(profile))
    assert str(caught.value) == (
        f"{forged} was not made by this tool on this computer (it carries no signature); "
        "nothing was restored."
    )


def test_a_manifest_changed_after_signing_is_refused(tmp_path: Path) -> None:
    engine, profile, backup = cleaned(tmp_path)
    forged = rewrite(backup, tmp_path / "forged.zip", {"profile_dir": "/", "package_dir": "/x"})
    before = tree_state(profile.parent)
    with pytest.raises(
        BackupError, match=r"\(its signature does not match\); nothing was restored\."
    ):
        engine.plan_restore(forged, str(profile))
    assert tree_state(profile.parent) == before


def test_a_backup_made_by_another_user_or_computer_is_refused(tmp_path: Path) -> None:
    _, profile, backup = cleaned(tmp_path)
    other, _ = make_engine(tmp_path / "other-data", on_windows=False)
    with pytest.raises(BackupError, match="no backup was ever made here"):
        other.plan_restore(backup, str(profile))
    backup_key(tmp_path / "other-data", create=True)  # that user has backups of their own
    with pytest.raises(BackupError, match="made by another user or on another computer"):
        other.plan_restore(backup, str(profile))


def test_the_key_is_kept_in_the_data_folder_not_in_the_backup(tmp_path: Path) -> None:
    _, _, backup = cleaned(tmp_path)
    key = (tmp_path / "data" / BACKUP_KEY_FILE).read_bytes()
    assert len(key) == 32
    with zipfile.ZipFile(backup) as archive:
        assert not any(key in archive.read(name) for name in archive.namelist())
    assert (tmp_path / "data" / BACKUP_KEY_FILE).stat().st_mode & 0o077 == 0


def signed_backup(tmp_path: Path, manifest: BackupManifest, data: dict[str, bytes]) -> str:
    """A backup signed with this data folder's own key (as if this tool had written it)."""
    key = backup_key(tmp_path / "data", create=True)
    assert key
    path = tmp_path / "signed.zip"
    items = [(e, data[e.relative]) for e in manifest.files]
    _write_zip(str(path), manifest, items, FileOps(), key)
    return str(path)


def _entry(relative: str, data: bytes, original: str) -> BackupEntry:
    import hashlib

    return BackupEntry(
        relative=relative,
        original=original,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def test_only_documented_targets_are_written(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    (package_of(profile) / "Settings" / "settings.dat").unlink()
    files = {"Settings/settings.dat": b"hive", "LocalState/run.cmd": b"evil"}
    manifest = BackupManifest(
        remedy_id=CLEANUP,
        profile_dir=str(profile),
        package_dir="/etc",  # never used: the package folder is recomputed
        created=CLOCK,
        files=tuple(_entry(r, d, "/etc/" + r) for r, d in files.items()),
    )
    backup = signed_backup(tmp_path, manifest, files)
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan_restore(backup, str(profile))
    assert [(s.relative, s.reason) for s in plan.left_alone] == [
        ("LocalState/run.cmd", NOT_DOCUMENTED)
    ]
    assert {f.path for f in plan.files} == {
        str(package_of(profile) / "Settings" / "settings.dat"),
        str(package_of(profile) / "LocalState" / "run.cmd"),
    }
    result = run(engine, plan)
    assert (package_of(profile) / "Settings" / "settings.dat").read_bytes() == b"hive"
    assert not (package_of(profile) / "LocalState" / "run.cmd").exists()
    assert not Path("/etc/Settings").exists()
    assert result.status == "failed"


def test_the_profile_is_named_not_taken_from_the_backup(tmp_path: Path) -> None:
    engine, profile, backup = cleaned(tmp_path)
    with pytest.raises(RemedyRefusedError, match="Choose the profile folder to restore into"):
        engine.plan_restore(backup)
    other = make_profile(tmp_path / "Users", "someone")
    with pytest.raises(RemedyRefusedError) as caught:
        engine.plan_restore(backup, str(other))
    assert str(caught.value) == (
        f"This backup was made from {profile}; it is restored only into that profile, "
        f"not {other}. Nothing changed."
    )


def test_on_windows_the_profile_comes_from_the_profile_list(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    registry = FakeRegistry({SID: str(profile)})
    engine, _ = make_engine(
        tmp_path / "data", registry=registry, current_profile=str(profile), on_windows=True
    )
    result = run(engine, engine.plan(CLEANUP))
    assert result.status == "done" and result.backup_path
    plan = engine.plan_restore(result.backup_path)
    assert plan.facts.profile and plan.facts.profile.sid == SID
    assert plan.title == f"Restore 4 BrokerPlugin file(s) into {profile}"
    assert plan.summary.startswith("Puts back 4 file(s) (Settings/settings.dat, ")
    unlisted = make_profile(tmp_path / "Elsewhere")
    with pytest.raises(RemedyRefusedError, match="is not a profile in this computer's profile"):
        engine.plan_restore(result.backup_path, str(unlisted))
    registry.profiles.clear()
    with pytest.raises(RemedyRefusedError, match="is not in this computer's profile list any"):
        engine.plan_restore(result.backup_path)


def test_a_removed_profile_is_said_once(tmp_path: Path) -> None:
    import shutil

    engine, profile, backup = cleaned(tmp_path)
    shutil.rmtree(profile)
    with pytest.raises(RemedyRefusedError) as caught:
        engine.plan_restore(backup, str(profile))
    assert str(caught.value) == (
        f"The profile folder {profile} no longer exists (it was removed after the backup was "
        "made); nothing was restored."
    )


def test_a_named_profile_that_does_not_exist(tmp_path: Path) -> None:
    engine, _, backup = cleaned(tmp_path)
    with pytest.raises(RemedyRefusedError) as caught:
        engine.plan_restore(backup, str(tmp_path / "nowhere"))
    assert str(caught.value) == (
        f"The profile folder {tmp_path / 'nowhere'} does not exist; nothing changed."
    )


@pytest.mark.parametrize(
    ("relative", "ok"),
    [
        ("Settings/settings.dat", True),
        ("settings/SETTINGS.DAT", True),
        ("AC/TokenBroker/Accounts/a.tbacct", True),
        ("AC/TokenBroker/Account/sub/b.tbacct", True),
        ("AC/TokenBroker/Accounts", False),
        ("Settings/settings.dat.LOG1", False),
        ("AC/TokenBroker/Cache/keep.bin", False),
        ("LocalState/x", False),
    ],
)
def test_documented_targets(relative: str, ok: bool) -> None:
    assert documented_target(relative) is ok


def test_a_damaged_key_file_is_a_sentence(tmp_path: Path) -> None:
    engine, profile, backup = cleaned(tmp_path)
    (tmp_path / "data" / BACKUP_KEY_FILE).write_bytes(b"short")
    with pytest.raises(BackupError) as caught:
        engine.plan_restore(backup, str(profile))
    assert str(caught.value) == (
        "The key that checks this tool's backups could not be read "
        f"({tmp_path / 'data' / BACKUP_KEY_FILE} is not a backup key written by this tool); "
        "nothing was restored."
    )


def test_a_manifest_this_tool_does_not_write_is_a_sentence_not_a_dump(tmp_path: Path) -> None:
    from esr_gui.platform.remedies.backup import verify_zip

    _, _, backup = cleaned(tmp_path)
    odd = rewrite(backup, tmp_path / "odd.zip", {"version": 7})
    with pytest.raises(BackupError) as caught:
        verify_zip(odd, FileOps())  # read back without the key: the manifest itself is checked
    assert str(caught.value) == (
        f"{odd} could not be read back: its manifest is not one this tool writes (first "
        "problem at version)"
    )
