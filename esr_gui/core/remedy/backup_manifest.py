"""The manifest inside a cleanup backup zip: enough to put every file back byte for byte."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, field_validator

BACKUP_FORMAT: Literal["esr-remedy-backup"] = "esr-remedy-backup"
MANIFEST_MEMBER = "manifest.json"
FILES_PREFIX = "files/"
_SHA256 = re.compile(r"[0-9a-f]{64}")


def safe_relative(value: str) -> str:
    """A `/`-separated path below the package folder: no `..`, no root, no drive, no empties."""
    parts = value.split("/")
    bad = (
        not value
        or "\\" in value
        or ":" in value
        or "\x00" in value
        or any(p in ("", ".", "..") for p in parts)
    )
    if bad:
        raise ValueError(f"{value!r} is not a safe path inside the package folder")
    return value


MAX_ACCOUNT_DEPTH = 8


def documented_target(relative: str) -> bool:
    """True for the files the cleanup backs up (and a restore may write): `Settings/settings.dat`
    and anything below `AC/TokenBroker/Account` or `Accounts` (names ignoring case)."""
    parts = relative.casefold().split("/")
    if parts == ["settings", "settings.dat"]:
        return True
    return (
        3 < len(parts) <= 3 + MAX_ACCOUNT_DEPTH
        and parts[:2] == ["ac", "tokenbroker"]
        and parts[2] in ("account", "accounts")
    )


class BackupEntry(BaseModel):
    """One backed-up file: where it was (absolute and relative), its size, hash and flags."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    relative: str
    original: str
    size: int
    sha256: str
    read_only: bool = False
    mtime_ns: int = 0

    @field_validator("relative")
    @classmethod
    def _safe(cls, value: str) -> str:
        return safe_relative(value)

    @field_validator("sha256")
    @classmethod
    def _hex(cls, value: str) -> str:
        if not _SHA256.fullmatch(value):
            raise ValueError("sha256 must be 64 lower-case hex digits")
        return value

    @property
    def member(self) -> str:
        """The zip member holding the file's bytes."""
        return FILES_PREFIX + self.relative


class BackupManifest(BaseModel):
    """`manifest.json` of a backup: which remedy, which profile, when, and every file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["esr-remedy-backup"] = BACKUP_FORMAT
    version: Literal[1] = 1
    remedy_id: str
    profile_dir: str
    package_dir: str
    profile_sid: str | None = None
    created: AwareDatetime
    user: str = ""
    computer: str = ""
    files: tuple[BackupEntry, ...] = ()
