"""A folder swapped for a link between the cleanup's (and the restore's) steps is never followed.

The swap is injected through the FileOps seam right after one step: the check (the folders
opened), the file opened, the hash read; for the restore, between the check and the write.
Outside the profile nothing may change, and the user is told in a sentence.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from esr_gui.core.remedy import Confirmation, Plan, RemedyResult
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.fsops import FileOps, Folder, OpenFile
from tests.platform.test_remedies_support import make_engine, make_profile, package_of, tree_state

CLEANUP = "remedy.broker-plugin-cleanup"
SETTINGS = "Settings/settings.dat"


def run(engine: RemedyEngine, plan: Plan) -> RemedyResult:
    return engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))


class SwapFs(FileOps):
    """Replaces the package's Settings folder by a link to `outside` right after `step`."""

    def __init__(self, step: str, settings: Path, outside: Path) -> None:
        self.step, self.settings, self.outside = step, settings, outside
        self.armed = False
        self.swapped = False
        self.arm_after_backup = False

    def replace(self, src: str, dst: str) -> None:
        super().replace(src, dst)
        self.armed = self.armed or self.arm_after_backup  # the verified backup is in place

    def _swap(self, step: str) -> None:
        if self.armed and step == self.step and not self.swapped:
            self.swapped = True
            os.rename(self.settings, self.settings.with_name("Settings.moved"))
            self.settings.symlink_to(self.outside, target_is_directory=True)

    def open_folder(self, path: str, parent: Folder | None = None) -> Folder:
        folder = super().open_folder(path, parent)
        if os.path.basename(path) == "Settings":
            self._swap("check")
        return folder

    def open_file(self, folder: Folder, name: str) -> OpenFile:
        opened = super().open_file(folder, name)
        self._swap("open")
        return opened

    def read_handle(self, opened: OpenFile) -> bytes:
        data = super().read_handle(opened)
        self._swap("hash")
        return data

    def create_file(self, folder: Folder, name: str) -> OpenFile:
        self._swap("write")
        return super().create_file(folder, name)


def _outside(tmp_path: Path, profile: Path) -> Path:
    """A folder outside the profile holding a file with the very name and bytes of the target."""
    outside = tmp_path / "outside"
    outside.mkdir()
    original = package_of(profile) / "Settings" / "settings.dat"
    (outside / "settings.dat").write_bytes(original.read_bytes())
    return outside


@pytest.mark.parametrize("step", ["check", "open", "hash"])
def test_a_folder_swapped_during_the_delete_is_not_followed(tmp_path: Path, step: str) -> None:
    profile = make_profile(tmp_path / "Users")
    outside = _outside(tmp_path, profile)
    before = tree_state(outside)
    fs = SwapFs(step, package_of(profile) / "Settings", outside)
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    fs.arm_after_backup = True
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert fs.swapped
    assert tree_state(outside) == before, "a file outside the profile was touched"
    settings = next(f for f in result.files if f.relative == SETTINGS)
    assert settings.action == "left-unsafe"
    assert settings.message == (
        "Left in place: a folder on its way was replaced while the cleanup ran; "
        "nothing was followed."
    )
    moved = package_of(profile) / "Settings.moved" / "settings.dat"
    assert moved.is_file(), "the real file is left in place, not deleted blindly"
    assert result.status == "failed"
    assert {f.action for f in result.files if f.relative != SETTINGS} == {"deleted"}


def test_a_folder_swapped_between_check_and_write_of_a_restore(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    outside = tmp_path / "outside"
    outside.mkdir()
    fs = SwapFs("write", package_of(profile) / "Settings", outside)
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=fs)
    done = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert done.status == "done" and done.backup_path
    plan = engine.plan_restore(done.backup_path, str(profile))
    fs.armed = True
    restored = run(engine, plan)
    assert fs.swapped
    assert list(outside.iterdir()) == [], "the restore wrote outside the profile"
    settings = next(f for f in restored.files if f.relative == SETTINGS)
    assert settings.action == "left-unsafe"
    assert settings.message == (
        "Not restored: a folder on its way was replaced while restoring; nothing was followed."
    )
    moved = package_of(profile) / "Settings.moved"
    assert sorted(p.name for p in moved.iterdir()) == ["settings.dat.LOG1"], "no temp file left"
    assert restored.status == "failed"
