"""Putting a cleanup backup back, byte for byte, never overwriting a different file.

The target is never taken from the backup: the caller names a real profile (restore_target),
the BrokerPlugin folder is recomputed from it, and only the documented targets below it are
written (`Settings/settings.dat`, `AC/TokenBroker/Account(s)/...`). Every folder is opened
without following links and every write goes through a handle relative to the checked folder.
A file that is at the original place with other content is renamed to `<name>.before-restore`
first and reported; every written file is read back through its handle and hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import zipfile
from dataclasses import dataclass

from esr_gui.core.remedy.backup_manifest import (
    MANIFEST_MEMBER,
    BackupEntry,
    BackupManifest,
    documented_target,
)
from esr_gui.core.remedy.cleanup_plan import RestoreState
from esr_gui.core.remedy.results import FileOutcome, ResultStatus
from esr_gui.platform.remedies.backup import BackupError, verify_zip
from esr_gui.platform.remedies.fsops import FileOps, Folder, OpenFile, UnsafePathError, describe
from esr_gui.platform.remedies.inventory import PACKAGE_PARTS, package_dir_of
from esr_gui.platform.remedies.safepath import FolderChain, open_chain

MAX_BACKUP_BYTES = 256 * 1024 * 1024
ASIDE_SUFFIX = ".before-restore"
TEMP_SUFFIX = ".restore-tmp"
NOT_DOCUMENTED = "it is not a BrokerPlugin file this tool backs up; it is not written"
REPLACED = "a folder on its way was replaced while restoring; nothing was followed"


@dataclass(frozen=True)
class RestoreTarget:
    """Where a restore writes: a real profile and its BrokerPlugin folder, recomputed here."""

    profile_dir: str

    @property
    def package_dir(self) -> str:
        """`<profile>\\AppData\\Local\\Packages\\Microsoft.AAD.BrokerPlugin_cw5n1h2txyewy`."""
        return package_dir_of(self.profile_dir)

    def path_of(self, entry: BackupEntry) -> str:
        """The absolute place of a backed-up file in this profile."""
        return os.path.join(self.package_dir, *entry.relative.split("/"))

    def parts_of(self, entry: BackupEntry) -> list[str]:
        """The folder names from the profile down to the entry's folder."""
        return [*PACKAGE_PARTS, *entry.relative.split("/")[:-1]]


def open_backup(
    path: str, fs: FileOps, key: bytes | None
) -> tuple[BackupManifest, dict[str, bytes]]:
    """The manifest and every file's bytes, authenticated with `key` and verified against the
    manifest; BackupError, with a sentence, if not."""
    try:
        with fs.open_read(path) as raw, zipfile.ZipFile(raw) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_BACKUP_BYTES:
                raise BackupError(f"{path} is larger than any backup this tool writes.")
            if MANIFEST_MEMBER not in archive.namelist():
                raise BackupError(f"{path} is not a backup made by this tool (no manifest).")
    except (OSError, zipfile.BadZipFile) as exc:
        if isinstance(exc, FileNotFoundError):
            reason = "it does not exist"
        else:
            reason = describe(exc) if isinstance(exc, OSError) else "it is not a zip file"
        raise BackupError(f"{path} could not be opened: {reason}.") from None
    manifest = verify_zip(path, fs, key=key, require_key=True)
    with fs.open_read(path) as raw, zipfile.ZipFile(raw) as archive:
        contents = {e.relative: archive.read(e.member) for e in manifest.files}
    return manifest, contents


def restore_state(target: RestoreTarget, entry: BackupEntry, fs: FileOps) -> RestoreState:
    """What is at the entry's place in the target profile now, or why it is not safe to write."""
    path = target.path_of(entry)
    if not documented_target(entry.relative):
        return RestoreState(relative=entry.relative, path=path, exists=False, unsafe=NOT_DOCUMENTED)
    try:
        chain = open_chain(fs, target.profile_dir, target.parts_of(entry))
    except FileNotFoundError:
        return RestoreState(relative=entry.relative, path=path, exists=False)
    except OSError as exc:
        return RestoreState(relative=entry.relative, path=path, exists=False, unsafe=_why(exc))
    try:
        digest = _digest_of(fs, chain.last, os.path.basename(path))
    except OSError as exc:
        return RestoreState(relative=entry.relative, path=path, exists=True, unsafe=_why(exc))
    finally:
        chain.close()
    return RestoreState(
        relative=entry.relative, path=path, exists=digest is not None, sha256=digest
    )


def _why(exc: OSError) -> str:
    return str(exc) if isinstance(exc, UnsafePathError) else describe(exc)


def _digest_of(fs: FileOps, folder: Folder, name: str) -> str | None:
    """SHA-256 of `name` in `folder` read through its handle; None when nothing is there."""
    if not fs.entry_exists(folder, name):
        return None
    opened = fs.open_file(folder, name)
    try:
        return hashlib.sha256(fs.read_handle(opened)).hexdigest()
    finally:
        fs.close(opened)


def restore_states(
    target: RestoreTarget, manifest: BackupManifest, fs: FileOps
) -> list[RestoreState]:
    """The current state of every file's place in the target profile."""
    return [restore_state(target, entry, fs) for entry in manifest.files]


def restore_files(
    target: RestoreTarget, manifest: BackupManifest, contents: dict[str, bytes], fs: FileOps
) -> list[FileOutcome]:
    """Write every file back; a file that cannot be restored does not stop the others."""
    return [_restore_one(target, e, contents[e.relative], fs) for e in manifest.files]


