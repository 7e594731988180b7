"""Where the audit log, the backups and the enabled-channels state live."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import platformdirs

APP_NAME = "ESR Troubleshooter"
DATA_DIR_ENV = "ESR_TROUBLESHOOTER_DATA_DIR"


def data_dir(explicit: str | Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """An injected path first, then $ESR_TROUBLESHOOTER_DATA_DIR, then the platformdirs
    user data folder (`%LOCALAPPDATA%\\ESR Troubleshooter\\ESR Troubleshooter` on Windows)."""
    if explicit:
        return Path(explicit)
    env = os.environ if environ is None else environ
    override = env.get(DATA_DIR_ENV, "").strip()
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))


BACKUP_KEY_FILE = "backup-key"
KEY_BYTES = 32


def backup_key(folder: Path, *, create: bool) -> bytes | None:
    """The per-user random key that signs this tool's backups, kept in the data folder (never
    in a backup). Made on first use when `create`; None when there is none yet. OSError when
    it cannot be read or made; ValueError when the file is not a key this tool wrote."""
    path = folder / BACKUP_KEY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not create:
            return None
        folder.mkdir(parents=True, exist_ok=True)
        data = secrets.token_bytes(KEY_BYTES)
        # O_EXCL: two runs at once never sign with two different keys.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            data = path.read_bytes()
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    if len(data) != KEY_BYTES:
        raise ValueError(f"{path} is not a backup key written by this tool")
    return data
