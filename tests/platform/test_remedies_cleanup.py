"""The BrokerPlugin cleanup on a fake profile tree: targets only, no links, backup first."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from esr_gui.core.remedy import Confirmation, Plan, RemedyRefusedError, RemedyResult
from esr_gui.core.remedy.audit import AuditRecord
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.backup import BackupError, verify_zip
from esr_gui.platform.remedies.fsops import FileOps
from esr_gui.platform.remedies.inventory import inventory_profile
from tests.platform.test_remedies_support import (
    CLOCK,
    FaultyFs,
    make_engine,
    make_profile,
    package_of,
    tree_state,
)

CLEANUP = "remedy.broker-plugin-cleanup"
TARGETS = {
    "Settings/settings.dat",
    "AC/TokenBroker/Accounts/1a2b.tbacct",
    "AC/TokenBroker/Accounts/3c4d.tbacct",
    "AC/TokenBroker/Accounts/sub/nested.tbacct",
}


def pkg_rel(profile: Path, rel: str) -> str:
    return (package_of(profile).relative_to(profile.parent) / rel).as_posix()


def run(engine: RemedyEngine, plan: Plan) -> RemedyResult:
    return engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    return make_profile(tmp_path / "Users")


def test_only_the_targets_are_deleted(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    before = tree_state(profile.parent)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert {f.relative for f in plan.files} == TARGETS
    result = run(engine, plan)
    assert result.status == "done", result.message
    after = tree_state(profile.parent)
    gone = {pkg_rel(profile, rel) for rel in TARGETS}
    assert set(before) - set(after) == gone
    assert {k: v for k, v in before.items() if k not in gone} == after
    assert result.backup_path and Path(result.backup_path).is_file()
    assert str(result.backup_path) in result.message


def test_a_link_inside_accounts_is_not_followed(tmp_path: Path, profile: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"precious")
    link = package_of(profile) / "AC" / "TokenBroker" / "Accounts" / "evil.tbacct"
    link.symlink_to(outside)
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert [s.relative for s in plan.left_alone] == ["AC/TokenBroker/Accounts/evil.tbacct"]
    assert "link" in plan.left_alone[0].reason
    assert run(engine, plan).status == "done"
    assert link.is_symlink() and outside.read_bytes() == b"precious"


def test_a_linked_ac_folder_is_not_entered(tmp_path: Path, profile: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "TokenBroker" / "Accounts").mkdir(parents=True)
    (elsewhere / "TokenBroker" / "Accounts" / "victim.tbacct").write_bytes(b"not ours")
    ac = package_of(profile) / "AC"
    os.rename(ac, tmp_path / "real-ac")
    ac.symlink_to(elsewhere, target_is_directory=True)
    before = tree_state(elsewhere)
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert {f.relative for f in plan.files} == {"Settings/settings.dat"}
    assert [s.relative for s in plan.left_alone] == ["AC"]
    run(engine, plan)
    assert tree_state(elsewhere) == before and ac.is_symlink()


def test_a_file_swapped_for_a_link_after_the_backup_is_left_alone(
    tmp_path: Path, profile: Path
) -> None:
    outside = tmp_path / "outside.dat"
    outside.write_bytes(b"keep me")
    settings = package_of(profile) / "Settings" / "settings.dat"

    class SwapAfterRead(FileOps):
        swapped = False

        def replace(self, src: str, dst: str) -> None:
            super().replace(src, dst)  # the backup is in place: now swap the target
            settings.unlink()
            settings.symlink_to(outside)

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=SwapAfterRead())
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    by_rel = {f.relative: f for f in result.files}
    assert by_rel["Settings/settings.dat"].action == "left-unsafe"
    assert outside.read_bytes() == b"keep me" and settings.is_symlink()
    assert result.status == "failed"


@pytest.mark.parametrize("accounts", ["Account", "Accounts"])
def test_both_folder_spellings(tmp_path: Path, accounts: str) -> None:
    profile = make_profile(tmp_path / "Users", accounts=accounts)
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert {f.relative for f in plan.files} == {
        t.replace("/Accounts/", f"/{accounts}/") for t in TARGETS
    }


def test_both_spellings_at_once(tmp_path: Path, profile: Path) -> None:
    single = package_of(profile) / "AC" / "TokenBroker" / "Account"
    single.mkdir()
    (single / "old.tbacct").write_bytes(b"old layout")
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert "AC/TokenBroker/Account/old.tbacct" in {f.relative for f in plan.files}
    assert run(engine, plan).status == "done"
    assert not (single / "old.tbacct").exists() and single.is_dir()


def test_names_match_case_insensitively(tmp_path: Path) -> None:
    profile = make_profile(
        tmp_path / "Users", accounts="ACCOUNTS", settings="settings", settings_file="Settings.DAT"
    )
    pkg = package_of(profile)
    os.rename(pkg / "AC", pkg / "ac")
    os.rename(pkg / "ac" / "TokenBroker", pkg / "ac" / "tokenbroker")
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert {f.relative for f in plan.files} == {
        "settings/Settings.DAT",
        "ac/tokenbroker/ACCOUNTS/1a2b.tbacct",
        "ac/tokenbroker/ACCOUNTS/3c4d.tbacct",
        "ac/tokenbroker/ACCOUNTS/sub/nested.tbacct",
    }


def test_a_locked_file_is_reported_and_the_others_are_deleted(
    tmp_path: Path, profile: Path
) -> None:
    fs = FaultyFs(unlink_locked={"3c4d.tbacct"})
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    actions = {f.relative: f.action for f in result.files}
    assert actions.pop("AC/TokenBroker/Accounts/3c4d.tbacct") == "left-locked"
    assert set(actions.values()) == {"deleted"}
    assert result.status == "failed" and "3 of 4" in result.message
    locked = next(f for f in result.files if f.action == "left-locked")
    assert "sharing violation" in locked.message
    assert (package_of(profile) / "AC/TokenBroker/Accounts/3c4d.tbacct").exists()
    assert result.backup_path  # the deleted ones are in the backup


def test_a_file_locked_for_reading_is_not_deleted(tmp_path: Path, profile: Path) -> None:
    fs = FaultyFs(read_locked={"settings.dat"})
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    plan = engine.plan(CLEANUP, profile=str(profile))
    unread = next(f for f in plan.files if f.relative == "Settings/settings.dat")
    assert unread.sha256 is None and unread.problem
    result = run(engine, plan)
    by_rel = {f.relative: f.action for f in result.files}
    assert by_rel["Settings/settings.dat"] == "left-locked"
    assert list(by_rel.values()).count("deleted") == 3
    assert (package_of(profile) / "Settings/settings.dat").exists()


def test_a_read_only_file_is_made_writable_as_planned(tmp_path: Path, profile: Path) -> None:
    target = package_of(profile) / "Settings" / "settings.dat"
    target.chmod(0o444)
    fs = FaultyFs()
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert any(s.kind == "files" and s.action == "make-writable" for s in plan.steps)  # type: ignore[union-attr]
    result = run(engine, plan)
    assert result.status == "done"
    assert [p for p, _ in fs.chmods] == [str(target)]
    assert fs.chmods[0][1] & stat.S_IWUSR
    assert not target.exists()


def test_a_full_disk_while_backing_up_deletes_nothing(tmp_path: Path, profile: Path) -> None:
    before = tree_state(profile.parent)
    fs = FaultyFs(disk_full=True)
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.status == "failed"
    assert "disk is full" in result.message and "nothing was deleted" in result.message
    assert tree_state(profile.parent) == before and fs.unlinked == [
        str(p) for p in fs.unlinked if p.endswith(".partial")
    ]
    assert not list((tmp_path / "data" / "backups").iterdir())


def test_a_backup_that_does_not_verify_deletes_nothing(tmp_path: Path, profile: Path) -> None:
    before = tree_state(profile.parent)
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=FaultyFs(corrupt_backup=True))
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.status == "failed" and "nothing was deleted" in result.message.lower()
    assert tree_state(profile.parent) == before
    assert not list((tmp_path / "data" / "backups").iterdir())


def test_the_backup_holds_every_file_with_its_manifest(tmp_path: Path, profile: Path) -> None:
    originals = {rel: (package_of(profile) / rel).read_bytes() for rel in TARGETS}
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.backup_path
    manifest = verify_zip(result.backup_path, FileOps())
    assert manifest.profile_dir == str(profile)
    assert manifest.created == CLOCK and manifest.user == "CONTOSO\\tech"
    assert {e.relative: e.original for e in manifest.files} == {
        rel: str(package_of(profile) / rel) for rel in TARGETS
    }
    with zipfile.ZipFile(result.backup_path) as archive:
        for rel, data in originals.items():
            assert archive.read(f"files/{rel}") == data
        document = json.loads(archive.read("manifest.json"))
    assert document["format"] == "esr-remedy-backup" and document["version"] == 1
    assert all({"relative", "original", "size", "sha256"} <= set(f) for f in document["files"])


def test_a_tampered_backup_does_not_verify(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.backup_path
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(result.backup_path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, b"x" + data if info.filename.endswith(".tbacct") else data)
    with pytest.raises(BackupError, match="does not match"):
        verify_zip(str(tampered), FileOps())


def test_restore_is_byte_identical(tmp_path: Path, profile: Path) -> None:
    target = package_of(profile) / "Settings" / "settings.dat"
    target.chmod(0o444)
    before = tree_state(profile.parent)
    mtime = target.stat().st_mtime_ns
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.backup_path
    (package_of(profile) / "AC" / "TokenBroker" / "Accounts" / "sub").rmdir()
    restore = engine.plan_restore(result.backup_path, str(profile))
    assert restore.runnable and restore.operation == "restore"
    restored = engine.run(restore, Confirmation.of(restore, via="cli-yes", by="tech"))
    assert restored.status == "done", restored.message
    assert tree_state(profile.parent) == before
    assert target.stat().st_mtime_ns == mtime
    assert not target.stat().st_mode & stat.S_IWUSR


def test_restore_keeps_a_different_existing_file_aside(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    target = package_of(profile) / "Settings" / "settings.dat"
    original = target.read_bytes()
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.backup_path
    target.write_bytes(b"a new hive Windows made since")
    plan = engine.plan_restore(result.backup_path, str(profile))
    assert any(s.action == "keep-aside" for s in plan.steps)  # type: ignore[union-attr]
    restored = engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))
    outcome = next(f for f in restored.files if f.relative == "Settings/settings.dat")
    assert outcome.action == "restored" and outcome.kept_aside
    assert Path(outcome.kept_aside).name == "settings.dat.before-restore"
    assert Path(outcome.kept_aside).read_bytes() == b"a new hive Windows made since"
    assert target.read_bytes() == original
    assert "before-restore" in outcome.message


def test_restore_does_not_write_through_a_link(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.backup_path
    settings = package_of(profile) / "Settings"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.rename(settings, tmp_path / "old-settings")
    settings.symlink_to(elsewhere, target_is_directory=True)
    plan = engine.plan_restore(result.backup_path, str(profile))
    assert [s.relative for s in plan.left_alone] == ["Settings/settings.dat"]
    restored = engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))
    assert not list(elsewhere.iterdir())
    assert {f.action for f in restored.files} >= {"left-unsafe", "restored"}
    assert restored.status == "failed"


def test_restore_of_something_that_is_not_a_backup(tmp_path: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not a zip"):
        engine.plan_restore(str(junk))
    with zipfile.ZipFile(tmp_path / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(BackupError, match="no manifest"):
        engine.plan_restore(str(tmp_path / "other.zip"))


def test_an_audit_record_is_written(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    result = run(engine, plan)
    assert result.audit_path == str(tmp_path / "data" / "audit.jsonl")
    lines = Path(result.audit_path).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    raw = json.loads(lines[0])
    assert raw["time"] == "2026-11-25T09:14:03+01:00"
    record = AuditRecord.model_validate_json(lines[0])
    assert record.user == "CONTOSO\\tech" and record.computer == "PC-0042"
    assert record.remedy_id == CLEANUP and record.operation == "remedy"
    assert record.plan.digest() == plan.digest()
    assert record.confirmation is not None and record.confirmation.via == "cli-yes"
    assert record.result.status == "done" and record.backup_path == result.backup_path
    assert record.elevated is False


def test_files_that_changed_after_the_preview_stop_the_run(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    (package_of(profile) / "Settings" / "settings.dat").write_bytes(b"changed meanwhile")
    before = tree_state(profile.parent)
    result = run(engine, plan)
    assert result.status == "failed" and "changed since it was shown" in result.message
    assert tree_state(profile.parent) == before
    assert len(Path(engine.audit_file).read_text().splitlines()) == 1


def test_a_confirmation_for_another_plan_is_refused(tmp_path: Path, profile: Path) -> None:
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    other = engine.plan(CLEANUP, {"stop_broker": "false"}, profile=str(tmp_path))
    before = tree_state(profile.parent)
    with pytest.raises(RemedyRefusedError, match="different plan"):
        engine.run(plan, Confirmation.of(engine.plan("remedy.sign-out-in"), via="cli-yes", by="t"))
    with pytest.raises(RemedyRefusedError):
        engine.run(other, Confirmation.of(plan, via="cli-yes", by="t"))
    assert tree_state(profile.parent) == before and not engine.audit_file.exists()


def test_another_users_profile_needs_an_elevated_tool_on_windows(tmp_path: Path) -> None:
    mine = make_profile(tmp_path / "Users", "tech")
    theirs = make_profile(tmp_path / "Users", "jdoe")
    engine, _ = make_engine(tmp_path / "data", current_profile=str(mine))
    own_plan = engine.plan(CLEANUP)
    assert own_plan.facts.profile and own_plan.facts.profile.path == str(mine)
    assert own_plan.runnable and own_plan.admin == "not-needed"
    refused = engine.plan(CLEANUP, profile=str(theirs))
    assert refused.needs_admin and refused.refusal and "Run as administrator" in refused.refusal
    elevated, _ = make_engine(tmp_path / "data", current_profile=str(mine), elevated=True)
    plan = elevated.plan(CLEANUP, profile=str(theirs))
    assert plan.runnable and plan.needs_admin
    assert run(elevated, plan).status == "done"


def test_inventory_of_a_profile_without_the_package(tmp_path: Path) -> None:
    inventory = inventory_profile(str(tmp_path))
    assert not inventory.package_found and not inventory.files


def test_an_unreadable_folder_is_reported_not_taken_for_missing(
    tmp_path: Path, profile: Path
) -> None:
    class Denied(FileOps):
        def listdir(self, path: str) -> list[str]:
            if path.endswith("Packages"):
                raise PermissionError(13, "Access is denied", path)
            return super().listdir(path)

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=Denied())
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert (
        plan.refusal
        and "could not be reached" in plan.refusal
        and "access was denied" in plan.refusal
    )


def test_a_failing_audit_write_is_said_in_the_result(
    tmp_path: Path, profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from esr_gui.platform.remedies import audit_log

    def full(path: Path, record: AuditRecord) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(audit_log, "append_record", full)
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.status == "done" and result.audit_path is None
    assert "audit record could not be written" in result.message


class _WithAttributes:
    """A stat result with Windows' st_file_attributes added."""

    def __init__(self, st: os.stat_result, attributes: int) -> None:
        self._st, self.st_file_attributes = st, attributes

    def __getattr__(self, name: str) -> object:
        return getattr(self._st, name)


