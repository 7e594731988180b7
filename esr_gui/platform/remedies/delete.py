"""Deleting the backed-up cleanup targets, one by one; a locked file does not stop the rest."""

from __future__ import annotations

import contextlib
import hashlib
import stat

from esr_gui.core.remedy.backup_manifest import BackupEntry, BackupManifest
from esr_gui.core.remedy.results import FileOutcome
from esr_gui.platform.remedies.fsops import FileOps, describe, is_locked, read_all
from esr_gui.platform.remedies.safepath import chain_problem, file_problem


def delete_backed_up(manifest: BackupManifest, fs: FileOps) -> list[FileOutcome]:
    """Delete every file of a verified backup whose content is still the backed-up content."""
    return [_delete_one(entry, manifest, fs) for entry in manifest.files]


def _outcome(entry: BackupEntry, action: str, message: str = "") -> FileOutcome:
    return FileOutcome.model_validate(
        {"relative": entry.relative, "path": entry.original, "action": action, "message": message}
    )


def _delete_one(entry: BackupEntry, manifest: BackupManifest, fs: FileOps) -> FileOutcome:
    path = entry.original
    problem = chain_problem(fs, manifest.profile_dir, manifest.package_dir, path)
    problem = problem or file_problem(fs, path)
    if problem:
        return _outcome(entry, "left-unsafe", f"Left in place: {problem}.")
    try:
        same = hashlib.sha256(read_all(fs, path)).hexdigest() == entry.sha256
    except OSError as exc:
        return _outcome(entry, "left-locked", f"Left in place: {describe(exc)}.")
    if not same:
        return _outcome(entry, "left-changed", "Left in place: it changed after the backup.")
    mode = fs.lstat(path).st_mode
    made_writable = entry.read_only and _make_writable(fs, path, mode)
    try:
        fs.unlink(path)
    except OSError as exc:
        if made_writable:
            _restore_mode(fs, path, mode)
        action = "left-locked" if is_locked(exc) else "failed"
        return _outcome(entry, action, f"Left in place: {describe(exc)}.")
    note = "Deleted (its read-only flag was cleared first)." if made_writable else "Deleted."
    return _outcome(entry, "deleted", note)


def _make_writable(fs: FileOps, path: str, mode: int) -> bool:
    try:
        fs.chmod(path, stat.S_IMODE(mode) | stat.S_IWRITE | stat.S_IWUSR)
    except OSError:
        return False
    return True


def _restore_mode(fs: FileOps, path: str, mode: int) -> None:
    with contextlib.suppress(OSError):
        fs.chmod(path, stat.S_IMODE(mode))
