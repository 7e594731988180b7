"""Where the audit log, the backups and the enabled-channels state live."""

from __future__ import annotations

import os
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