def test_a_junction_is_recognised_by_its_reparse_point_attribute(
    tmp_path: Path, profile: Path
) -> None:
    class Junctions(FileOps):
        def lstat(self, path: str) -> os.stat_result:
            st = super().lstat(path)
            if os.path.basename(path) in ("AC", "3c4d.tbacct"):
                return _WithAttributes(st, 0x400)  # type: ignore[return-value]
            return st

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=Junctions())
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert {f.relative for f in plan.files} == {"Settings/settings.dat"}
    assert [s.relative for s in plan.left_alone] == ["AC"]


def test_the_windows_read_only_attribute_counts(tmp_path: Path, profile: Path) -> None:
    class ReadOnly(FileOps):
        def lstat(self, path: str) -> os.stat_result:
            st = super().lstat(path)
            if path.endswith("1a2b.tbacct"):
                return _WithAttributes(st, 0x1)  # type: ignore[return-value]
            return st

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=ReadOnly())
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert [f.relative for f in plan.files if f.read_only] == [
        "AC/TokenBroker/Accounts/1a2b.tbacct"
    ]


def test_a_name_that_cannot_be_backed_up_safely_is_left_alone(
    tmp_path: Path, profile: Path
) -> None:
    odd = package_of(profile) / "AC" / "TokenBroker" / "Accounts" / "a:b\\c"
    odd.write_bytes(b"odd")
    engine, _ = make_engine(tmp_path / "data", on_windows=False)
    plan = engine.plan(CLEANUP, profile=str(profile))
    assert odd.name in {Path(s.path).name for s in plan.left_alone}
    assert run(engine, plan).status == "done" and odd.exists()
