"""The cleanup's backup: a zip with a manifest, written, then read back and verified.

Nothing is deleted unless `write_backup` returned: a write error (a full disk included) or a
verification mismatch raises BackupError and removes the partial zip.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import ValidationError

from esr_gui.core.errors import EsrError
from esr_gui.core.remedy.backup_manifest import MANIFEST_MEMBER, BackupEntry, BackupManifest
from esr_gui.core.remedy.plans import FoundFile, ProfileRef
from esr_gui.platform.remedies.fsops import FileOps, describe, exists
from esr_gui.platform.remedies.safepath import read_target

BACKUP_FOLDER = "backups"
MAC_MEMBER = "manifest.hmac"
NO_KEY = (
    "{path} cannot be one of this tool's backups for this user on this computer: no backup "
    "was ever made here (there is no backup key in this tool's data folder)"
)
NO_MAC = (
    "{path} was not made by this tool on this computer (it carries no signature); "
    "nothing was restored"
)
BAD_MAC = (
    "{path} was changed after it was written, or was made by another user or on another "
    "computer (its signature does not match); nothing was restored"
)
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


class BackupError(EsrError):
    """The backup could not be written or did not verify; nothing was deleted."""


@dataclass
class BackupRequest:
    """What to back up and the context the manifest records."""

    remedy_id: str
    profile: ProfileRef
    package_dir: str
    files: tuple[FoundFile, ...]
    folder: str
    now: datetime
    user: str = ""
    computer: str = ""
    key: bytes = b""


@dataclass
class BackupResult:
    """The verified zip, its manifest, and the files that could not be read (left in place)."""

    path: str
    manifest: BackupManifest
    unreadable: list[tuple[FoundFile, OSError]] = field(default_factory=list)


def _zip_name(request: BackupRequest, fs: FileOps) -> str:
    stem = _UNSAFE_NAME.sub("_", os.path.basename(request.profile.path.rstrip("\\/")) or "profile")
    base = f"broker-plugin-{stem}-{request.now:%Y%m%d-%H%M%S}"
    candidate, number = os.path.join(request.folder, base + ".zip"), 1
    while exists(fs, candidate) or exists(fs, candidate + ".partial"):
        number += 1
        candidate = os.path.join(request.folder, f"{base}-{number}.zip")
    return candidate


def _collect(
    request: BackupRequest, fs: FileOps
) -> tuple[list[tuple[BackupEntry, bytes]], list[tuple[FoundFile, OSError]]]:
    """Read every file; a changed file aborts, an unreadable one is left out (and in place)."""
    readable: list[tuple[BackupEntry, bytes]] = []
    unreadable: list[tuple[FoundFile, OSError]] = []
    profile = request.profile.path
    for found in request.files:
        try:
            data = read_target(fs, profile, request.package_dir, found.relative)
        except OSError as exc:
            unreadable.append((found, exc))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if found.sha256 is not None and digest != found.sha256:
            raise BackupError(
                f"{found.path} changed after the preview; nothing was deleted. Preview again."
            )
        entry = BackupEntry(
            relative=found.relative,
            original=found.path,
            size=len(data),
            sha256=digest,
            read_only=found.read_only,
            mtime_ns=found.mtime_ns,
        )
        readable.append((entry, data))
    return readable, unreadable


def manifest_mac(key: bytes, manifest_json: bytes) -> str:
    """HMAC-SHA256 of the manifest's bytes (which hold every file's SHA-256), as hex."""
    return hmac.new(key, manifest_json, hashlib.sha256).hexdigest()


def _write_zip(
    path: str,
    manifest: BackupManifest,
    items: list[tuple[BackupEntry, bytes]],
    fs: FileOps,
    key: bytes,
) -> None:
    document = manifest.model_dump_json(indent=2).encode()
    with fs.open_new(path) as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for entry, data in items:
                archive.writestr(entry.member, data)
            archive.writestr(MANIFEST_MEMBER, document)
            archive.writestr(MAC_MEMBER, manifest_mac(key, document))
        fs.fsync(raw)


def _authenticate(path: str, archive: zipfile.ZipFile, document: bytes, key: bytes | None) -> None:
    """BackupError unless the zip's MAC is the HMAC of its manifest under `key`."""
    if key is None:
        raise BackupError(NO_KEY.format(path=path) + "; nothing was restored.")
    if MAC_MEMBER not in archive.namelist():
        raise BackupError(NO_MAC.format(path=path) + ".")
    said = archive.read(MAC_MEMBER).decode("ascii", "replace").strip()
    if not hmac.compare_digest(said, manifest_mac(key, document)):
        raise BackupError(BAD_MAC.format(path=path) + ".")


