"""WinFileOps (the Windows handle-based cleanup and restore) with kernel32 injected.

FakeKernel answers CreateFileW and friends from a real temporary tree, with Windows' rules
where they matter here: a link is followed unless FILE_FLAG_OPEN_REPARSE_POINT is given (and
then it is reported as a reparse point), a folder cannot be renamed while a handle on it was
opened without FILE_SHARE_DELETE, FileDispositionInfo deletes the opened file on close.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from esr_gui.core.remedy import Confirmation, Plan, RemedyResult
from esr_gui.platform.remedies import RemedyEngine
from esr_gui.platform.remedies.fsops import FILE_ATTRIBUTE_READONLY, FILE_ATTRIBUTE_REPARSE_POINT
from esr_gui.platform.remedies.win32_fs import (
    CREATE_NEW,
    FILE_ATTRIBUTE_DIRECTORY,
    FILE_FLAG_BACKUP_SEMANTICS,
    FILE_FLAG_OPEN_REPARSE_POINT,
    FILE_SHARE_DELETE,
    FILETIME_UNIX_EPOCH,
    BasicInfo,
    WinFileOps,
)
from tests.platform.test_remedies_support import make_engine, make_profile, package_of, tree_state

CLEANUP = "remedy.broker-plugin-cleanup"


@dataclass
class _Handle:
    path: str
    share: int
    fd: int | None
    ident: tuple[int, int]
    delete_on_close: bool = False


@dataclass
class FakeKernel:
    """The FileApi over a real tree, recording every CreateFileW."""

    handles: dict[int, _Handle] = field(default_factory=dict)
    opened: list[tuple[str, int, int, int]] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    next_handle: int = 100

    def create_file(self, path: str, access: int, share: int, disposition: int, flags: int) -> int:
        self.opened.append((path, share, disposition, flags))
        if disposition == CREATE_NEW:
            fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW)
        else:
            st = os.lstat(path) if flags & FILE_FLAG_OPEN_REPARSE_POINT else os.stat(path)
            if stat.S_ISDIR(st.st_mode) and not flags & FILE_FLAG_BACKUP_SEMANTICS:
                raise PermissionError(errno.EACCES, "a folder needs backup semantics", path)
            fd = os.open(path, os.O_RDWR) if stat.S_ISREG(st.st_mode) else None
        st = os.lstat(path)
        self.next_handle += 4
        self.handles[self.next_handle] = _Handle(path, share, fd, (st.st_dev, st.st_ino))
        return self.next_handle

    def basic_info(self, handle: int) -> BasicInfo:
        st = os.lstat(self.handles[handle].path)
        attributes = 0
        if stat.S_ISLNK(st.st_mode):
            attributes |= FILE_ATTRIBUTE_REPARSE_POINT
        if stat.S_ISDIR(st.st_mode):
            attributes |= FILE_ATTRIBUTE_DIRECTORY
        if not st.st_mode & stat.S_IWUSR:
            attributes |= FILE_ATTRIBUTE_READONLY
        return BasicInfo(attributes)

    def set_basic_info(self, handle: int, attributes: int, last_write: int) -> None:
        fd = self.handles[handle].fd
        assert fd is not None
        if attributes:
            os.chmod(fd, 0o444 if attributes & FILE_ATTRIBUTE_READONLY else 0o644)
        if last_write:
            ns = (last_write - FILETIME_UNIX_EPOCH) * 100
            os.utime(fd, ns=(ns, ns))

    def file_id(self, handle: int) -> tuple[int, int]:
        return self.handles[handle].ident

    def read(self, handle: int, size: int) -> bytes:
        fd = self.handles[handle].fd
        assert fd is not None
        return os.read(fd, size)

    def rewind(self, handle: int) -> None:
        fd = self.handles[handle].fd
        assert fd is not None
        os.lseek(fd, 0, os.SEEK_SET)

    def write(self, handle: int, data: bytes) -> int:
        fd = self.handles[handle].fd
        assert fd is not None
        return os.write(fd, data)

    def flush(self, handle: int) -> None:
        pass

    def set_delete(self, handle: int) -> None:
        self.handles[handle].delete_on_close = True

    def rename(self, handle: int, new_path: str) -> None:
        if os.path.lexists(new_path):
            raise FileExistsError(errno.EEXIST, "exists", new_path)
        os.rename(self.handles[handle].path, new_path)
        self.handles[handle].path = new_path

    def create_directory(self, path: str) -> None:
        os.mkdir(path)

    def exists(self, path: str) -> bool:
        return os.path.lexists(path)

    def close(self, handle: int) -> None:
        held = self.handles.pop(handle)
        if held.fd is not None:
            os.close(held.fd)
        if held.delete_on_close:
            os.unlink(held.path)
            self.deleted.append(held.path)

    def rename_folder(self, path: Path, new: Path) -> None:
        """What another program's MoveFileW would meet: a sharing violation while pinned."""
        for held in self.handles.values():
            if held.path == str(path) and not held.share & FILE_SHARE_DELETE:
                raise PermissionError(errno.EACCES, "sharing violation", str(path))
        os.rename(path, new)


