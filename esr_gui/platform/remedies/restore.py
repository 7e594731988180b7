"""Putting a cleanup backup back, byte for byte, never overwriting a different file.

A file that is at the original place with other content is renamed to
`<name>.before-restore` first and reported; every written file is read back and hashed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import zipfile

from esr_gui.core.remedy.backup_manifest import MANIFEST_MEMBER, BackupEntry, BackupManifest
from esr_gui.core.remedy.cleanup_plan import RestoreState
from esr_gui.core.remedy.results import FileOutcome, ResultStatus
from esr_gui.platform.remedies.backup import BackupError, verify_zip
from esr_gui.platform.remedies.fsops import FileOps, describe, exists, read_all
from esr_gui.platform.remedies.safepath import chain_problem, file_problem

MAX_BACKUP_BYTES = 256 * 1024 * 1024
ASIDE_SUFFIX = ".before-restore"
TEMP_SUFFIX = ".restore-tmp"


def open_backup(path: str, fs: FileOps) -> tuple[BackupManifest, dict[str, bytes]]:
    """The manifest and every file's bytes, verified against the manifest; BackupError if not."""
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
    manifest = verify_zip(path, fs)
    with fs.open_read(path) as raw, zipfile.ZipFile(raw) as archive:
        contents = {e.relative: archive.read(e.member) for e in manifest.files}
    return manifest, contents


def _expected_path(manifest: BackupManifest, entry: BackupEntry) -> str:
    return os.path.join(manifest.package_dir, *entry.relative.split("/"))


def restore_state(manifest: BackupManifest, entry: BackupEntry, fs: FileOps) -> RestoreState:
    """What is at the entry's original place now, or why that place is not safe to write."""
    path = entry.original
    unsafe: str | None = None
    if os.path.normcase(_expected_path(manifest, entry)) != os.path.normcase(path):
        unsafe = "its recorded path does not lie where the manifest's package folder says"
    unsafe = unsafe or chain_problem(
        fs, manifest.profile_dir, manifest.package_dir, path, allow_missing=True
    )
    if unsafe or not exists(fs, path):
        return RestoreState(relative=entry.relative, path=path, exists=False, unsafe=unsafe)
    problem = file_problem(fs, path)
    if problem:
        return RestoreState(relative=entry.relative, path=path, exists=True, unsafe=problem)
    try:
        digest = hashlib.sha256(read_all(fs, path)).hexdigest()
    except OSError as exc:
        return RestoreState(relative=entry.relative, path=path, exists=True, unsafe=describe(exc))
    return RestoreState(relative=entry.relative, path=path, exists=True, sha256=digest)


def restore_states(manifest: BackupManifest, fs: FileOps) -> list[RestoreState]:
    """The current state of every file's original place."""
    return [restore_state(manifest, entry, fs) for entry in manifest.files]


def restore_files(
    manifest: BackupManifest, contents: dict[str, bytes], fs: FileOps
) -> list[FileOutcome]:
    """Write every file back; a file that cannot be restored does not stop the others."""
    return [_restore_one(manifest, e, contents[e.relative], fs) for e in manifest.files]


def _outcome(
    entry: BackupEntry, action: str, message: str, aside: str | None = None
) -> FileOutcome:
    return FileOutcome.model_validate(
        {
            "relative": entry.relative,
            "path": entry.original,
            "action": action,
            "message": message,
            "kept_aside": aside,
        }
    )


def _restore_one(
    manifest: BackupManifest, entry: BackupEntry, data: bytes, fs: FileOps
) -> FileOutcome:
    state = restore_state(manifest, entry, fs)
    if state.unsafe:
        return _outcome(entry, "left-unsafe", f"Not restored: {state.unsafe}.")
    if state.exists and state.sha256 == entry.sha256:
        return _outcome(entry, "already-present", "Already in place with the same content.")
    aside: str | None = None
    try:
        _make_parents(fs, manifest, entry.original)
        if state.exists:
            aside = _keep_aside(fs, entry.original)
        _write_verified(fs, entry, data)
    except OSError as exc:
        return _outcome(entry, "failed", f"Not restored: {describe(exc)}.", aside)
    except BackupError as exc:
        return _outcome(entry, "failed", f"Not restored: {exc}", aside)
    if aside:
        note = f"Restored; the different file that was there is kept as {os.path.basename(aside)}."
        return _outcome(entry, "restored", note, aside)
    return _outcome(entry, "restored", "Restored and checked (SHA-256 matches).")


def _make_parents(fs: FileOps, manifest: BackupManifest, target: str) -> None:
    missing: list[str] = []
    folder = os.path.dirname(target)
    while not exists(fs, folder) and os.path.normcase(folder) != os.path.normcase(
        manifest.profile_dir
    ):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for path in reversed(missing):
        fs.mkdir(path)
    problem = chain_problem(fs, manifest.profile_dir, manifest.package_dir, target)
    if problem:
        raise BackupError(problem)


def _keep_aside(fs: FileOps, path: str) -> str:
    aside, number = path + ASIDE_SUFFIX, 1
    while exists(fs, aside):
        number += 1
        aside = f"{path}{ASIDE_SUFFIX}.{number}"
    fs.rename(path, aside)
    return aside


def _write_verified(fs: FileOps, entry: BackupEntry, data: bytes) -> None:
    temp = entry.original + TEMP_SUFFIX
    if exists(fs, temp) and file_problem(fs, temp) is None:
        fs.unlink(temp)  # our own leftover from an interrupted restore
    try:
        with fs.open_new(temp) as handle:
            handle.write(data)
            fs.fsync(handle)
        if hashlib.sha256(read_all(fs, temp)).hexdigest() != entry.sha256:
            raise BackupError("the written copy does not match the backup's hash")
        if entry.mtime_ns:
            fs.set_mtime(temp, entry.mtime_ns)
        if exists(fs, entry.original):
            raise BackupError("a file appeared at its place while restoring; left as it is")
        fs.replace(temp, entry.original)
    except (OSError, BackupError):
        with contextlib.suppress(OSError):
            fs.unlink(temp)
        raise
    if entry.read_only:
        mode = stat.S_IMODE(fs.lstat(entry.original).st_mode)
        fs.chmod(entry.original, mode & ~(stat.S_IWRITE | stat.S_IWGRP | stat.S_IWOTH))


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