def _outcome(
    path: str, entry: BackupEntry, action: str, message: str, aside: str | None = None
) -> FileOutcome:
    return FileOutcome.model_validate(
        {
            "relative": entry.relative,
            "path": path,
            "action": action,
            "message": message,
            "kept_aside": aside,
        }
    )


def _restore_one(
    target: RestoreTarget, entry: BackupEntry, data: bytes, fs: FileOps
) -> FileOutcome:
    path = target.path_of(entry)
    state = restore_state(target, entry, fs)
    if state.unsafe:
        return _outcome(path, entry, "left-unsafe", f"Not restored: {state.unsafe}.")
    if state.exists and state.sha256 == entry.sha256:
        return _outcome(path, entry, "already-present", "Already in place with the same content.")
    aside: str | None = None
    try:
        chain = open_chain(fs, target.profile_dir, target.parts_of(entry), create=True)
    except OSError as exc:
        return _outcome(path, entry, "left-unsafe", f"Not restored: {_why(exc)}.")
    try:
        aside = _keep_aside(fs, chain.last, os.path.basename(path))
        _write_verified(fs, chain, entry, data)
    except OSError as exc:
        return _outcome(path, entry, _failed(exc), f"Not restored: {_why(exc)}.", aside)
    except BackupError as exc:
        return _outcome(path, entry, "failed", f"Not restored: {exc}", aside)
    finally:
        chain.close()
    if aside:
        note = f"Restored; the different file that was there is kept as {os.path.basename(aside)}."
        return _outcome(path, entry, "restored", note, aside)
    return _outcome(path, entry, "restored", "Restored and checked (SHA-256 matches).")


def _failed(exc: OSError) -> str:
    return "left-unsafe" if isinstance(exc, UnsafePathError) else "failed"


def _keep_aside(fs: FileOps, folder: Folder, name: str) -> str | None:
    """Rename a different file at `name` to `<name>.before-restore[.N]`; its path, or None."""
    if not fs.entry_exists(folder, name):
        return None
    aside, number = name + ASIDE_SUFFIX, 1
    while fs.entry_exists(folder, aside):
        number += 1
        aside = f"{name}{ASIDE_SUFFIX}.{number}"
    opened = fs.open_file(folder, name)
    try:
        fs.rename_in(opened, aside)
    finally:
        fs.close(opened)
    return os.path.join(folder.path, aside)


def _write_verified(fs: FileOps, chain: FolderChain, entry: BackupEntry, data: bytes) -> None:
    folder, name = chain.last, entry.relative.split("/")[-1]
    temp = name + TEMP_SUFFIX
    _remove_leftover(fs, folder, temp)
    opened = fs.create_file(folder, temp)
    try:
        fs.write_handle(opened, data)
        if hashlib.sha256(fs.read_handle(opened)).hexdigest() != entry.sha256:
            raise BackupError("the written copy does not match the backup's hash")
        if entry.mtime_ns:
            fs.set_handle_mtime(opened, entry.mtime_ns)
        if not chain.unchanged():
            raise UnsafePathError(REPLACED)
        if fs.entry_exists(folder, name):
            raise BackupError("a file appeared at its place while restoring; left as it is")
        fs.rename_in(opened, name)
    except (OSError, BackupError):
        with contextlib.suppress(OSError):
            fs.delete_handle(opened)
        raise
    finally:
        with contextlib.suppress(OSError):
            fs.close(opened)
    if entry.read_only:
        _set_read_only(fs, folder, name)


def _remove_leftover(fs: FileOps, folder: Folder, temp: str) -> None:
    """Our own leftover from an interrupted restore (a plain file only) goes first."""
    if not fs.entry_exists(folder, temp):
        return
    opened = fs.open_file(folder, temp)
    try:
        fs.delete_handle(opened)
    finally:
        fs.close(opened)


def _set_read_only(fs: FileOps, folder: Folder, name: str) -> None:
    opened: OpenFile = fs.open_file(folder, name)
    try:
        mode = stat.S_IMODE(fs.handle_stat(opened).st_mode)
        fs.set_handle_mode(opened, mode & ~(stat.S_IWRITE | stat.S_IWGRP | stat.S_IWOTH))
    finally:
        fs.close(opened)


def restore_summary(files: list[FileOutcome], backup: str) -> tuple[ResultStatus, str]:
    """Done when every file is back (or already was); failed, with counts, otherwise."""
    bad = [f for f in files if f.action not in ("restored", "already-present")]
    if bad:
        back = len(files) - len(bad)
        return "failed", (
            f"{back} of {len(files)} file(s) are back; {len(bad)} could not be restored "
            "(see below)."
        )
    return "done", (
        f"Restored {len(files)} file(s) from {backup}; each one was checked against its SHA-256."
    )


def profile_folder_problem(fs: FileOps, path: str, *, named: bool) -> str | None:
    """None when `path` is a real folder; else one sentence (said once for the whole restore)."""
    try:
        fs.close(fs.open_folder(path))
    except FileNotFoundError:
        if named:
            return f"The profile folder {path} does not exist; nothing changed."
        return (
            f"The profile folder {path} no longer exists (it was removed after the backup was "
            "made); nothing was restored."
        )
    except OSError as exc:
        return f"The profile folder {path} cannot be used: {_why(exc)}. Nothing changed."
    return None