def run(engine: RemedyEngine, plan: Plan) -> RemedyResult:
    return engine.run(plan, Confirmation.of(plan, via="cli-yes", by="tech"))


def test_the_cleanup_opens_without_following_and_deletes_by_handle(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    kernel = FakeKernel()
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=WinFileOps(kernel))
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert result.status == "done", result.message
    assert len(kernel.deleted) == 4 and not kernel.handles, "every handle was closed"
    assert all(flags & FILE_FLAG_OPEN_REPARSE_POINT for _, _, _, flags in kernel.opened)
    folders = [o for o in kernel.opened if o[3] & FILE_FLAG_BACKUP_SEMANTICS]
    assert folders and all(not share & FILE_SHARE_DELETE for _, share, _, _ in folders[:1])


def test_a_junction_is_refused_by_the_attributes_of_its_handle(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "settings.dat").write_bytes(b"not ours")
    kernel = FakeKernel()
    settings = package_of(profile) / "Settings"

    class SwapAfterBackup(WinFileOps):
        def replace(self, src: str, dst: str) -> None:
            super().replace(src, dst)  # the verified backup is in place: now swap
            os.rename(settings, tmp_path / "moved")
            settings.symlink_to(outside, target_is_directory=True)

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=SwapAfterBackup(kernel))
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    outcome = next(f for f in result.files if f.relative == "Settings/settings.dat")
    assert outcome.action == "left-unsafe"
    assert (
        outcome.message == f"Left in place: {settings} is a link or junction; it is not followed."
    )
    assert (outside / "settings.dat").read_bytes() == b"not ours"
    assert not kernel.handles


def test_a_pinned_folder_cannot_be_swapped_while_its_file_is_deleted(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    outside = tmp_path / "outside"
    outside.mkdir()
    kernel = FakeKernel()
    refused: list[str] = []

    class SwapTry(WinFileOps):
        def read_handle(self, opened):  # type: ignore[no-untyped-def]
            data = super().read_handle(opened)
            try:
                kernel.rename_folder(Path(opened.folder.path), tmp_path / "moved")
            except PermissionError as exc:
                refused.append(str(exc))
            return data

    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=SwapTry(kernel))
    before = tree_state(outside)
    result = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    # 4 reads for the backup, 4 for the hash before each delete: every swap was refused
    assert len(refused) == 8, "the folders are held without FILE_SHARE_DELETE"
    assert result.status == "done" and tree_state(outside) == before


def test_restore_writes_through_handles_and_sets_attributes(tmp_path: Path) -> None:
    profile = make_profile(tmp_path / "Users")
    target = package_of(profile) / "Settings" / "settings.dat"
    target.chmod(0o444)
    mtime = target.stat().st_mtime_ns
    before = tree_state(profile)
    kernel = FakeKernel()
    engine, _ = make_engine(tmp_path / "data", on_windows=False, fs=WinFileOps(kernel))
    done = run(engine, engine.plan(CLEANUP, profile=str(profile)))
    assert done.status == "done" and done.backup_path
    plan = engine.plan_restore(done.backup_path, str(profile))
    restored = run(engine, plan)
    assert restored.status == "done", restored.message
    assert tree_state(profile) == before and not kernel.handles
    assert not target.stat().st_mode & stat.S_IWUSR
    assert target.stat().st_mtime_ns // 100 == mtime // 100  # FILETIME: 100-ns ticks
    news = [o for o in kernel.opened if o[2] == CREATE_NEW]
    assert len(news) == 4 and all(o[3] & FILE_FLAG_OPEN_REPARSE_POINT for o in news)