def verify_zip(
    path: str,
    fs: FileOps,
    expected: BackupManifest | None = None,
    *,
    key: bytes | None = None,
    require_key: bool = False,
) -> BackupManifest:
    """Read the zip back: with `require_key` its signature is checked first, then the manifest
    parses (and equals `expected`), every member's size and SHA-256 match it. BackupError
    otherwise."""
    try:
        with fs.open_read(path) as raw, zipfile.ZipFile(raw) as archive:
            document = archive.read(MANIFEST_MEMBER)
            if require_key:
                _authenticate(path, archive, document, key)
            manifest = BackupManifest.model_validate_json(document)
            if expected is not None and manifest != expected:
                raise BackupError(f"{path}: the manifest read back differs from the one written")
            for entry in manifest.files:
                data = archive.read(entry.member)
                if len(data) != entry.size or hashlib.sha256(data).hexdigest() != entry.sha256:
                    raise BackupError(f"{path}: {entry.relative} does not match its recorded hash")
    except BackupError:
        raise
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BackupError(f"{path} could not be read back: {_reason(exc)}") from None
    return manifest


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        where = ".".join(str(part) for part in exc.errors()[0]["loc"]) or "its top level"
        return f"its manifest is not one this tool writes (first problem at {where})"
    if isinstance(exc, OSError):
        return describe(exc)
    if isinstance(exc, zipfile.BadZipFile | KeyError):
        return "the zip is damaged or incomplete"
    return str(exc) or type(exc).__name__


def write_backup(request: BackupRequest, fs: FileOps) -> BackupResult:
    """Write and verify the backup zip; BackupError (nothing deleted, no partial left) if not."""
    items, unreadable = _collect(request, fs)
    manifest = BackupManifest(
        remedy_id=request.remedy_id,
        profile_dir=request.profile.path,
        package_dir=request.package_dir,
        profile_sid=request.profile.sid,
        created=request.now,
        user=request.user,
        computer=request.computer,
        files=tuple(entry for entry, _ in items),
    )
    if not items:
        return BackupResult(path="", manifest=manifest, unreadable=unreadable)
    try:
        fs.makedirs(request.folder)
        final = _zip_name(request, fs)
    except OSError as exc:
        raise BackupError(_not_written(exc)) from None
    partial = final + ".partial"
    try:
        _write_zip(partial, manifest, items, fs, request.key)
        verify_zip(partial, fs, manifest, key=request.key, require_key=True)
        fs.replace(partial, final)
    except OSError as exc:
        _discard(fs, partial)
        raise BackupError(_not_written(exc)) from None
    except BackupError as exc:
        _discard(fs, partial)
        # The partial file is gone: name what it was, not its temporary path.
        said = str(exc).replace(partial, "The backup just written", 1)
        raise BackupError(f"{said}. Nothing was deleted.") from None
    return BackupResult(path=final, manifest=manifest, unreadable=unreadable)


def _not_written(exc: OSError) -> str:
    return f"The backup could not be written ({describe(exc)}); nothing was deleted."


def _discard(fs: FileOps, partial: str) -> None:
    with contextlib.suppress(OSError):
        fs.unlink(partial)
