"""Deleting the backed-up cleanup targets, one by one; a locked file does not stop the rest.

Each file is reached by handle (safepath.open_chain): the folders from the profile down are
opened without following links, the file is opened in the last one, hashed through its
handle and deleted through it. A folder swapped for a link at any point is never followed;
the swap is noticed before the delete and the file is left in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import stat

from esr_gui.core.remedy.backup_manifest import BackupEntry, BackupManifest
from esr_gui.core.remedy.results import FileOutcome
from esr_gui.platform.remedies.fsops import FileOps, OpenFile, UnsafePathError, describe, is_locked
from esr_gui.platform.remedies.safepath import FolderChain, folder_parts, open_chain

REPLACED = "a folder on its way was replaced while the cleanup ran; nothing was followed"


def delete_backed_up(manifest: BackupManifest, fs: FileOps) -> list[FileOutcome]:
    """Delete every file of a verified backup whose content is still the backed-up content."""
    return [_delete_one(entry, manifest, fs) for entry in manifest.files]


def _outcome(entry: BackupEntry, action: str, message: str = "") -> FileOutcome:
    return FileOutcome.model_validate(
        {"relative": entry.relative, "path": entry.original, "action": action, "message": message}
    )


def _delete_one(entry: BackupEntry, manifest: BackupManifest, fs: FileOps) -> FileOutcome:
    name = entry.relative.split("/")[-1]
    try:
        parts = folder_parts(manifest.profile_dir, manifest.package_dir, entry.relative)
        chain = open_chain(fs, manifest.profile_dir, parts)
    except UnsafePathError as exc:
        return _outcome(entry, "left-unsafe", f"Left in place: {exc}.")
    except OSError as exc:
        return _outcome(entry, "left-locked", f"Left in place: {describe(exc)}.")
    try:
        opened = fs.open_file(chain.last, name)
    except UnsafePathError as exc:
        chain.close()
        return _outcome(entry, "left-unsafe", f"Left in place: {exc}.")
    except OSError as exc:
        chain.close()
        return _outcome(entry, "left-locked", f"Left in place: {describe(exc)}.")
    try:
        return _check_and_delete(entry, chain, opened, fs)
    finally:
        with contextlib.suppress(OSError):
            fs.close(opened)
        chain.close()


def _check_and_delete(
    entry: BackupEntry, chain: FolderChain, opened: OpenFile, fs: FileOps
) -> FileOutcome:
    try:
        same = hashlib.sha256(fs.read_handle(opened)).hexdigest() == entry.sha256
    except OSError as exc:
        return _outcome(entry, "left-locked", f"Left in place: {describe(exc)}.")
    if not same:
        return _outcome(entry, "left-changed", "Left in place: it changed after the backup.")
    if not chain.unchanged():
        return _outcome(entry, "left-unsafe", f"Left in place: {REPLACED}.")
    mode = fs.handle_stat(opened).st_mode
    made_writable = entry.read_only and _make_writable(fs, opened, mode)
    try:
        fs.delete_handle(opened)
    except OSError as exc:
        if made_writable:
            _restore_mode(fs, opened, mode)
        if isinstance(exc, UnsafePathError):
            return _outcome(entry, "left-unsafe", f"Left in place: {exc}.")
        action = "left-locked" if is_locked(exc) else "failed"
        return _outcome(entry, action, f"Left in place: {describe(exc)}.")
    note = "Deleted (its read-only flag was cleared first)." if made_writable else "Deleted."
    return _outcome(entry, "deleted", note)


def _make_writable(fs: FileOps, opened: OpenFile, mode: int) -> bool:
    try:
        fs.set_handle_mode(opened, stat.S_IMODE(mode) | stat.S_IWRITE | stat.S_IWUSR)
    except OSError:
        return False
    return True


def _restore_mode(fs: FileOps, opened: OpenFile, mode: int) -> None:
    with contextlib.suppress(OSError):
        fs.set_handle_mode(opened, stat.S_IMODE(mode))
